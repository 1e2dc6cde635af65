package io.strata.api.spi.compaction;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.strata.api.Bytes;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.util.Optional;

/**
 * One compaction a strategy asks the engine to run: merge the input files into new files at
 * {@code outputLevel}, or, for a trivial move, relink the single input there. Immutable.
 *
 * <p>The engine removes every input from its level and adds the outputs to {@code outputLevel}
 * in one {@code VersionEdit}, together with the compaction pointer if present. While merging it
 * drops an entry shadowed by a newer one of the same user key when no snapshot can see it, and a
 * tombstone when additionally no file older than the output may hold the key: none in a level
 * below {@code outputLevel} and, for a level-0 output, no non-input level-0 file after the oldest
 * input in {@link Version#LEVEL0_NEWEST_FIRST} order. It cuts an
 * output file when it reaches {@code maxOutputFileSizeBytes}, or before a key at which the output
 * would overlap more than {@code maxGrandparentOverlapBytes} of {@code grandparents} (LevelDB's
 * {@code ShouldStopBefore}), and before the first key at or past each of {@code
 * outputBoundaries} (so that no output spans a boundary, e.g. of a time window).
 *
 * <p>With {@code alignOutputsToGrandparents} and grandparents to align to, {@code
 * maxOutputFileSizeBytes} is a target rather than a cap, as RocksDB's {@code
 * level_compaction_dynamic_file_size} (facebook/rocksdb db/compaction/compaction_outputs.cc
 * {@code ShouldStopBefore}): an output may end before a key that crosses a grandparent file's
 * boundary once it holds half the target (5% more for each boundary it has crossed, at most
 * 90%), or when the key would make it overlap a grandparent file of more than an eighth of the
 * target that it could have left out; it is cut at twice the target. Outputs then end where the
 * next level's files end, so that a later compaction of one output rewrites fewer next-level
 * bytes that it does not merge with.
 *
 * @param inputs the files to merge, grouped by level; level-0 groups may overlap
 * @param outputLevel the level the outputs go to
 * @param grandparents files of the level below {@code outputLevel} that overlap the inputs
 * @param maxOutputFileSizeBytes output file size cut, in bytes
 * @param maxGrandparentOverlapBytes bytes of grandparents one output may overlap; 0 for no limit
 * @param trivialMove relink the one input file to {@code outputLevel} without rewriting it
 * @param compactPointer the largest key of the compaction, recorded for round-robin picking
 * @param reason a short human-readable reason, for the info log and stats
 * @param outputBoundaries user keys, ascending in the user comparator's order, that no output
 *     file may span: an output ends before the first key {@code >=} each boundary
 * @param alignOutputsToGrandparents cut outputs at grandparent file boundaries, from half of
 *     {@code maxOutputFileSizeBytes} up to twice it, as described above
 */
public record Compaction(ImmutableList<LevelInputs> inputs, int outputLevel,
    ImmutableList<FileMetaData> grandparents, long maxOutputFileSizeBytes,
    long maxGrandparentOverlapBytes, boolean trivialMove,
    Optional<CompactPointerUpdate> compactPointer, String reason,
    ImmutableList<Bytes> outputBoundaries, boolean alignOutputsToGrandparents) {

  /**
   * Input files of one level.
   *
   * @param level the level, 0 to {@link Version#NUM_LEVELS} - 1
   * @param files the level's input files, in the level's order
   */
  public record LevelInputs(int level, ImmutableList<FileMetaData> files) {
    /**
     * Checks the components.
     *
     * @param level the level, 0 to {@link Version#NUM_LEVELS} - 1
     * @param files the level's input files, in the level's order
     * @throws IllegalArgumentException if {@code level} is out of range
     * @throws NullPointerException if {@code files} is null
     */
    public LevelInputs {
      checkArgument(level >= 0 && level < Version.NUM_LEVELS, "level out of range: %s", level);
      checkNotNull(files, "files");
    }
  }

  /**
   * The compaction pointer to record for {@code level}.
   *
   * @param level the level the pointer belongs to
   * @param key the largest internal key of the compaction
   */
  public record CompactPointerUpdate(int level, InternalKey key) {
    /**
     * Checks the key.
     *
     * @param level the level the pointer belongs to
     * @param key the largest internal key of the compaction
     * @throws NullPointerException if {@code key} is null
     */
    public CompactPointerUpdate {
      checkNotNull(key, "key");
    }
  }

  /**
   * Checks the components.
   *
   * @param inputs the files to merge, grouped by level; level-0 groups may overlap
   * @param outputLevel the level the outputs go to
   * @param grandparents files of the level below {@code outputLevel} that overlap the inputs
   * @param maxOutputFileSizeBytes output file size cut, in bytes
   * @param maxGrandparentOverlapBytes bytes of grandparents one output may overlap; 0 for no limit
   * @param trivialMove relink the one input file to {@code outputLevel} without rewriting it
   * @param compactPointer the largest key of the compaction, recorded for round-robin picking
   * @param reason a short human-readable reason, for the info log and stats
   * @param outputBoundaries user keys, ascending in the user comparator's order, that no output
   *     file may span: an output ends before the first key {@code >=} each boundary
   * @param alignOutputsToGrandparents cut outputs at grandparent file boundaries, from half of
   *     {@code maxOutputFileSizeBytes} up to twice it, as the class describes
   * @throws NullPointerException if a component other than a primitive is null
   * @throws IllegalArgumentException if {@code inputs} is empty, {@code outputLevel} is out of
   *     range, {@code maxOutputFileSizeBytes} is not positive, or a trivial move has other than
   *     one input file
   */
  public Compaction {
    checkNotNull(inputs, "inputs");
    checkArgument(!inputs.isEmpty(), "a compaction needs inputs");
    checkArgument(outputLevel >= 0 && outputLevel < Version.NUM_LEVELS,
        "outputLevel out of range: %s", outputLevel);
    checkNotNull(grandparents, "grandparents");
    checkArgument(maxOutputFileSizeBytes > 0, "maxOutputFileSizeBytes must be > 0, was %s",
        maxOutputFileSizeBytes);
    checkNotNull(compactPointer, "compactPointer");
    checkNotNull(reason, "reason");
    checkNotNull(outputBoundaries, "outputBoundaries");
    if (trivialMove) {
      int n = 0;
      for (LevelInputs in : inputs) {
        n += in.files().size();
      }
      checkArgument(n == 1, "a trivial move takes exactly one file, got %s", n);
    }
  }

  /**
   * A compaction whose outputs are cut by size, grandparent overlap and {@code
   * outputBoundaries}, not aligned to grandparent boundaries.
   *
   * @param inputs the files to merge, grouped by level; level-0 groups may overlap
   * @param outputLevel the level the outputs go to
   * @param grandparents files of the level below {@code outputLevel} that overlap the inputs
   * @param maxOutputFileSizeBytes output file size cut, in bytes
   * @param maxGrandparentOverlapBytes bytes of grandparents one output may overlap; 0 for no limit
   * @param trivialMove relink the one input file to {@code outputLevel} without rewriting it
   * @param compactPointer the largest key of the compaction, recorded for round-robin picking
   * @param reason a short human-readable reason, for the info log and stats
   * @param outputBoundaries user keys, ascending in the user comparator's order, that no output
   *     file may span: an output ends before the first key {@code >=} each boundary
   * @throws NullPointerException if a component other than a primitive is null
   * @throws IllegalArgumentException as the canonical constructor
   */
  public Compaction(ImmutableList<LevelInputs> inputs, int outputLevel,
      ImmutableList<FileMetaData> grandparents, long maxOutputFileSizeBytes,
      long maxGrandparentOverlapBytes, boolean trivialMove,
      Optional<CompactPointerUpdate> compactPointer, String reason,
      ImmutableList<Bytes> outputBoundaries) {
    this(inputs, outputLevel, grandparents, maxOutputFileSizeBytes, maxGrandparentOverlapBytes,
        trivialMove, compactPointer, reason, outputBoundaries, false);
  }

  /**
   * A compaction whose outputs are cut only by size and grandparent overlap.
   *
   * @param inputs the files to merge, grouped by level; level-0 groups may overlap
   * @param outputLevel the level the outputs go to
   * @param grandparents files of the level below {@code outputLevel} that overlap the inputs
   * @param maxOutputFileSizeBytes output file size cut, in bytes
   * @param maxGrandparentOverlapBytes bytes of grandparents one output may overlap; 0 for no limit
   * @param trivialMove relink the one input file to {@code outputLevel} without rewriting it
   * @param compactPointer the largest key of the compaction, recorded for round-robin picking
   * @param reason a short human-readable reason, for the info log and stats
   * @throws NullPointerException if a component other than a primitive is null
   * @throws IllegalArgumentException as the canonical constructor
   */
  public Compaction(ImmutableList<LevelInputs> inputs, int outputLevel,
      ImmutableList<FileMetaData> grandparents, long maxOutputFileSizeBytes,
      long maxGrandparentOverlapBytes, boolean trivialMove,
      Optional<CompactPointerUpdate> compactPointer, String reason) {
    this(inputs, outputLevel, grandparents, maxOutputFileSizeBytes, maxGrandparentOverlapBytes,
        trivialMove, compactPointer, reason, ImmutableList.of(), false);
  }

  /** {@return the number of input files over all levels} */
  public int inputFileCount() {
    int n = 0;
    for (LevelInputs in : inputs) {
      n += in.files().size();
    }
    return n;
  }

  /** {@return the total bytes of the input files} */
  public long inputBytes() {
    long n = 0;
    for (LevelInputs in : inputs) {
      for (FileMetaData f : in.files()) {
        n += f.fileSizeBytes();
      }
    }
    return n;
  }

  /** {@return the smallest input level; the level the compaction is "from"} */
  public int startLevel() {
    int min = Integer.MAX_VALUE;
    for (LevelInputs in : inputs) {
      min = Math.min(min, in.level());
    }
    return min;
  }
}
