package io.strata.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random puts, deletes and batches applied to the database and to a {@link TreeMap}, compared by
 * gets and full scans in both directions across flushes, compactions and reopens, and snapshots
 * compared with a copy of the model taken with them; under each built-in strategy. The seed is
 * printed; replay with {@code -Dstrata.seed=N}; run longer with {@code -Dstrata.model.ops=N}.
 */
class DbModelTest {
  @TempDir Path dir;

  @Test
  void matchesTreeMapUnderLeveled() throws Exception {
    run("leveled", Map.of("max_bytes_for_level_base", Integer.toString(256 << 10),
        "target_file_size_base", Integer.toString(64 << 10)));
  }

  @Test
  void matchesTreeMapUnderTiered() throws Exception {
    // Small runs share a bucket up to 1 MiB, so that merges of merges happen too.
    run("tiered", Map.of("min_sstable_size", Integer.toString(1 << 20)));
  }

  private void run(String strategy, Map<String, String> strategyOptions) throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int ops = Integer.getInteger("strata.model.ops", 60_000);
    System.out.println("DbModelTest " + strategy + " seed=" + seed + " ops=" + ops);
    Random rnd = new Random(seed);
    Options options = Options.builder().writeBufferSizeBytes(64 << 10).blockSizeBytes(1024)
        .compression(rnd.nextBoolean() ? CompressionType.SNAPPY : CompressionType.NONE)
        .compactionStrategy(strategy).strategyOptions(strategyOptions)
        .build();
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    // Open snapshots with a copy of the model at their point in time.
    Map<Snapshot, TreeMap<byte[], byte[]>> snapshots = new HashMap<>();
    Db db = Strata.open(dir, options);
    try {
      for (int i = 0; i < ops; i++) {
        if (rnd.nextInt(500) == 0) {
          if (snapshots.size() < 3) {
            snapshots.put(db.getSnapshot(), new TreeMap<>(model));
          } else {
            Snapshot s = snapshots.keySet().iterator().next();
            checkSnapshot(db, s, snapshots.remove(s), rnd, seed);
            s.close();
          }
        }
        int op = rnd.nextInt(100);
        if (op < 60) {
          byte[] k = key(rnd);
          byte[] v = value(rnd);
          db.put(k, v);
          model.put(k, v);
        } else if (op < 75) {
          byte[] k = key(rnd);
          db.delete(k);
          model.remove(k);
        } else if (op < 85) {
          WriteBatch b = new WriteBatch();
          int n = 1 + rnd.nextInt(20);
          for (int j = 0; j < n; j++) {
            byte[] k = key(rnd);
            if (rnd.nextInt(4) == 0) {
              b.delete(k);
              model.remove(k);
            } else {
              byte[] v = value(rnd);
              b.put(k, v);
              model.put(k, v);
            }
          }
          db.write(b);
        } else if (op < 98) {
          byte[] k = key(rnd);
          assertThat(db.get(k)).as("get %s (seed %s, op %s)", str(k), seed, i)
              .isEqualTo(model.get(k));
        } else if (op < 99) {
          checkScans(db, model, seed);
        } else if (rnd.nextInt(10) == 0) {
          for (Map.Entry<Snapshot, TreeMap<byte[], byte[]>> e : snapshots.entrySet()) {
            checkSnapshot(db, e.getKey(), e.getValue(), rnd, seed);
            e.getKey().close();
          }
          snapshots.clear();
          db.close();
          db = Strata.open(dir, options);
        } else if (rnd.nextInt(10) == 0) {
          byte[] a = key(rnd);
          byte[] b = key(rnd);
          if (Arrays.compareUnsigned(a, b) > 0) {
            byte[] t = a;
            a = b;
            b = t;
          }
          db.compactRange(a, b);
        }
      }
      for (Map.Entry<Snapshot, TreeMap<byte[], byte[]>> e : snapshots.entrySet()) {
        checkSnapshot(db, e.getKey(), e.getValue(), rnd, seed);
        e.getKey().close();
      }
      snapshots.clear();
      checkScans(db, model, seed);
      db.compactRange(null, null);
      checkScans(db, model, seed);
      db.close();
      db = Strata.open(dir, options);
      checkScans(db, model, seed);
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        assertThat(db.get(e.getKey())).isEqualTo(e.getValue());
      }
    } finally {
      db.close();
    }
  }

  private static void checkSnapshot(Db db, Snapshot snapshot, TreeMap<byte[], byte[]> model,
      Random rnd, long seed) throws Exception {
    checkSnapshot(db, snapshot, model, () -> key(rnd), 200, seed);
  }

  /**
   * {@code gets} gets of keys from {@code keys} and a full forward scan at {@code snapshot},
   * against the model of its time; also for the other model tests of this package.
   */
  static void checkSnapshot(Db db, Snapshot snapshot, TreeMap<byte[], byte[]> model,
      Supplier<byte[]> keys, int gets, long seed) throws Exception {
    ReadOptions at = ReadOptions.builder().snapshot(snapshot).build();
    for (int i = 0; i < gets; i++) {
      byte[] k = keys.get();
      assertThat(db.get(at, k)).as("snapshot get %s (seed %s)", str(k), seed)
          .isEqualTo(model.get(k));
    }
    try (DbIterator it = db.newIterator(at)) {
      it.seekToFirst();
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        assertThat(it.isValid()).as("snapshot scan ended early (seed %s)", seed).isTrue();
        assertThat(str(it.key())).as("seed %s", seed).isEqualTo(str(e.getKey()));
        assertThat(it.value()).isEqualTo(e.getValue());
        it.next();
      }
      assertThat(it.isValid()).as("snapshot scan too long (seed %s)", seed).isFalse();
    }
  }

  static void checkScans(Db db, NavigableMap<byte[], byte[]> model, long seed) throws Exception {
    try (DbIterator it = db.newIterator()) {
      it.seekToFirst();
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        assertThat(it.isValid()).as("forward scan ended early (seed %s)", seed).isTrue();
        assertThat(str(it.key())).as("seed %s", seed).isEqualTo(str(e.getKey()));
        assertThat(it.value()).isEqualTo(e.getValue());
        it.next();
      }
      assertThat(it.isValid()).as("forward scan too long (seed %s)", seed).isFalse();
      it.seekToLast();
      for (Map.Entry<byte[], byte[]> e : model.descendingMap().entrySet()) {
        assertThat(it.isValid()).as("backward scan ended early (seed %s)", seed).isTrue();
        assertThat(str(it.key())).as("seed %s", seed).isEqualTo(str(e.getKey()));
        assertThat(it.value()).isEqualTo(e.getValue());
        it.prev();
      }
      assertThat(it.isValid()).isFalse();
    }
  }

  private static byte[] key(Random rnd) {
    return String.format("key%05d", rnd.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(Random rnd) {
    byte[] v = new byte[rnd.nextInt(200)];
    rnd.nextBytes(v);
    return v;
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
