package io.strata.compaction.tiered;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.Compaction.LevelInputs;
import io.strata.api.spi.version.FileMetaData;
import java.util.Optional;

/**
 * A merge the tiered strategy picked: two or more sorted runs adjacent in age order, and why.
 * Immutable.
 *
 * <p>Placement ({@link #outputLevel}): the output goes where the oldest input was, as the age
 * rules of {@code CompactionStrategy} require. When every input is a level-0 file it is one
 * level-0 file (the engine records its sequence range, so it sorts where its inputs were); when
 * the inputs include level runs, which are older than every level-0 file, they are the oldest
 * inputs, the level-0 inputs are the oldest level-0 files, and the output replaces the deepest
 * input level, cut into files of {@code target_file_size}.
 *
 * @param runs the runs to merge, newest first, adjacent in the tree's age order; at least two
 * @param reason why they were picked, for the info log and stats
 */
record RunMerge(ImmutableList<SortedRun> runs, String reason) {
  RunMerge {
    checkArgument(runs.size() >= 2, "a merge takes at least two runs, got %s", runs.size());
  }

  /** The level of the oldest input run: 0, or the deepest input level. */
  int outputLevel() {
    return runs.get(runs.size() - 1).level();
  }

  /**
   * The compaction for the engine: inputs grouped by level (level 0 first, newest first; then
   * each level in key order), no grandparents, no compaction pointer, never a trivial move.
   */
  Compaction toCompaction(TieredCompactionOptions options) {
    ImmutableList.Builder<LevelInputs> inputs = ImmutableList.builder();
    ImmutableList.Builder<FileMetaData> level0 = ImmutableList.builder();
    boolean anyLevel0 = false;
    for (SortedRun run : runs) {
      if (run.level() == 0) {
        level0.add(run.files().get(0));
        anyLevel0 = true;
      }
    }
    if (anyLevel0) {
      inputs.add(new LevelInputs(0, level0.build()));
    }
    for (SortedRun run : runs) {
      if (run.level() > 0) {
        inputs.add(new LevelInputs(run.level(), run.files()));
      }
    }
    int outputLevel = outputLevel();
    // A level-0 output is one run, so one file; a level output is cut like any level's files.
    long maxOutputFileSizeBytes =
        outputLevel == 0 ? Long.MAX_VALUE : options.targetFileSizeBytes();
    return new Compaction(inputs.build(), outputLevel, ImmutableList.of(),
        maxOutputFileSizeBytes, 0, false, Optional.empty(), reason);
  }
}
