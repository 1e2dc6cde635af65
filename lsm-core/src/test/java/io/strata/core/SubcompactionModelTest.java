package io.strata.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * The same random puts, deletes, range deletions and merges ({@code stringappend}) applied to a
 * database that never splits a compaction ({@code maxSubcompactions} 1), one that splits into up
 * to three ({@code maxSubcompactions} 3), and a {@link TreeMap}, with up to three snapshots held
 * at a time; small write buffers and target file sizes make many compactions large enough to
 * split. Both databases are compared with the model by full scans, gets at each snapshot as it
 * is released, after a full manual compaction and after a reopen. The seed is printed; replay
 * with {@code -Dstrata.seed=N}; run longer with {@code -Dstrata.model.ops=N}.
 */
class SubcompactionModelTest {
  @TempDir Path dir;

  /** A model snapshot: the two databases' snapshots and the model's contents with them. */
  private record Held(Snapshot single, Snapshot split, TreeMap<byte[], byte[]> model) {}

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void splitCompactionsKeepTheContentsOfUnsplitOnes() throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int ops = Integer.getInteger("strata.model.ops", 25_000);
    System.out.println("SubcompactionModelTest seed=" + seed + " ops=" + ops);
    Random rnd = new Random(seed);
    SubcompactionRecorder singleRecorder = new SubcompactionRecorder();
    SubcompactionRecorder splitRecorder = new SubcompactionRecorder();
    Options single = options(1, singleRecorder);
    Options split = options(3, splitRecorder);
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    List<Held> held = new ArrayList<>();
    Db a = Strata.open(dir.resolve("single"), single);
    Db b = Strata.open(dir.resolve("split"), split);
    try {
      for (int i = 0; i < ops; i++) {
        if (rnd.nextInt(500) == 0) {
          if (held.size() < 3) {
            held.add(new Held(a.getSnapshot(), b.getSnapshot(), new TreeMap<>(model)));
          } else {
            Held h = held.remove(rnd.nextInt(held.size()));
            DbModelTest.checkSnapshot(a, h.single(), h.model(), () -> key(rnd), 100, seed);
            DbModelTest.checkSnapshot(b, h.split(), h.model(), () -> key(rnd), 100, seed);
            h.single().close();
            h.split().close();
          }
        }
        int op = rnd.nextInt(100);
        if (op < 60) {
          byte[] k = key(rnd);
          byte[] v = value(rnd);
          a.put(k, v);
          b.put(k, v);
          model.put(k, v);
        } else if (op < 70) {
          byte[] k = key(rnd);
          a.delete(k);
          b.delete(k);
          model.remove(k);
        } else if (op < 72) {
          int lo = rnd.nextInt(4000);
          byte[] begin = fmt(lo);
          byte[] end = fmt(lo + 1 + rnd.nextInt(200));
          a.deleteRange(begin, end);
          b.deleteRange(begin, end);
          model.subMap(begin, true, end, false).clear();
        } else if (op < 90) {
          byte[] k = key(rnd);
          byte[] operand = ("m" + rnd.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
          a.merge(k, operand);
          b.merge(k, operand);
          byte[] old = model.get(k);
          model.put(k, old == null ? operand : concat(old, operand));
        } else if (op < 99) {
          byte[] k = key(rnd);
          assertThat(b.get(k)).as("get %s (seed %s, op %s)", str(k), seed, i)
              .isEqualTo(model.get(k));
        } else if (rnd.nextInt(20) == 0) {
          DbModelTest.checkScans(a, model, seed);
          DbModelTest.checkScans(b, model, seed);
        }
      }
      for (Held h : held) {
        DbModelTest.checkSnapshot(a, h.single(), h.model(), () -> key(rnd), 100, seed);
        DbModelTest.checkSnapshot(b, h.split(), h.model(), () -> key(rnd), 100, seed);
        h.single().close();
        h.split().close();
      }
      DbModelTest.checkScans(a, model, seed);
      DbModelTest.checkScans(b, model, seed);
      a.compactRange(null, null);
      b.compactRange(null, null);
      DbModelTest.checkScans(a, model, seed);
      DbModelTest.checkScans(b, model, seed);
      b.close();
      b = Strata.open(dir.resolve("split"), split);
      DbModelTest.checkScans(b, model, seed);
    } finally {
      a.close();
      b.close();
    }
    assertThat(singleRecorder.split()).as("maxSubcompactions 1 never splits").isEmpty();
    assertThat(splitRecorder.split()).as("some compaction was split (seed %s)", seed)
        .isNotEmpty();
    assertThat(splitRecorder.split()).allSatisfy(c -> assertThat(c.ranges()).hasSizeLessThan(4));
  }

  static Options options(int maxSubcompactions, SubcompactionRecorder recorder) {
    return Options.builder().writeBufferSizeBytes(64 << 10).blockSizeBytes(1024)
        .compactionStrategy("leveled")
        .strategyOptions(Map.of("max_bytes_for_level_base", Integer.toString(256 << 10),
            "target_file_size_base", Integer.toString(16 << 10)))
        .mergeOperator("stringappend").mergeOperatorOption("delimiter", "|")
        .compactionFilterFactory(recorder).listener(recorder)
        .maxSubcompactions(maxSubcompactions).build();
  }

  private static byte[] concat(byte[] old, byte[] operand) {
    byte[] out = Arrays.copyOf(old, old.length + 1 + operand.length);
    out[old.length] = '|';
    System.arraycopy(operand, 0, out, old.length + 1, operand.length);
    return out;
  }

  static byte[] key(Random rnd) {
    return fmt(rnd.nextInt(4000));
  }

  static byte[] fmt(int n) {
    return String.format("key%05d", n).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] value(Random rnd) {
    byte[] v = new byte[20 + rnd.nextInt(120)];
    rnd.nextBytes(v);
    return v;
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
