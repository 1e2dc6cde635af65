package io.strata.testkit;

import io.strata.api.Bytes;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.testkit.SimulatedTree.Entry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Random trees in every shape a strategy may meet, its own or one left by another strategy:
 * overlapping level-0 files, each newer than the level-0 files it overlaps (sequence ranges
 * interleaved where files do not overlap, as size-tiered merges leave them), non-overlapping
 * deeper levels, each older than the levels above, file sizes from KiB to hundreds of MiB, and
 * random compaction pointers. Stateless apart from its inputs.
 */
final class RandomTrees {
  /** Largest file generated: 512 MiB. */
  static final long MAX_FILE_BYTES = 512L << 20;

  private final Function<Random, byte[]> keys;

  /** @param keys makes one random user key */
  RandomTrees(Function<Random, byte[]> keys) {
    this.keys = keys;
  }

  /** Between {@code min} and {@code max} distinct random keys, sorted (fewer if keys repeat). */
  List<Bytes> keyUniverse(Random random, int min, int max) {
    int want = min + random.nextInt(max - min + 1);
    TreeSet<Bytes> set = new TreeSet<>();
    for (int attempt = 0; attempt < want * 20 && set.size() < want; attempt++) {
      set.add(Bytes.copyOf(keys.apply(random)));
    }
    return new ArrayList<>(set);
  }

  /**
   * A random tree.
   *
   * @param ranged whether its files carry sequence ranges (else it is in LevelDB's layout, its
   *     level-0 files ordered by file number)
   */
  SimulatedTree generate(Random random, boolean ranged, String writer) {
    List<Bytes> universe = keyUniverse(random, 20, 300);
    int n = universe.size();
    SimulatedTree tree = new SimulatedTree(ranged, writer);
    // Files are built oldest first: the deepest level first, level 0 last.
    int deepest = random.nextInt(Version.NUM_LEVELS);
    record Planned(int level, int lo, int hi, List<Entry> entries, long bytes) {}
    List<Planned> planned = new ArrayList<>();
    long sequence = 0;
    for (int level = deepest; level >= 1; level--) {
      if (random.nextInt(5) == 0) {
        continue; // an empty level in the middle of the tree
      }
      int files = 1 + random.nextInt(Math.min(12, Math.max(1, n / 2)));
      List<Integer> cuts = distinctSorted(random, 2 * files, n);
      for (int i = 0; i + 1 < cuts.size(); i += 2) {
        List<Entry> entries = new ArrayList<>();
        for (int k : pickIndexes(random, cuts.get(i), cuts.get(i + 1))) {
          entries.add(new Entry(universe.get(k), ++sequence));
        }
        planned.add(new Planned(level, cuts.get(i), cuts.get(i + 1), entries,
            fileBytes(random, level)));
      }
    }
    int level0Files = random.nextInt(4) == 0 ? 0 : random.nextInt(20);
    List<Planned> level0 = new ArrayList<>();
    long base = sequence;
    for (int f = 0; f < level0Files; f++) {
      int a = random.nextInt(n);
      int b = Math.min(n - 1, a + random.nextInt(Math.max(1, random.nextBoolean() ? n : n / 8)));
      long floor = base;
      for (Planned p : level0) {
        if (p.lo() <= b && a <= p.hi()) {
          floor = Math.max(floor, p.entries().get(p.entries().size() - 1).sequence());
        }
      }
      // Sequential most of the time; sometimes as low as the files it overlaps allow, so that
      // ranges of non-overlapping files interleave.
      long start = random.nextInt(3) == 0 ? floor : sequence;
      List<Entry> entries = new ArrayList<>();
      for (int k : pickIndexes(random, a, b)) {
        entries.add(new Entry(universe.get(k), ++start));
      }
      sequence = Math.max(sequence, start);
      level0.add(new Planned(0, a, b, entries, fileBytes(random, 0)));
    }
    planned.addAll(level0);
    // File numbers: random, except that level-0 files get increasing numbers in age order, the
    // order LevelDB's layout reads them in.
    List<Long> numbers = new ArrayList<>();
    for (long i = 1; i <= planned.size() * 3L; i++) {
      numbers.add(i);
    }
    Collections.shuffle(numbers, random);
    numbers = new ArrayList<>(numbers.subList(0, planned.size()));
    List<Long> level0Numbers = new ArrayList<>(numbers.subList(planned.size() - level0.size(),
        planned.size()));
    Collections.sort(level0Numbers);
    for (int i = 0; i < planned.size(); i++) {
      Planned p = planned.get(i);
      int l0Index = i - (planned.size() - level0.size());
      long number = l0Index >= 0 ? level0Numbers.get(l0Index) : numbers.get(i);
      tree.addFile(p.level(), number, p.bytes(), p.entries(), ranged);
    }
    for (int level = 0; level < Version.NUM_LEVELS - 1; level++) {
      List<FileMetaData> files = tree.version().files(level);
      if (!files.isEmpty() && random.nextInt(3) == 0) {
        InternalKey pointer = files.get(random.nextInt(files.size())).largest();
        tree.setCompactPointer(level, pointer);
      }
    }
    return tree;
  }

  /** A log-uniform file size from 4 KiB up to a bound growing with the level. */
  static long fileBytes(Random random, int level) {
    return logUniform(random, 4096,
        Math.min(MAX_FILE_BYTES, (2L << 20) << (3 * Math.max(0, level - 1))));
  }

  /** A log-uniform random number in {@code [min, max]}. */
  static long logUniform(Random random, long min, long max) {
    double minLog = Math.log(min);
    double maxLog = Math.log(max);
    return Math.min(max, (long) Math.exp(minLog + random.nextDouble() * (maxLog - minLog)));
  }

  /** {@code count} distinct indexes in {@code [0, n)}, sorted; fewer if n is smaller. */
  private static List<Integer> distinctSorted(Random random, int count, int n) {
    TreeSet<Integer> set = new TreeSet<>();
    while (set.size() < Math.min(count, n)) {
      set.add(random.nextInt(n));
    }
    List<Integer> list = new ArrayList<>(set);
    if (list.size() % 2 == 1) {
      list.remove(list.size() - 1);
    }
    if (list.isEmpty()) {
      list.add(0);
      list.add(0);
    }
    return list;
  }

  /** {@code lo}, {@code hi} and a random subset of the indexes between them, ascending. */
  private static List<Integer> pickIndexes(Random random, int lo, int hi) {
    double density = 0.1 + random.nextDouble() * 0.9;
    List<Integer> out = new ArrayList<>();
    out.add(lo);
    for (int k = lo + 1; k < hi; k++) {
      if (random.nextDouble() < density) {
        out.add(k);
      }
    }
    if (hi > lo) {
      out.add(hi);
    }
    return out;
  }
}
