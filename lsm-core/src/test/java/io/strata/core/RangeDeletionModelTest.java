package io.strata.core;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random puts, deletes and range deletions (alone and in batches) applied to the database and
 * to a {@link TreeMap}, compared by gets, seeks and full scans in both directions across
 * flushes, compactions and reopens, and at snapshots against a copy of the model taken with
 * them; under {@code leveled} and {@code tiered}. The seed is printed; replay with
 * {@code -Dstrata.seed=N}; run longer with {@code -Dstrata.model.ops=N}.
 */
class RangeDeletionModelTest {
  @TempDir Path dir;

  @Test
  void matchesTreeMapUnderLeveled() throws Exception {
    run("leveled", Map.of("max_bytes_for_level_base", Integer.toString(128 << 10),
        "target_file_size_base", Integer.toString(32 << 10)));
  }

  @Test
  void matchesTreeMapUnderTiered() throws Exception {
    run("tiered", Map.of("min_sstable_size", Integer.toString(512 << 10)));
  }

  private void run(String strategy, Map<String, String> strategyOptions) throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int ops = Integer.getInteger("strata.model.ops", 30_000);
    System.out.println("RangeDeletionModelTest " + strategy + " seed=" + seed + " ops=" + ops);
    Random rnd = new Random(seed);
    Options options = Options.builder().writeBufferSizeBytes(64 << 10).blockSizeBytes(1024)
        .compactionStrategy(strategy).strategyOptions(strategyOptions).build();
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    Map<Snapshot, TreeMap<byte[], byte[]>> snapshots = new HashMap<>();
    Db db = Strata.open(dir, options);
    try {
      for (int i = 0; i < ops; i++) {
        if (rnd.nextInt(400) == 0) {
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
        } else if (op < 68) {
          byte[] k = key(rnd);
          db.delete(k);
          model.remove(k);
        } else if (op < 71) {
          byte[][] r = range(rnd);
          db.deleteRange(r[0], r[1]);
          removeRange(model, r);
        } else if (op < 76) {
          WriteBatch b = new WriteBatch();
          int n = 1 + rnd.nextInt(10);
          for (int j = 0; j < n; j++) {
            int kind = rnd.nextInt(6);
            if (kind == 0) {
              byte[][] r = range(rnd);
              b.deleteRange(r[0], r[1]);
              removeRange(model, r);
            } else if (kind == 1) {
              byte[] k = key(rnd);
              b.delete(k);
              model.remove(k);
            } else {
              byte[] k = key(rnd);
              byte[] v = value(rnd);
              b.put(k, v);
              model.put(k, v);
            }
          }
          db.write(b);
        } else if (op < 96) {
          byte[] k = key(rnd);
          assertThat(db.get(k)).as("get %s (seed %s, op %s)", str(k), seed, i)
              .isEqualTo(model.get(k));
        } else if (op < 97) {
          checkSeeks(db, model, rnd, seed);
        } else if (op < 98) {
          DbModelTest.checkScans(db, model, seed);
        } else if (rnd.nextInt(8) == 0) {
          for (Map.Entry<Snapshot, TreeMap<byte[], byte[]>> e : snapshots.entrySet()) {
            checkSnapshot(db, e.getKey(), e.getValue(), rnd, seed);
            e.getKey().close();
          }
          snapshots.clear();
          db.close();
          db = Strata.open(dir, options);
        } else if (rnd.nextInt(8) == 0) {
          byte[][] r = range(rnd);
          db.compactRange(r[0], r[1]);
        } else if (rnd.nextInt(4) == 0) {
          db.flush();
        }
      }
      for (Map.Entry<Snapshot, TreeMap<byte[], byte[]>> e : snapshots.entrySet()) {
        checkSnapshot(db, e.getKey(), e.getValue(), rnd, seed);
        e.getKey().close();
      }
      snapshots.clear();
      DbModelTest.checkScans(db, model, seed);
      db.compactRange(null, null);
      DbModelTest.checkScans(db, model, seed);
      db.close();
      db = Strata.open(dir, options);
      DbModelTest.checkScans(db, model, seed);
      for (int i = 0; i < 2000; i++) {
        byte[] k = key(rnd);
        assertThat(db.get(k)).as("final get %s (seed %s)", str(k), seed).isEqualTo(model.get(k));
      }
    } finally {
      db.close();
    }
  }

  private static void removeRange(TreeMap<byte[], byte[]> model, byte[][] r) {
    if (Arrays.compareUnsigned(r[0], r[1]) < 0) {
      model.subMap(r[0], true, r[1], false).clear();
    }
  }

  /** Seeks to random keys, then steps both ways, against the model. */
  private static void checkSeeks(Db db, NavigableMap<byte[], byte[]> model, Random rnd,
      long seed) throws Exception {
    try (DbIterator it = db.newIterator()) {
      for (int i = 0; i < 20; i++) {
        byte[] target = key(rnd);
        it.seek(target);
        Map.Entry<byte[], byte[]> e = model.ceilingEntry(target);
        for (int step = 0; step < 5; step++) {
          if (e == null) {
            assertThat(it.isValid()).as("seek %s past end (seed %s)", str(target), seed)
                .isFalse();
            break;
          }
          assertThat(it.isValid()).as("seek %s (seed %s)", str(target), seed).isTrue();
          assertThat(str(it.key())).as("seek %s (seed %s)", str(target), seed)
              .isEqualTo(str(e.getKey()));
          assertThat(it.value()).isEqualTo(e.getValue());
          if (step % 2 == 0) {
            it.next();
            e = model.higherEntry(e.getKey());
          } else {
            it.prev();
            it.prev();
            e = model.lowerEntry(model.lowerEntry(e.getKey()) == null ? e.getKey()
                : model.lowerEntry(e.getKey()).getKey());
            if (e == null) {
              assertThat(it.isValid()).isFalse();
              break;
            }
          }
        }
      }
    }
  }

  private static void checkSnapshot(Db db, Snapshot snapshot, TreeMap<byte[], byte[]> model,
      Random rnd, long seed) throws Exception {
    ReadOptions at = ReadOptions.builder().snapshot(snapshot).build();
    for (int i = 0; i < 200; i++) {
      byte[] k = key(rnd);
      assertThat(db.get(at, k)).as("snapshot get %s (seed %s)", str(k), seed)
          .isEqualTo(model.get(k));
    }
    try (DbIterator it = db.newIterator(at)) {
      it.seekToLast();
      for (Map.Entry<byte[], byte[]> e : model.descendingMap().entrySet()) {
        assertThat(it.isValid()).as("snapshot scan ended early (seed %s)", seed).isTrue();
        assertThat(str(it.key())).as("seed %s", seed).isEqualTo(str(e.getKey()));
        assertThat(it.value()).isEqualTo(e.getValue());
        it.prev();
      }
      assertThat(it.isValid()).as("snapshot scan too long (seed %s)", seed).isFalse();
    }
  }

  private static byte[][] range(Random rnd) {
    int a = rnd.nextInt(3000);
    int b = rnd.nextInt(20) == 0 ? a - rnd.nextInt(5) : a + rnd.nextInt(300);
    return new byte[][] {fmt(a), fmt(b)};
  }

  private static byte[] key(Random rnd) {
    return fmt(rnd.nextInt(3000));
  }

  private static byte[] fmt(int n) {
    return String.format("key%05d", n).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(Random rnd) {
    byte[] v = new byte[rnd.nextInt(100)];
    rnd.nextBytes(v);
    return v;
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
