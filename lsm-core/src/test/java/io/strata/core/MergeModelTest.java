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
 * Random puts, deletes, merges ({@code stringappend}, delimiter {@code "|"}) and batches applied to
 * the database and to a {@link TreeMap}, compared by gets, full scans in both directions and
 * random walks that change direction, across flushes, compactions, snapshots and reopens; under
 * {@code leveled} and {@code tiered}. The seed is printed; replay with {@code -Dstrata.seed=N};
 * run longer with {@code -Dstrata.merge.ops=N}.
 */
class MergeModelTest {
  @TempDir Path dir;

  @Test
  void matchesTreeMapUnderLeveled() throws Exception {
    run("leveled", Map.of("max_bytes_for_level_base", Integer.toString(128 << 10),
        "target_file_size_base", Integer.toString(32 << 10)));
  }

  @Test
  void matchesTreeMapUnderTiered() throws Exception {
    run("tiered", Map.of("min_sstable_size", Integer.toString(256 << 10)));
  }

  private void run(String strategy, Map<String, String> strategyOptions) throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int ops = Integer.getInteger("strata.merge.ops", 30_000);
    System.out.println("MergeModelTest " + strategy + " seed=" + seed + " ops=" + ops);
    Random rnd = new Random(seed);
    Options options = Options.builder().writeBufferSizeBytes(64 << 10).blockSizeBytes(1024)
        .compactionStrategy(strategy).strategyOptions(strategyOptions)
        .mergeOperator("stringappend").mergeOperatorOption("delimiter", "|")
        .build();
    // Reopens name no operator: the recorded one is used.
    Options reopen = Options.builder().writeBufferSizeBytes(64 << 10).blockSizeBytes(1024)
        .build();
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    Map<Snapshot, TreeMap<byte[], byte[]>> snapshots = new HashMap<>();
    Db db = Strata.open(dir, options);
    try {
      for (int i = 0; i < ops; i++) {
        if (rnd.nextInt(300) == 0) {
          if (snapshots.size() < 3) {
            snapshots.put(db.getSnapshot(), new TreeMap<>(model));
          } else {
            Snapshot s = snapshots.keySet().iterator().next();
            checkSnapshot(db, s, snapshots.remove(s), rnd, seed);
            s.close();
          }
        }
        int op = rnd.nextInt(100);
        if (op < 25) {
          byte[] k = key(rnd);
          byte[] v = value(rnd);
          db.put(k, v);
          model.put(k, v);
        } else if (op < 32) {
          byte[] k = key(rnd);
          db.delete(k);
          model.remove(k);
        } else if (op < 75) {
          byte[] k = key(rnd);
          byte[] v = value(rnd);
          db.merge(k, v);
          merge(model, k, v);
        } else if (op < 80) {
          WriteBatch b = new WriteBatch();
          int n = 1 + rnd.nextInt(20);
          for (int j = 0; j < n; j++) {
            byte[] k = key(rnd);
            int t = rnd.nextInt(4);
            byte[] v = value(rnd);
            if (t == 0) {
              b.delete(k);
              model.remove(k);
            } else if (t == 1) {
              b.put(k, v);
              model.put(k, v);
            } else {
              b.merge(k, v);
              merge(model, k, v);
            }
          }
          db.write(b);
        } else if (op < 96) {
          byte[] k = key(rnd);
          assertThat(str(db.get(k))).as("get %s (seed %s, op %s)", str(k), seed, i)
              .isEqualTo(str(model.get(k)));
        } else if (op < 97) {
          checkScans(db, model, seed);
        } else if (op < 98) {
          checkWalk(db, model, rnd, seed);
        } else if (rnd.nextInt(8) == 0) {
          for (Map.Entry<Snapshot, TreeMap<byte[], byte[]>> e : snapshots.entrySet()) {
            checkSnapshot(db, e.getKey(), e.getValue(), rnd, seed);
            e.getKey().close();
          }
          snapshots.clear();
          db.close();
          db = Strata.open(dir, reopen);
        } else if (rnd.nextInt(6) == 0) {
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
      db = Strata.open(dir, reopen);
      checkScans(db, model, seed);
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        assertThat(str(db.get(e.getKey()))).isEqualTo(str(e.getValue()));
      }
    } finally {
      db.close();
    }
  }

  /** The model of {@code stringappend} with delimiter "|". */
  static void merge(TreeMap<byte[], byte[]> model, byte[] k, byte[] operand) {
    byte[] old = model.get(k);
    if (old == null) {
      model.put(k, operand);
    } else {
      byte[] v = Arrays.copyOf(old, old.length + 1 + operand.length);
      v[old.length] = '|';
      System.arraycopy(operand, 0, v, old.length + 1, operand.length);
      model.put(k, v);
    }
  }

  private static void checkSnapshot(Db db, Snapshot snapshot, TreeMap<byte[], byte[]> model,
      Random rnd, long seed) throws Exception {
    ReadOptions at = ReadOptions.builder().snapshot(snapshot).build();
    for (int i = 0; i < 100; i++) {
      byte[] k = key(rnd);
      assertThat(str(db.get(at, k))).as("snapshot get %s (seed %s)", str(k), seed)
          .isEqualTo(str(model.get(k)));
    }
    try (DbIterator it = db.newIterator(at)) {
      it.seekToFirst();
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        assertThat(it.isValid()).as("snapshot scan ended early (seed %s)", seed).isTrue();
        assertThat(str(it.key())).as("seed %s", seed).isEqualTo(str(e.getKey()));
        assertThat(str(it.value())).as("seed %s", seed).isEqualTo(str(e.getValue()));
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
        assertThat(str(it.value())).as("seed %s", seed).isEqualTo(str(e.getValue()));
        it.next();
      }
      assertThat(it.isValid()).as("forward scan too long (seed %s)", seed).isFalse();
      it.seekToLast();
      for (Map.Entry<byte[], byte[]> e : model.descendingMap().entrySet()) {
        assertThat(it.isValid()).as("backward scan ended early (seed %s)", seed).isTrue();
        assertThat(str(it.key())).as("seed %s", seed).isEqualTo(str(e.getKey()));
        assertThat(str(it.value())).as("seed %s", seed).isEqualTo(str(e.getValue()));
        it.prev();
      }
      assertThat(it.isValid()).isFalse();
    }
  }

  /** A seek, then random steps either way, each compared with the model's neighbour. */
  private static void checkWalk(Db db, NavigableMap<byte[], byte[]> model, Random rnd,
      long seed) throws Exception {
    try (DbIterator it = db.newIterator()) {
      byte[] target = key(rnd);
      it.seek(target);
      Map.Entry<byte[], byte[]> expected = model.ceilingEntry(target);
      for (int step = 0; step < 40; step++) {
        if (expected == null) {
          assertThat(it.isValid()).as("walk past the end (seed %s)", seed).isFalse();
          return;
        }
        assertThat(it.isValid()).as("walk ended early (seed %s)", seed).isTrue();
        assertThat(str(it.key())).as("walk key (seed %s)", seed).isEqualTo(str(expected.getKey()));
        assertThat(str(it.value())).as("walk value (seed %s)", seed)
            .isEqualTo(str(expected.getValue()));
        if (rnd.nextBoolean()) {
          it.next();
          expected = model.higherEntry(expected.getKey());
        } else {
          it.prev();
          expected = model.lowerEntry(expected.getKey());
        }
      }
    }
  }

  private static byte[] key(Random rnd) {
    return String.format("key%04d", rnd.nextInt(400)).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(Random rnd) {
    byte[] v = new byte[1 + rnd.nextInt(12)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) ('a' + rnd.nextInt(26));
    }
    return v;
  }

  static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
  }
}
