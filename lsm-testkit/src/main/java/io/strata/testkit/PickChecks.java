package io.strata.testkit;

import io.strata.api.Bytes;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What every compaction a strategy picks must satisfy before it runs, checked against the
 * {@link Version} it was picked from; and the sanity of a strategy's other answers. Stateless.
 */
final class PickChecks {
  private PickChecks() {}

  /**
   * Checks {@code c}, picked from {@code v}:
   *
   * <ul>
   *   <li>every input exists in {@code v} at the stated level, with the same metadata, once;
   *   <li>a trivial move has exactly one input and moves it to another level;
   *   <li>the output level is the deepest input level or below it, with no file of a level in
   *       between overlapping an input (so that older data never ends up above newer data; e.g.
   *       level 0 compacting into the base level of dynamic level targets), and not level 0 for
   *       a strategy in LevelDB's layout;
   *   <li>level-0 inputs are adjacent in age: no non-input level-0 file overlapping an input lies
   *       between two inputs in Version order;
   *   <li>no non-input file of a level strictly between two input levels overlaps an input;
   *   <li>grandparents exist at the level below the output; boundaries ascend strictly.
   * </ul>
   *
   * @throws AssertionError naming {@code context}
   */
  static void check(Version v, Compaction c, boolean levelDbLayout, String context) {
    Supplier<String> what = () -> context + ": " + SimulatedTree.describe(c) + " picked from\n"
        + SimulatedTree.describe(v);
    Set<Long> inputNumbers = new HashSet<>();
    int deepest = -1;
    int shallowest = Version.NUM_LEVELS;
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData f : in.files()) {
        require(inputNumbers.add(f.fileNumber()), what, "file %s is an input twice",
            f.fileNumber());
        require(v.files(in.level()).contains(f), what, "file %s is not in level %s",
            f.fileNumber(), in.level());
      }
      if (!in.files().isEmpty()) {
        deepest = Math.max(deepest, in.level());
        shallowest = Math.min(shallowest, in.level());
      }
    }
    require(c.inputFileCount() > 0, what, "no input files");
    if (c.trivialMove()) {
      require(c.inputFileCount() == 1, what, "a trivial move takes one file");
      require(c.outputLevel() != deepest, what, "a trivial move must change the level");
    }
    require(c.outputLevel() >= deepest, what,
        "the output goes where the oldest input was or below: level %s or deeper", deepest);
    for (int level = deepest + 1; level < c.outputLevel(); level++) {
      for (FileMetaData f : v.files(level)) {
        require(!overlapsAnInput(f, c), what, "file %s of level %s, between the inputs and the"
            + " output level %s, overlaps the inputs", f.fileNumber(), level, c.outputLevel());
      }
    }
    require(!levelDbLayout || c.outputLevel() > 0, what,
        "a strategy in LevelDB's layout only flushes into level 0");
    checkLevel0Adjacency(v, c, inputNumbers, what);
    for (int level = shallowest + 1; level < deepest; level++) {
      for (FileMetaData f : v.files(level)) {
        require(inputNumbers.contains(f.fileNumber()) || !overlapsAnInput(f, c), what,
            "file %s of level %s, between input levels %s and %s, overlaps the inputs but is"
                + " not one", f.fileNumber(), level, shallowest, deepest);
      }
    }
    if (c.outputLevel() + 1 < Version.NUM_LEVELS) {
      require(v.files(c.outputLevel() + 1).containsAll(c.grandparents()), what,
          "a grandparent is not in level %s", c.outputLevel() + 1);
    } else {
      require(c.grandparents().isEmpty(), what, "grandparents below the last level");
    }
    List<Bytes> b = c.outputBoundaries();
    for (int i = 1; i < b.size(); i++) {
      require(b.get(i - 1).compareTo(b.get(i)) < 0, what, "output boundaries must ascend: %s, %s",
          b.get(i - 1), b.get(i));
    }
  }

  /** Fails with {@code what}, then {@code format} filled with {@code args}, unless {@code ok}. */
  static void require(boolean ok, Supplier<String> what, String format, Object... args) {
    if (!ok) {
      throw new AssertionError(what.get() + "\n" + String.format(format, args));
    }
  }

  private static void checkLevel0Adjacency(Version v, Compaction c, Set<Long> inputNumbers,
      Supplier<String> what) {
    List<FileMetaData> l0 = v.files(0);
    List<FileMetaData> inputs = new ArrayList<>();
    int first = -1;
    int last = -1;
    for (int i = 0; i < l0.size(); i++) {
      if (inputNumbers.contains(l0.get(i).fileNumber())) {
        inputs.add(l0.get(i));
        first = first < 0 ? i : first;
        last = i;
      }
    }
    for (int i = first + 1; i < last; i++) {
      FileMetaData f = l0.get(i);
      if (inputNumbers.contains(f.fileNumber())) {
        continue;
      }
      for (FileMetaData in : inputs) {
        require(!SimulatedTree.overlap(f, in), what, "level-0 file %s overlaps input %s and lies"
            + " between two inputs in age: the inputs are not adjacent in age", f.fileNumber(),
            in.fileNumber());
      }
    }
  }

  private static boolean overlapsAnInput(FileMetaData f, Compaction c) {
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData g : in.files()) {
        if (SimulatedTree.overlap(f, g)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Checks {@code writeStall}, {@code levelScores} and {@code levelForFlush} on {@code v}: they
   * return sane values; a flush placed below level 0 overlaps no file at or above its level; a
   * pick is the same when asked twice (a pure decision); writers are never stopped with no
   * compaction to run (the engine would wait forever); and no level scores 1 or more, which says
   * it needs compaction, when no compaction is picked.
   */
  static void checkAnswers(CompactionStrategy s, Version v, byte[] lo, byte[] hi,
      String context) {
    Supplier<String> what = () -> context + ", tree:\n" + SimulatedTree.describe(v);
    WriteStall stall = s.writeStall(v);
    require(stall != null, what, "writeStall returned null");
    double[] scores = s.levelScores(v);
    require(scores != null && scores.length == Version.NUM_LEVELS, what,
        "levelScores must return %s scores: %s", Version.NUM_LEVELS, Arrays.toString(scores));
    for (double score : scores) {
      require(Double.isFinite(score) && score >= 0, what,
          "level scores must be finite and >= 0: %s", Arrays.toString(scores));
    }
    int level = s.levelForFlush(v, lo, hi);
    require(level >= 0 && level < Version.NUM_LEVELS, what, "levelForFlush returned %s", level);
    for (int l = 0; l <= level && level > 0; l++) {
      require(!v.overlapInLevel(l, lo, hi), what, "a flush placed in level %s overlaps level %s,"
          + " whose data it would hide or be hidden by", level, l);
    }
    Optional<Compaction> pick = s.pickCompaction(v);
    require(pick.equals(s.pickCompaction(v)), what,
        "pickCompaction must be a pure function of the Version");
    require(stall != WriteStall.STOP || pick.isPresent(), what,
        "writes are stopped but no compaction is picked: the engine would wait forever");
    for (int l = 0; l < scores.length && pick.isEmpty(); l++) {
      require(scores[l] < 1, what, "level %s scores %s >= 1 (needs compaction) but no compaction"
          + " is picked: %s", l, scores[l], Arrays.toString(scores));
    }
  }
}
