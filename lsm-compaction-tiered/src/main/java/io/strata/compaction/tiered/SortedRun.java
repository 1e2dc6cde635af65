package io.strata.compaction.tiered;

import com.google.common.collect.ImmutableList;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.util.List;

/**
 * One sorted run of a tree as the tiered strategy sees it: a level-0 file, or every file of one
 * level from 1 (whose files never overlap, so together they are one sorted run). Immutable.
 *
 * <p>{@link #of} lists the runs of a Version in age order, newest data first, the order in which
 * reads consult them: the level-0 files in {@link Version#LEVEL0_NEWEST_FIRST} order, then each
 * non-empty level from 1 down (a deeper level holds older data).
 *
 * @param level 0 for a level-0 file, else the level whose files make the run
 * @param files the one level-0 file, or the level's files in key order; not empty
 * @param sizeBytes the sum of the files' sizes, in bytes
 */
record SortedRun(int level, ImmutableList<FileMetaData> files, long sizeBytes) {

  /** The runs of {@code version}, newest first; empty for an empty tree. */
  static ImmutableList<SortedRun> of(Version version) {
    ImmutableList.Builder<SortedRun> runs = ImmutableList.builder();
    for (FileMetaData f : version.files(0)) {
      runs.add(new SortedRun(0, ImmutableList.of(f), f.fileSizeBytes()));
    }
    for (int level = 1; level < version.numLevels(); level++) {
      if (version.numFiles(level) > 0) {
        runs.add(new SortedRun(level, version.files(level), version.levelBytes(level)));
      }
    }
    return runs.build();
  }

  /**
   * The number of runs of {@code version}: its level-0 files plus its non-empty deeper levels.
   * Allocates nothing, for {@code writeStall} on the write path.
   */
  static int count(Version version) {
    int runs = version.numFiles(0);
    for (int level = 1; level < version.numLevels(); level++) {
      if (version.numFiles(level) > 0) {
        runs++;
      }
    }
    return runs;
  }

  /**
   * The index in {@code runs} of the oldest level-0 file without a recorded sequence range, or -1
   * if every level-0 file has one. Such files come first in level 0 (LevelDB's layout, see
   * {@link Version#LEVEL0_NEWEST_FIRST}), and a level-0 merge output, whose sequence range the
   * engine records, sorts after all of them: so a merge into level 0 that takes one of them must
   * reach this index, or the output would be read after older files.
   */
  static int oldestUnsequencedLevel0(List<SortedRun> runs) {
    int oldest = -1;
    for (int i = 0; i < runs.size() && runs.get(i).level() == 0; i++) {
      if (!runs.get(i).files().get(0).hasSequenceRange()) {
        oldest = i;
      }
    }
    return oldest;
  }

  /** The run's name in reasons and tests: the file number for level 0, {@code L<n>} else. */
  String label() {
    return level == 0 ? Long.toString(files.get(0).fileNumber()) : "L" + level;
  }
}
