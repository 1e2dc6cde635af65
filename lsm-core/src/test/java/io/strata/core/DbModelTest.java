package io.strata.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random puts, deletes and batches applied to the database and to a {@link TreeMap}, compared by
 * gets and full scans in both directions across flushes, compactions and reopens. The seed is
 * printed; replay with {@code -Dstrata.seed=N}; run longer with {@code -Dstrata.model.ops=N}.
 */
class DbModelTest {
  @TempDir Path dir;

  @Test
  void matchesTreeMapAcrossFlushesCompactionsAndReopens() throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int ops = Integer.getInteger("strata.model.ops", 60_000);
    System.out.println("DbModelTest seed=" + seed + " ops=" + ops);
    Random rnd = new Random(seed);
    Options options = Options.builder().writeBufferSizeBytes(64 << 10).blockSizeBytes(1024)
        .compression(rnd.nextBoolean() ? CompressionType.SNAPPY : CompressionType.NONE)
        .strategyOption("max_bytes_for_level_base", Integer.toString(256 << 10))
        .strategyOption("target_file_size_base", Integer.toString(64 << 10))
        .build();
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    Db db = Strata.open(dir, options);
    try {
      for (int i = 0; i < ops; i++) {
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
