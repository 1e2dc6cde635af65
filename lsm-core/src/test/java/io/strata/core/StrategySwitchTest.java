package io.strata.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reopens one database with leveled, tiered, leveled and tiered again, while writer threads
 * change their own key stripes and a reader checks a stripe written earlier: every read matches
 * the model, each strategy reshapes the other's tree in steps (never one compaction of every
 * file), converges to its own shape, and stats name the switch and each file's writer. Seed
 * printed; replay with {@code -Dstrata.seed=N}; more operations per writer with
 * {@code -Dstrata.switch.ops=N}.
 */
class StrategySwitchTest {
  private static final int WRITERS = 2;

  @TempDir Path dir;

  @Test
  void switchesBothWaysUnderAConcurrentWorkloadWithEveryKeyIntact() throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int ops = Integer.getInteger("strata.switch.ops", 4000);
    System.out.println("StrategySwitchTest seed=" + seed + " ops=" + ops);
    String[] phases = {"leveled", "tiered", "leveled", "tiered"};
    // One model per stripe; stripe s holds keys "sS-NNNN".
    List<TreeMap<String, byte[]>> stripes = new ArrayList<>();
    for (int i = 0; i < phases.length * WRITERS; i++) {
      stripes.add(new TreeMap<>());
    }
    long checkedReads = 0;
    for (int phase = 0; phase < phases.length; phase++) {
      String strategy = phases[phase];
      RecordingStrategyProvider recorder = new RecordingStrategyProvider(strategy);
      Options.Builder b = Options.builder().writeBufferSizeBytes(64 << 10).blockSizeBytes(1024)
          .compactionStrategy(strategy).compactionStrategyProvider(recorder);
      if (strategy.equals("leveled")) {
        b.strategyOption("max_bytes_for_level_base", Integer.toString(256 << 10))
            .strategyOption("target_file_size_base", Integer.toString(64 << 10));
      }
      try (Db db = Strata.open(dir, b.build())) {
        boolean foreignLevel0AtOpen = DbTesting.currentVersion(db).files(0).stream()
            .anyMatch(FileMetaData::hasSequenceRange);
        // Right after the switch, with reshaping under way: everything readable.
        for (TreeMap<String, byte[]> stripe : stripes) {
          checkStripe(db, stripe);
        }
        Random rnd = new Random(seed + phase);
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int w = 0; w < WRITERS; w++) {
          int stripeId = phase * WRITERS + w;
          long writerSeed = rnd.nextLong();
          threads.add(new Thread(() -> {
            try {
              write(db, stripeId, stripes.get(stripeId), new Random(writerSeed), ops);
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            }
          }, "writer-" + w));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        int frozenStripes = phase * WRITERS;
        long readerSeed = rnd.nextLong();
        Thread reader = new Thread(() -> {
          Random r = new Random(readerSeed);
          try {
            while (writing.get() && frozenStripes > 0) {
              int stripeId = r.nextInt(frozenStripes);
              TreeMap<String, byte[]> stripe = stripes.get(stripeId);
              if (r.nextInt(50) == 0) {
                checkStripe(db, stripe);
              } else {
                String k = key(stripeId, r.nextInt(500));
                assertThat(db.get(bytes(k))).as("get %s", k).isEqualTo(stripe.get(k));
              }
              reads.incrementAndGet();
            }
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          }
        }, "reader");
        threads.forEach(Thread::start);
        reader.start();
        for (Thread t : threads) {
          t.join();
        }
        writing.set(false);
        reader.join();
        if (failure.get() != null) {
          throw new AssertionError("seed " + seed + ", phase " + phase, failure.get());
        }
        checkedReads += reads.get();
        DbTesting.flushMemTable(db);
        DbTesting.awaitQuiescence(db);
        for (TreeMap<String, byte[]> stripe : stripes) {
          checkStripe(db, stripe);
        }
        Version v = DbTesting.currentVersion(db);
        assertConverged(strategy, v);
        int steps = assertSteppedReshape(strategy, recorder);
        if (strategy.equals("leveled") && foreignLevel0AtOpen) {
          assertThat(steps).as("leveled reshaping steps after tiered").isPositive();
        }
        String stats = db.getProperty("strata.stats").orElseThrow();
        assertThat(stats).contains("files by writer");
        if (phase > 0) {
          // Leveled records nothing, so the first switch names the layout it found.
          String previous = phase == 1 ? Recovery.UNRECORDED_LAYOUT : phases[phase - 1];
          assertThat(db.getProperty("strata.strategy-switch").orElseThrow())
              .isEqualTo(strategy + " (switched from " + previous + ")");
        }
      }
    }
    System.out.println("StrategySwitchTest checked reads during writes: " + checkedReads);
    try (Db db = Strata.open(dir, Options.builder().compactionStrategy("tiered").build())) {
      for (TreeMap<String, byte[]> stripe : stripes) {
        checkStripe(db, stripe);
      }
    }
  }

  /** The strategy's own shape: nothing left to pick, and level 0 in its own form. */
  private static void assertConverged(String strategy, Version v) {
    for (FileMetaData f : v.files(0)) {
      if (strategy.equals("leveled")) {
        assertThat(f.hasSequenceRange()).as("level-0 file %s left by tiered", f.fileNumber())
            .isFalse();
      } else {
        assertThat(f.hasSequenceRange()).as("level-0 file %s without a range", f.fileNumber())
            .isTrue();
      }
    }
  }

  /**
   * While the tree still held files the previous strategy wrote: no compaction took every file
   * of a tree of four or more while writers were held back, and each of leveled's reshaping
   * steps took one level-0 file.
   */
  private static int assertSteppedReshape(String strategy,
      RecordingStrategyProvider recorder) {
    int reshapeSteps = 0;
    for (RecordingStrategyProvider.Pick p : recorder.picks) {
      Version v = p.version();
      int files = 0;
      boolean foreign = false;
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        files += v.numFiles(level);
        for (FileMetaData f : v.files(level)) {
          // Leveled writes no record for its files; any recorded range came from tiered.
          foreign |= strategy.equals("leveled") ? f.hasSequenceRange()
              : !f.writer().equals(strategy);
        }
      }
      if (foreign && files >= 4 && p.stall() != WriteStall.NONE) {
        assertThat(p.compaction().inputFileCount()).as("%s: %s", strategy,
            p.compaction().reason()).isLessThan(files);
      }
      if (p.compaction().reason().startsWith("reshape")) {
        assertThat(p.compaction().inputs().get(0).files()).hasSize(1);
        reshapeSteps++;
      }
    }
    return reshapeSteps;
  }

  private static void write(Db db, int stripeId, TreeMap<String, byte[]> model, Random rnd,
      int ops) throws Exception {
    for (int i = 0; i < ops; i++) {
      int op = rnd.nextInt(10);
      if (op < 6) {
        String k = key(stripeId, rnd.nextInt(500));
        byte[] v = value(rnd);
        db.put(bytes(k), v);
        synchronized (model) {
          model.put(k, v);
        }
      } else if (op < 8) {
        String k = key(stripeId, rnd.nextInt(500));
        db.delete(bytes(k));
        synchronized (model) {
          model.remove(k);
        }
      } else {
        WriteBatch batch = new WriteBatch();
        Map<String, byte[]> changes = new TreeMap<>();
        for (int j = 0; j < 10; j++) {
          String k = key(stripeId, rnd.nextInt(500));
          byte[] v = rnd.nextInt(4) == 0 ? null : value(rnd);
          if (v == null) {
            batch.delete(bytes(k));
          } else {
            batch.put(bytes(k), v);
          }
          changes.put(k, v);
        }
        db.write(batch);
        synchronized (model) {
          changes.forEach((k, v) -> {
            if (v == null) {
              model.remove(k);
            } else {
              model.put(k, v);
            }
          });
        }
      }
    }
  }

  /** Gets of every key of the stripe's range and a scan of it, against the model. */
  private static void checkStripe(Db db, TreeMap<String, byte[]> stripe) throws Exception {
    TreeMap<String, byte[]> copy;
    synchronized (stripe) {
      copy = new TreeMap<>(stripe);
    }
    for (Map.Entry<String, byte[]> e : copy.entrySet()) {
      assertThat(db.get(bytes(e.getKey()))).as("get %s", e.getKey()).isEqualTo(e.getValue());
    }
    if (copy.isEmpty()) {
      return;
    }
    String prefix = copy.firstKey().substring(0, copy.firstKey().indexOf('-') + 1);
    try (DbIterator it = db.newIterator()) {
      it.seek(bytes(prefix));
      for (Map.Entry<String, byte[]> e : copy.entrySet()) {
        assertThat(it.isValid()).as("scan of %s ended early", prefix).isTrue();
        assertThat(new String(it.key(), StandardCharsets.UTF_8)).isEqualTo(e.getKey());
        assertThat(Arrays.equals(it.value(), e.getValue())).as("value of %s", e.getKey())
            .isTrue();
        it.next();
      }
      assertThat(!it.isValid() || !new String(it.key(), StandardCharsets.UTF_8)
          .startsWith(prefix)).as("scan of %s too long", prefix).isTrue();
    }
  }

  private static String key(int stripe, int n) {
    return String.format("s%d-%04d", stripe, n);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(Random rnd) {
    byte[] v = new byte[20 + rnd.nextInt(200)];
    rnd.nextBytes(v);
    return v;
  }
}
