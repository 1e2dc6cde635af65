package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.KeyComparator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.manifest.FileNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ReadOptions.iterateLowerBound}/{@code iterateUpperBound}: iterators over a real tree
 * (memtables, level 0, deeper levels) never leave {@code [lower, upper)}, in either direction,
 * checked against a {@link TreeMap}; tables wholly outside the bounds are not opened; the bounds
 * follow the database's comparator.
 */
class IterateBoundsTest {
  private static final int KEYS = 400;

  @TempDir Path dir;

  private static byte[] key(int i) {
    return String.format("k%04d", i).getBytes(UTF_8);
  }

  private static Options smallTree(Options.Builder b) {
    return b.writeBufferSizeBytes(64 << 10)
        .compactionStrategy("leveled")
        .strategyOption("l0_compaction_trigger", "4")
        .strategyOption("max_bytes_for_level_base", String.valueOf(64 << 10))
        .strategyOption("target_file_size_base", String.valueOf(8 << 10))
        .build();
  }

  @Test
  void boundedIteratorsMatchTheModelInBothDirections() throws IOException {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    System.out.println("IterateBoundsTest seed " + seed + " (replay: -Dstrata.seed=" + seed + ")");
    Random rnd = new Random(seed);
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    try (Db db = Strata.open(dir, smallTree(Options.builder()))) {
      for (int op = 0; op < 6000; op++) {
        byte[] k = key(rnd.nextInt(KEYS));
        if (rnd.nextInt(5) == 0) {
          db.delete(k);
          model.remove(k);
        } else {
          byte[] v = new byte[100 + rnd.nextInt(200)];
          rnd.nextBytes(v);
          db.put(k, v);
          model.put(k, v);
        }
      }
      db.waitForCompactions();
      // Some entries in the memtable too, deletions among them.
      for (int i = 0; i < 30; i++) {
        byte[] k = key(rnd.nextInt(KEYS));
        db.delete(k);
        model.remove(k);
      }
      for (int trial = 0; trial < 150; trial++) {
        byte[] lower = rnd.nextInt(4) == 0 ? null : key(rnd.nextInt(KEYS + 10) - 5);
        byte[] upper = rnd.nextInt(4) == 0 ? null : key(rnd.nextInt(KEYS + 10) - 5);
        String what = "seed " + seed + " trial " + trial + " bounds ["
            + (lower == null ? "-" : new String(lower, UTF_8)) + ", "
            + (upper == null ? "-" : new String(upper, UTF_8)) + ")";
        NavigableMap<byte[], byte[]> expected = bounded(model, lower, upper);
        ReadOptions ro = ReadOptions.builder().iterateLowerBound(lower)
            .iterateUpperBound(upper).build();
        try (DbIterator it = db.newIterator(ro)) {
          assertThat(scanForward(it)).as(what).containsExactlyElementsOf(keys(expected));
          assertThat(scanBackward(it)).as(what)
              .containsExactlyElementsOf(keys(expected.descendingMap()));
          for (int s = 0; s < 10; s++) {
            byte[] target = key(rnd.nextInt(KEYS + 10) - 5);
            it.seek(target);
            Map.Entry<byte[], byte[]> e = expected.ceilingEntry(target);
            assertThat(it.isValid()).as(what + " seek " + new String(target, UTF_8))
                .isEqualTo(e != null);
            if (e != null) {
              assertThat(it.key()).isEqualTo(e.getKey());
              assertThat(it.value()).isEqualTo(e.getValue());
            }
          }
          randomWalk(it, expected, rnd, what);
        }
      }
    }
  }

  /** Steps next and prev at random from a random start, comparing each position. */
  private static void randomWalk(DbIterator it, NavigableMap<byte[], byte[]> expected,
      Random rnd, String what) throws IOException {
    byte[] at;
    if (rnd.nextBoolean()) {
      it.seekToFirst();
      at = expected.isEmpty() ? null : expected.firstKey();
    } else {
      it.seekToLast();
      at = expected.isEmpty() ? null : expected.lastKey();
    }
    for (int step = 0; step < 40 && at != null; step++) {
      assertThat(it.isValid()).as(what + " step " + step).isTrue();
      assertThat(it.key()).as(what + " step " + step).isEqualTo(at);
      if (rnd.nextBoolean()) {
        it.next();
        at = expected.higherKey(at);
      } else {
        it.prev();
        at = expected.lowerKey(at);
      }
    }
    assertThat(it.isValid()).as(what + " end of walk").isEqualTo(at != null);
  }

  private static NavigableMap<byte[], byte[]> bounded(TreeMap<byte[], byte[]> model,
      byte[] lower, byte[] upper) {
    if (lower != null && upper != null && Arrays.compareUnsigned(lower, upper) >= 0) {
      return new TreeMap<>(Arrays::compareUnsigned);
    }
    NavigableMap<byte[], byte[]> m = model;
    if (lower != null) {
      m = m.tailMap(lower, true);
    }
    if (upper != null) {
      m = m.headMap(upper, false);
    }
    return m;
  }

  private static List<String> keys(NavigableMap<byte[], byte[]> m) {
    List<String> out = new ArrayList<>();
    m.keySet().forEach(k -> out.add(new String(k, UTF_8)));
    return out;
  }

  private static List<String> scanForward(DbIterator it) throws IOException {
    List<String> out = new ArrayList<>();
    for (it.seekToFirst(); it.isValid(); it.next()) {
      out.add(new String(it.key(), UTF_8));
    }
    return out;
  }

  private static List<String> scanBackward(DbIterator it) throws IOException {
    List<String> out = new ArrayList<>();
    for (it.seekToLast(); it.isValid(); it.prev()) {
      out.add(new String(it.key(), UTF_8));
    }
    return out;
  }

  @Test
  void seekBelowTheLowerBoundLandsAtItAndNextStopsBeforeTheUpperBound() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 20; i++) {
        db.put(key(i), key(i));
      }
      ReadOptions ro = ReadOptions.builder().iterateLowerBound(key(5))
          .iterateUpperBound(key(8)).build();
      try (DbIterator it = db.newIterator(ro)) {
        it.seek(key(0));
        assertThat(it.key()).isEqualTo(key(5));
        it.prev();
        assertThat(it.isValid()).as("prev below the lower bound").isFalse();
        it.seekToLast();
        assertThat(it.key()).isEqualTo(key(7));
        it.next();
        assertThat(it.isValid()).as("next at the upper bound").isFalse();
        it.seek(key(8));
        assertThat(it.isValid()).as("seek at the upper bound").isFalse();
      }
    }
  }

  @Test
  void tablesWhollyOutsideTheBoundsAreNotOpened() throws IOException {
    Options.Builder b = Options.builder().compactionStrategy("leveled")
        .strategyOption("target_file_size_base", String.valueOf(4 << 10))
        .strategyOption("l0_compaction_trigger", "8")
        .strategyOption("max_mem_compact_level", "0");
    try (Db db = Strata.open(dir, b.build())) {
      Random rnd = new Random(1);
      for (int i = 0; i < KEYS; i++) {
        byte[] v = new byte[100];
        rnd.nextBytes(v); // incompressible: many small tables
        db.put(key(i), v);
      }
      db.compactRange(null, null); // deeper levels: many small files
      for (int start = 0; start < KEYS; start += 100) { // level 0: four disjoint files
        for (int i = start; i < start + 100; i++) {
          byte[] v = new byte[50];
          rnd.nextBytes(v);
          db.put(key(i), v);
        }
        db.flush();
      }
    }
    RecordingFileSystem fs = new RecordingFileSystem();
    try (Db db = Strata.open(dir, Options.builder().fileSystem(fs).build())) {
      byte[] lower = key(150);
      byte[] upper = key(230);
      Set<String> inBounds = new HashSet<>();
      Set<String> outside = new HashSet<>();
      Version v = DbTesting.currentVersion(db);
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        for (FileMetaData f : v.files(level)) {
          boolean meets = Arrays.compareUnsigned(f.largest().userKey().toByteArray(), lower) >= 0
              && Arrays.compareUnsigned(f.smallest().userKey().toByteArray(), upper) < 0;
          (meets ? inBounds : outside).add(FileNames.tableFileName(f.fileNumber()));
        }
      }
      assertThat(v.files(0)).hasSize(4);
      assertThat(outside).as("the tree has tables outside the bounds").hasSizeGreaterThanOrEqualTo(6);
      DbTesting.evictTables(db); // open read every table's properties
      fs.clearOpened();
      ReadOptions ro = ReadOptions.builder().iterateLowerBound(lower).iterateUpperBound(upper)
          .build();
      try (DbIterator it = db.newIterator(ro)) {
        assertThat(scanForward(it)).hasSize(80);
        assertThat(scanBackward(it)).hasSize(80);
        it.seek(key(0));
        assertThat(it.key()).isEqualTo(lower);
      }
      Set<String> tablesOpened = new HashSet<>();
      fs.opened.stream().filter(n -> n.endsWith(".ldb")).forEach(tablesOpened::add);
      assertThat(tablesOpened).isNotEmpty().isSubsetOf(inBounds).doesNotContainAnyElementsOf(
          outside);
    }
  }

  /** Reverse bytewise order: the bounds are read in the database's own order. */
  private static final class ReverseComparator implements KeyComparator {
    @Override
    public String name() {
      return "strata.test.ReverseBytewise";
    }

    @Override
    public int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
      return Arrays.compareUnsigned(b, bOff, bOff + bLen, a, aOff, aOff + aLen);
    }

    @Override
    public byte[] findShortestSeparator(byte[] start, byte[] limit) {
      return start;
    }

    @Override
    public byte[] findShortSuccessor(byte[] key) {
      return key;
    }
  }

  @Test
  void boundsFollowTheDatabaseComparator() throws IOException {
    try (Db db = Strata.open(dir, Options.builder().comparator(new ReverseComparator())
        .writeBufferSizeBytes(64 << 10).build())) {
      for (int i = 0; i < 300; i++) {
        db.put(key(i), new byte[400]);
      }
      db.flush();
      for (int i = 0; i < 300; i += 3) {
        db.put(key(i), new byte[8]); // memtable entries too
      }
      // In reverse order k0250 comes before k0100: [k0250, k0100) holds k0250 down to k0101.
      ReadOptions ro = ReadOptions.builder().iterateLowerBound(key(250))
          .iterateUpperBound(key(100)).build();
      try (DbIterator it = db.newIterator(ro)) {
        List<String> forward = scanForward(it);
        assertThat(forward).hasSize(150);
        assertThat(forward.get(0)).isEqualTo("k0250");
        assertThat(forward.get(149)).isEqualTo("k0101");
        List<String> backward = scanBackward(it);
        assertThat(backward.get(0)).isEqualTo("k0101");
        assertThat(backward).hasSize(150);
        it.seek(key(299));
        assertThat(new String(it.key(), UTF_8)).isEqualTo("k0250");
      }
    }
  }
}
