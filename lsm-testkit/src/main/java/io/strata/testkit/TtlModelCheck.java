package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import io.strata.core.Strata;
import io.strata.core.ttl.TtlDb;
import io.strata.core.ttl.TtlValues;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Random puts, deletes and batches on a database with a TTL and an injected clock, against a
 * {@link TreeMap} of values with their write times: after every step of the clock, gets and scans
 * in both directions return exactly the entries not expired; after a full compaction the base
 * database holds no entry that had expired when it ran; across reopens, some with another TTL.
 * Runs under any strategy, with the keys a strategy needs (the {@code time-window} example
 * reads a time from each key). The seed is printed; replay with {@code -Dstrata.seed=N}; the
 * number of steps is {@code -Dstrata.ttl.ops=N} (default 10,000). Stateless.
 */
public final class TtlModelCheck {
  /** A model entry: the value and its write time in seconds. */
  private record Entry(byte[] value, long writeTime) {}

  private TtlModelCheck() {}

  /**
   * Runs the check on a new database in {@code dir}.
   *
   * @param dir an empty directory for the database
   * @param strategy the compaction strategy's name
   * @param strategyOptions its options
   * @param keys draws a key; a few hundred to a few thousand distinct keys suit the check
   * @param rewritesAll whether the strategy's {@code compactRange(null, null)} after a flush
   *     rewrites every table (then no expired value may survive it); false for a strategy that
   *     leaves some tables as they are, such as {@code time-window} with its closed windows;
   *     the TTL then stays the same across reopens
   * @throws Exception if the engine fails; an {@code AssertionError} names the seed and step of
   *     the first mismatch
   */
  public static void run(Path dir, String strategy, Map<String, String> strategyOptions,
      Function<Random, byte[]> keys, boolean rewritesAll) throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int ops = Integer.getInteger("strata.ttl.ops", 10_000);
    System.out.println("TtlModelCheck " + strategy + " seed=" + seed + " ops=" + ops);
    Random rnd = new Random(seed);
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    long ttl = 50;
    Options.Builder builder = Options.builder().writeBufferSizeBytes(64 << 10)
        .blockSizeBytes(1024).compactionStrategy(strategy).strategyOptions(strategyOptions)
        .clock(clock);
    TreeMap<byte[], Entry> model = new TreeMap<>(Arrays::compareUnsigned);
    Db db = Strata.open(dir, builder.ttl(Duration.ofSeconds(ttl)).build());
    try {
      for (int i = 0; i < ops; i++) {
        long now = clock.millis() / 1000;
        int op = rnd.nextInt(1000);
        if (op < 600) {
          byte[] k = keys.apply(rnd);
          byte[] v = value(rnd);
          db.put(k, v);
          model.put(k, new Entry(v, now));
        } else if (op < 700) {
          byte[] k = keys.apply(rnd);
          db.delete(k);
          model.remove(k);
        } else if (op < 780) {
          WriteBatch b = new WriteBatch();
          int n = 1 + rnd.nextInt(10);
          for (int j = 0; j < n; j++) {
            byte[] k = keys.apply(rnd);
            if (rnd.nextInt(4) == 0) {
              b.delete(k);
              model.remove(k);
            } else {
              byte[] v = value(rnd);
              b.put(k, v);
              model.put(k, new Entry(v, now));
            }
          }
          db.write(b);
        } else if (op < 900) {
          byte[] k = keys.apply(rnd);
          Entry e = model.get(k);
          byte[] expected = e == null || now > e.writeTime() + ttl ? null : e.value();
          assertThat(db.get(k)).as("get %s seed=%s op=%s", hex(k), seed, i)
              .isEqualTo(expected);
        } else if (op < 985) {
          clock.advanceSeconds(rnd.nextInt(8));
        } else if (op < 990) {
          checkScans(db, model, clock.millis() / 1000, ttl, keys.apply(rnd), seed, i);
        } else if (op < 995) {
          fullCompaction(db, model, now, keys, rnd);
          if (rewritesAll) {
            checkCompacted(((TtlDb) db).baseDb(), now, ttl, seed, i);
          }
        } else {
          if (rewritesAll && rnd.nextInt(3) == 0) {
            // Another TTL: allowed. Values a compaction removed under the old one stay removed,
            // so the old one's expired values are compacted away first and leave the model
            // (which needs a compaction that rewrites every table).
            fullCompaction(db, model, now, keys, rnd);
            long oldTtl = ttl;
            model.values().removeIf(e -> now > e.writeTime() + oldTtl);
            ttl = 20 + rnd.nextInt(80);
          }
          db.close();
          db = Strata.open(dir, builder.ttl(Duration.ofSeconds(ttl)).build());
        }
      }
      long now = clock.millis() / 1000;
      checkScans(db, model, now, ttl, keys.apply(rnd), seed, ops);
      clock.advanceSeconds(ttl + 1);
      now = clock.millis() / 1000;
      checkScans(db, model, now, ttl, keys.apply(rnd), seed, ops);
      assertThat(db.newIterator()).satisfies(it -> {
        it.seekToFirst();
        assertThat(it.isValid()).as("everything expired").isFalse();
        it.close();
      });
      fullCompaction(db, model, now, keys, rnd);
      if (!rewritesAll) {
        checkScans(db, model, now, ttl, keys.apply(rnd), seed, ops);
        return;
      }
      checkCompacted(((TtlDb) db).baseDb(), now, ttl, seed, ops);
      int left = 0;
      try (DbIterator it = ((TtlDb) db).baseDb().newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          left++;
        }
      }
      assertThat(left).as("only the last put is left after the compaction").isEqualTo(1);
    } finally {
      db.close();
    }
  }

  /**
   * A flush, a put written at {@code writeTime} (the clock's time), then a compaction of the
   * whole key range. The flush and the put make two tables at least, so that under
   * {@code tiered}, whose manual compaction merges sorted runs only when there are two or more,
   * every table is rewritten (a flush alone does not filter).
   */
  private static void fullCompaction(Db db, TreeMap<byte[], Entry> model, long writeTime,
      Function<Random, byte[]> keys, Random rnd) throws IOException {
    db.flush();
    byte[] k = keys.apply(rnd);
    byte[] v = value(rnd);
    db.put(k, v);
    model.put(k, new Entry(v, writeTime));
    db.compactRange(null, null);
  }

  /** Full scans forward and backward, and a seek to {@code target}, against the live model. */
  private static void checkScans(Db db, TreeMap<byte[], Entry> model, long now, long ttl,
      byte[] target, long seed, int op) throws IOException {
    List<String> expected = new ArrayList<>();
    String firstAtOrAfter = null;
    for (Map.Entry<byte[], Entry> m : model.entrySet()) {
      Entry e = m.getValue();
      if (now <= e.writeTime() + ttl) {
        String s = hex(m.getKey()) + "=" + hex(e.value());
        expected.add(s);
        if (firstAtOrAfter == null && Arrays.compareUnsigned(m.getKey(), target) >= 0) {
          firstAtOrAfter = s;
        }
      }
    }
    List<String> forward = new ArrayList<>();
    List<String> backward = new ArrayList<>();
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        forward.add(hex(it.key()) + "=" + hex(it.value()));
      }
      for (it.seekToLast(); it.isValid(); it.prev()) {
        backward.add(0, hex(it.key()) + "=" + hex(it.value()));
      }
      it.seek(target);
      assertThat(it.isValid() ? hex(it.key()) + "=" + hex(it.value()) : null)
          .as("seek seed=%s op=%s", seed, op).isEqualTo(firstAtOrAfter);
    }
    assertThat(forward).as("forward scan seed=%s op=%s", seed, op).isEqualTo(expected);
    assertThat(backward).as("backward scan seed=%s op=%s", seed, op).isEqualTo(expected);
  }

  /** The base database holds no value that had expired when the full compaction ran. */
  private static void checkCompacted(Db base, long now, long ttl, long seed, int op)
      throws IOException {
    try (DbIterator it = base.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        long writeTime = TtlValues.writeTime(it.value(), "test");
        assertThat(now > writeTime + ttl)
            .as("expired %s (written %s, now %s) left after a full compaction, seed=%s op=%s\n%s",
                hex(it.key()), writeTime, now, seed, op,
                base.getProperty("strata.sstables").orElse(""))
            .isFalse();
      }
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static byte[] value(Random rnd) {
    byte[] v = new byte[rnd.nextInt(200)];
    rnd.nextBytes(v);
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) ('a' + (v[i] & 15));
    }
    return v;
  }

  /** A wall clock the check moves by hand. Thread-safe. */
  private static final class ManualClock extends Clock {
    private final AtomicLong millis;

    ManualClock(long startMillis) {
      this.millis = new AtomicLong(startMillis);
    }

    void advanceSeconds(long seconds) {
      millis.addAndGet(seconds * 1000);
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new IllegalArgumentException("a manual clock is in UTC only, not " + zone);
    }
  }
}
