package io.strata.api.spi.compaction;

import io.strata.api.spi.version.Version;
import java.util.Optional;

/**
 * Decides, from an immutable {@link Version}, what to compact next and how writers must pace
 * themselves. A pure decision: it reads no files and keeps no state that the Version does not
 * carry, so it is testable without disk. Thread-safe.
 */
public interface CompactionStrategy {
  /** The provider name that created it, recorded in logs and stats. */
  String name();

  /** The most urgent compaction for {@code version}, or empty when the tree is in shape. */
  Optional<Compaction> pickCompaction(Version version);

  /**
   * A compaction of the files of {@code level} overlapping the user-key range {@code [begin,
   * end]} (closed; null bounds are open) into the next level, for a manual
   * {@code compactRange}; empty when no file of {@code level} overlaps it. The engine calls it
   * for each level from 0 down to the last level holding files, repeatedly until empty.
   */
  Optional<Compaction> rangeCompaction(Version version, int level, byte[] begin, byte[] end);

  /** How writers must pace themselves given {@code version}. */
  WriteStall writeStall(Version version);

  /**
   * The level a flushed memtable covering the user-key range {@code [smallest, largest]} goes to
   * (LevelDB's {@code PickLevelForMemTableOutput}); 0 is always correct.
   */
  default int levelForFlush(Version version, byte[] smallestUserKey, byte[] largestUserKey) {
    return 0;
  }

  /** The compaction score of each level, for stats; a level with score >= 1 needs compaction. */
  default double[] levelScores(Version version) {
    return new double[version.numLevels()];
  }
}
