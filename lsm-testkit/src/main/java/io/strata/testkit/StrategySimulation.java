package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.strata.api.Bytes;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Drives a strategy over a {@link SimulatedTree} the way the engine does: flushes placed with
 * {@code levelForFlush}, background picks that lag behind the flushes (but catch up whenever
 * writers would be stopped), and manual range compactions level by level until each level's
 * range is empty. Every pick is checked before it runs ({@link PickChecks}) and every tree after
 * it ({@link SimulatedTree#checkAgeOrder} and the author's shape check). Confined to one thread.
 */
final class StrategySimulation {
  /** Level-0 files the tree may hold at any time. */
  static final int MAX_LEVEL0_FILES = 64;
  /** Files the tree may hold beyond twice the flush-sized files its live bytes would fill. */
  static final int FILE_COUNT_SLACK = 64;

  private final CompactionStrategy strategy;
  private final SimulatedTree tree;
  private final Consumer<Version> shapeCheck;
  private final String context;
  private long picks;
  private long smallestOutputCutBytes = Long.MAX_VALUE;

  /**
   * @param shapeCheck the author's invariants, run after every change (pass a no-op for trees
   *     the strategy did not build)
   * @param context names the run (seed included) in failure messages
   */
  StrategySimulation(CompactionStrategy strategy, SimulatedTree tree,
      Consumer<Version> shapeCheck, String context) {
    this.strategy = strategy;
    this.tree = tree;
    this.shapeCheck = shapeCheck;
    this.context = context;
  }

  SimulatedTree tree() {
    return tree;
  }

  /** Picks applied so far. */
  long picks() {
    return picks;
  }

  /** Flushes {@code keys} as one file of {@code bytes}, where the strategy says. */
  void flush(List<Bytes> keys, long bytes) {
    Version v = tree.version();
    byte[] lo = keys.get(0).toByteArray();
    byte[] hi = keys.get(keys.size() - 1).toByteArray();
    PickChecks.checkAnswers(strategy, v, lo, hi, context);
    FileMetaData f = tree.newFlush(keys, bytes);
    tree.installFlush(strategy.levelForFlush(v, lo, hi), f);
    afterChange(null);
  }

  /** Runs the strategy's pick, if any; returns whether there was one. */
  boolean pickOnce() {
    Version v = tree.version();
    Optional<Compaction> c = strategy.pickCompaction(v);
    if (c.isEmpty()) {
      return false;
    }
    PickChecks.check(v, c.get(), strategy.levelDbLayout(), context + ", pickCompaction");
    noteOutputCut(c.get());
    tree.apply(c.get(), false, context);
    picks++;
    afterChange(c.get());
    return true;
  }

  /** Runs picks until writers are no longer stopped; fails if that takes over {@code limit}. */
  void catchUpWhileStopped(int limit) {
    for (int i = 0; strategy.writeStall(tree.version()) == WriteStall.STOP; i++) {
      assertThat(i).as("%s: writes still stopped after %s compactions", context, limit)
          .isLessThan(limit);
      assertThat(pickOnce()).as("%s: writes stopped with nothing to compact", context).isTrue();
    }
  }

  /**
   * Runs picks until there is none; fails if that takes more than {@code 20 * (files + 10)},
   * {@code files} being the most files the tree has held during the drain: a compaction may cut
   * its inputs into many outputs (entries larger than the target file size go one to a file),
   * and each of those may then move down level by level. Compaction creates no entries, so the
   * bound stays finite and an endless compaction still fails.
   *
   * @return the number of picks run
   */
  int drain() {
    int maxFiles = tree.fileCount();
    int n = 0;
    while (pickOnce()) {
      maxFiles = Math.max(maxFiles, tree.fileCount());
      int limit = 20 * (maxFiles + 10);
      if (++n > limit) {
        fail("%s: still compacting after %s picks from a tree of at most %s files: endless"
            + " compaction; tree:%n%s", context, limit, maxFiles,
            SimulatedTree.describe(tree.version()));
      }
    }
    return n;
  }

  /**
   * What {@code compactRange(begin, end)} does: for each level from 0 to the deepest level from
   * 1 holding the range (at least 1), {@code rangeCompaction} until empty; each level must empty
   * in at most {@code 2 * files + 16} calls.
   */
  void compactRange(byte[] begin, byte[] end) {
    Version start = tree.version();
    int lastLevel = 1;
    for (int level = 1; level < Version.NUM_LEVELS; level++) {
      if (start.overlapInLevel(level, begin, end)) {
        lastLevel = level;
      }
    }
    for (int level = 0; level <= lastLevel; level++) {
      int limit = 2 * tree.fileCount() + 16;
      for (int calls = 0; ; calls++) {
        Version v = tree.version();
        Optional<Compaction> c = strategy.rangeCompaction(v, level, begin, end);
        if (c.isEmpty()) {
          break;
        }
        if (calls >= limit) {
          fail("%s: rangeCompaction(level %s, %s, %s) still returns compactions after %s calls:"
              + " compactRange would never end; tree:%n%s", context, level, str(begin), str(end),
              limit, SimulatedTree.describe(v));
        }
        checkRangePick(v, level, c.get(), "rangeCompaction(level " + level + ")");
        noteOutputCut(c.get());
        tree.apply(c.get(), true, context);
        picks++;
        afterChange(c.get());
      }
    }
  }

  /** The checks of a range pick: a pick's checks, and it starts at {@code level}. */
  void checkRangePick(Version v, int level, Compaction c, String what) {
    PickChecks.check(v, c, strategy.levelDbLayout(), context + ", " + what);
    if (c.startLevel() != level) {
      fail("%s, %s: %s must compact files of level %s", context, what, SimulatedTree.describe(c),
          level);
    }
  }

  private void noteOutputCut(Compaction c) {
    if (!c.trivialMove()) {
      smallestOutputCutBytes = Math.min(smallestOutputCutBytes, c.maxOutputFileSizeBytes());
    }
  }

  /**
   * Fails if the tree holds more than {@link #MAX_LEVEL0_FILES} level-0 files, or more files in
   * all than {@code FILE_COUNT_SLACK + 2 * ceil(liveBytes / fileBytes)}, where {@code fileBytes}
   * is the smaller of the mean flush size and the smallest output file size a merge so far asked
   * for: every file but the last of each output run is that full.
   */
  void checkFileCount(long meanFlushBytes) {
    Version v = tree.version();
    assertThat(v.numFiles(0)).as("%s: level-0 files (each one read by every get)", context)
        .isLessThanOrEqualTo(MAX_LEVEL0_FILES);
    long fileBytes = Math.max(1, Math.min(meanFlushBytes, smallestOutputCutBytes));
    long bound = FILE_COUNT_SLACK + 2 * ((tree.liveBytes() + fileBytes - 1) / fileBytes);
    if (tree.fileCount() > bound) {
      fail("%s: %s files for %s live bytes in files of about %s bytes, more than %s; tree:%n%s",
          context, tree.fileCount(), tree.liveBytes(), fileBytes, bound,
          SimulatedTree.describe(v));
    }
  }

  /** The checks after a flush ({@code c} null) or after {@code c} ran. */
  private void afterChange(Compaction c) {
    String where = context + ", after " + (c == null ? "a flush" : SimulatedTree.describe(c));
    tree.checkAgeOrder(where);
    try {
      shapeCheck.accept(tree.version());
    } catch (AssertionError e) {
      throw new AssertionError(where + ": the strategy's declared tree shape does not hold: "
          + e.getMessage() + "\ntree:\n" + SimulatedTree.describe(tree.version()), e);
    }
  }

  /** A flush's keys: a random run of {@code universe}, some keys left out. */
  static List<Bytes> flushKeys(Random random, List<Bytes> universe, int maxKeys) {
    int n = universe.size();
    int span = 1 + random.nextInt(Math.min(n, random.nextBoolean() ? maxKeys : n));
    int from = random.nextInt(n - span + 1);
    double density = Math.min(1, (double) maxKeys / span) * (0.3 + 0.7 * random.nextDouble());
    List<Bytes> keys = new ArrayList<>();
    for (int i = from; i < from + span; i++) {
      if (keys.isEmpty() || random.nextDouble() < density) {
        keys.add(universe.get(i));
      }
    }
    return keys;
  }

  static String str(byte[] key) {
    return key == null ? "null" : Bytes.copyOf(key).toString();
  }
}
