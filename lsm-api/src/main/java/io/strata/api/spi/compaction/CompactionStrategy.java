package io.strata.api.spi.compaction;

import io.strata.api.WriteStallCause;
import io.strata.api.spi.version.Version;
import java.util.Optional;

/**
 * Decides, from an immutable {@link Version}, what to compact next and how writers must pace
 * themselves. A pure decision: it reads no files and keeps no state that the Version does not
 * carry, so it is testable without disk. Thread-safe. Besides the Version, it may weigh the
 * entry and deletion counts of each file that {@code PluginContext#tableStats()} gives it (the
 * MANIFEST does not hold them), so that deletion-heavy files are compacted sooner.
 *
 * <p><b>Age order.</b> Reads take the first entry they find for a key, consulting level 0 in
 * {@link Version#LEVEL0_NEWEST_FIRST} order and then levels 1, 2, ... in turn. Every compaction a
 * strategy picks must keep that order true: for any two overlapping files, the one consulted
 * first holds only newer data. Two rules suffice: merge only runs that are adjacent in age among
 * the files overlapping them (for level 0: no non-input level-0 file overlapping the inputs is
 * older than one input and newer than another), and put the output where the oldest input was
 * (level 0 for level-0 inputs only, else the deepest input level, or the level just below it).
 * The engine records each level-0 output's sequence range so that a merged run sorts by the age
 * of its data, not by its new file number; it drops a tombstone only when no file outside the
 * inputs that is older than the output may hold the key.
 *
 * <p>A database may be reopened with another strategy: the new one then finds a tree shaped by
 * the old one and must reshape it in bounded steps (no compaction of the whole database at once
 * while writers wait), keeping reads correct throughout.
 */
public interface CompactionStrategy {
  /** {@return the name of the provider that created it, recorded in logs and stats} */
  String name();

  /**
   * Whether the trees this strategy builds are in LevelDB's layout: level 0 only receives
   * flushes, so its file-number order is its age order, and every deeper level is older than the
   * ones above it. For such a strategy the engine writes MANIFEST records exactly as LevelDB does;
   * otherwise it records each file's sequence range and writer, and the strategy in use, in
   * records of its own that LevelDB refuses to read (rather than misreading the tree). Default
   * false.
   *
   * @return true if the strategy keeps LevelDB's layout
   */
  default boolean levelDbLayout() {
    return false;
  }

  /**
   * Picks the next compaction.
   *
   * @param version the current state of the tree
   * @return the most urgent compaction for {@code version}, or empty when the tree is in shape
   */
  Optional<Compaction> pickCompaction(Version version);

  /**
   * A compaction of the files of {@code level} overlapping the user-key range {@code [begin,
   * end]} (closed; null bounds are open) into the next level, for a manual
   * {@code compactRange}; empty when no file of {@code level} overlaps it. The engine calls it
   * for each level from 0 down to the last level holding files, repeatedly until empty.
   *
   * @param version the current state of the tree
   * @param level the level to compact out of
   * @param begin the range's first user key, or null for no lower bound
   * @param end the range's last user key, or null for no upper bound
   * @return the compaction, or empty when no file of {@code level} overlaps the range
   */
  Optional<Compaction> rangeCompaction(Version version, int level, byte[] begin, byte[] end);

  /**
   * How writers must pace themselves.
   *
   * @param version the current state of the tree
   * @return the pacing writers must follow: none, a slowdown or a stop
   */
  WriteStall writeStall(Version version);

  /**
   * Why {@link #writeStall} paces writers, for statistics and listeners; asked only when it
   * returns other than {@link WriteStall#NONE}. Default {@link WriteStallCause#STRATEGY}; a
   * strategy whose stall counts level-0 files or sorted runs returns
   * {@link WriteStallCause#LEVEL0_FILES}.
   *
   * @param version the state of the tree {@link #writeStall} was asked about
   * @return the cause of the stall
   */
  default WriteStallCause writeStallCause(Version version) {
    return WriteStallCause.STRATEGY;
  }

  /**
   * Bytes compaction must still rewrite to bring {@code version} into shape (rocksdb
   * {@code EstimatedCompactionNeededBytes}), for statistics. An estimate: 0 when the tree is in
   * shape. Called from any thread; must be cheap. Default: the input bytes of
   * {@link #pickCompaction} if it picks one, else 0.
   *
   * @param version the current state of the tree
   * @return the estimate, in bytes
   */
  default long estimatedPendingCompactionBytes(Version version) {
    return pickCompaction(version).map(Compaction::inputBytes).orElse(0L);
  }

  /**
   * The level a flushed memtable covering the user-key range {@code [smallest, largest]} goes to
   * (LevelDB's {@code PickLevelForMemTableOutput}); 0 is always correct.
   *
   * @param version the current state of the tree
   * @param smallestUserKey the memtable's smallest user key
   * @param largestUserKey the memtable's largest user key
   * @return the level the new table goes to
   */
  default int levelForFlush(Version version, byte[] smallestUserKey, byte[] largestUserKey) {
    return 0;
  }

  /**
   * The compaction score of each level, for stats. A level scoring 1 or more needs compaction:
   * while one does, {@link #pickCompaction} returns a compaction (not necessarily of that level).
   * Scores under 1 tell how close a level is. Default: every level 0.
   *
   * @param version the current state of the tree
   * @return one score per level, level 0 first
   */
  default double[] levelScores(Version version) {
    return new double[version.numLevels()];
  }
}
