package io.strata.core.ttl;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random puts, deletes and batches on a database with a TTL and an injected clock, against a
 * {@link TreeMap} of values with their write times: after every step of the clock, gets and scans
 * in both directions return exactly the entries not expired; after a full compaction the base
 * database holds no entry that had expired when it ran; across reopens, some with another TTL.
 * Under {@code leveled} and {@code tiered}. The seed is printed; replay with
 * {@code -Dstrata.seed=N}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TtlModelTest {
  @TempDir Path dir;

  /** A model entry: the value and its write time in seconds. */
  private record Entry(byte[] value, long writeTime) {}

  @Test
  void matchesModelUnderLeveled() throws Exception {
    run("leveled", Map.of("max_bytes_for_level_base", Integer.toString(256 << 10),
        "target_file_size_base", Integer.toString(64 << 10)));
  }

  @Test
  void matchesModelUnderTiered() throws Exception {
    run("tiered", Map.of("min_sstable_size", Integer.toString(1 << 20)));
  }

  private void run(String strategy, Map<String, String> strategyOptions) throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int ops = Integer.getInteger("strata.ttl.ops", 10_000);
    System.out.println("TtlModelTest " + strategy + " seed=" + seed + " ops=" + ops);
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
          byte[] k = key(rnd);
          byte[] v = value(rnd);
          db.put(k, v);
          model.put(k, new Entry(v, now));
        } else if (op < 700) {
          byte[] k = key(rnd);
          db.delete(k);
          model.remove(k);
        } else if (op < 780) {
          WriteBatch b = new WriteBatch();
          int n = 1 + rnd.nextInt(10);
          for (int j = 0; j < n; j++) {
            byte[] k = key(rnd);
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
          byte[] k = key(rnd);
          Entry e = model.get(k);
          byte[] expected = e == null || now > e.writeTime() + ttl ? null : e.value();
          assertThat(db.get(k)).as("get %s seed=%s op=%s", new String(k), seed, i)
              .isEqualTo(expected);
        } else if (op < 985) {
          clock.advanceSeconds(rnd.nextInt(8));
        } else if (op < 990) {
          checkScans(db, model, clock.millis() / 1000, ttl, seed, i);
        } else if (op < 995) {
          fullCompaction(db, model, now, rnd);
          checkCompacted(((TtlDb) db).baseDb(), now, ttl, seed, i);
        } else {
          if (rnd.nextInt(3) == 0) {
            // Another TTL: allowed. Values a compaction removed under the old one stay removed,
            // so the old one's expired values are compacted away first and leave the model.
            fullCompaction(db, model, now, rnd);
            long oldTtl = ttl;
            model.values().removeIf(e -> now > e.writeTime() + oldTtl);
            ttl = 20 + rnd.nextInt(80);
          }
          db.close();
          db = Strata.open(dir, builder.ttl(Duration.ofSeconds(ttl)).build());
        }
      }
      long now = clock.millis() / 1000;
      checkScans(db, model, now, ttl, seed, ops);
      clock.advanceSeconds(ttl + 1);
      now = clock.millis() / 1000;
      checkScans(db, model, now, ttl, seed, ops);
      assertThat(db.newIterator()).satisfies(it -> {
        it.seekToFirst();
        assertThat(it.isValid()).as("everything expired").isFalse();
        it.close();
      });
      fullCompaction(db, model, now, rnd);
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
      Random rnd) throws IOException {
    db.flush();
    byte[] k = key(rnd);
    byte[] v = value(rnd);
    db.put(k, v);
    model.put(k, new Entry(v, writeTime));
    db.compactRange(null, null);
  }

  /** Full scans forward and backward, and a seek, against the live part of the model. */
  private static void checkScans(Db db, TreeMap<byte[], Entry> model, long now, long ttl,
      long seed, int op) throws IOException {
    List<String> expected = new ArrayList<>();
    model.forEach((k, e) -> {
      if (now <= e.writeTime() + ttl) {
        expected.add(new String(k) + "=" + new String(e.value()));
      }
    });
    List<String> forward = new ArrayList<>();
    List<String> backward = new ArrayList<>();
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        forward.add(new String(it.key()) + "=" + new String(it.value()));
      }
      for (it.seekToLast(); it.isValid(); it.prev()) {
        backward.add(0, new String(it.key()) + "=" + new String(it.value()));
      }
      it.seek("k0500".getBytes());
      String firstAtOrAfter = expected.stream().filter(s -> s.compareTo("k0500") >= 0)
          .findFirst().orElse(null);
      assertThat(it.isValid() ? new String(it.key()) + "=" + new String(it.value()) : null)
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
                new String(it.key()), writeTime, now, seed, op,
                base.getProperty("strata.sstables").orElse(""))
            .isFalse();
      }
    }
  }

  private static byte[] key(Random rnd) {
    return String.format("k%04d", rnd.nextInt(1000)).getBytes();
  }

  private static byte[] value(Random rnd) {
    byte[] v = new byte[rnd.nextInt(200)];
    rnd.nextBytes(v);
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) ('a' + (v[i] & 15));
    }
    return v;
  }
}
