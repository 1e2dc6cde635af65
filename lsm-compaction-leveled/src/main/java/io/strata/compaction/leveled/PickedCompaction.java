package io.strata.compaction.leveled;

import com.google.common.collect.ImmutableList;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.Compaction.CompactPointerUpdate;
import io.strata.api.spi.compaction.Compaction.LevelInputs;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.compaction.leveled.FileRanges.KeyRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A compaction being put together from its seed inputs at {@code startLevel}, in the named steps
 * of LevelDB's {@code SetupOtherInputs} (google/leveldb db/version_set.cc; the step names follow
 * cockroachdb/pebble {@code compaction_picker.go}):
 *
 * <ol>
 *   <li>{@link #addStartLevelBoundaryInputs}: no user key split at the start level's edge;
 *   <li>{@link #setupOutputLevelInputs}: the files of the output level the range overlaps, with
 *       their boundary files;
 *   <li>{@link #growStartLevelInputs}: take more start-level files if the output-level inputs
 *       stay the same and the whole stays under the expanded size limit;
 *   <li>{@link #addGrandparents}: the files of the level below the output level the whole
 *       compaction overlaps, for output cuts and the trivial-move check.
 * </ol>
 *
 * <p>Then {@link #isTrivialMove} decides whether the one input can simply be relinked, and
 * {@link #toCompaction} freezes the result. Confined to the picking thread; used once.
 */
final class PickedCompaction {
  private final Version version;
  private final InternalKeyComparator icmp;
  private final LeveledCompactionOptions options;
  private final int startLevel;
  private final int outputLevel;
  private final boolean manual;
  private final String reason;
  private List<FileMetaData> startInputs;
  private List<FileMetaData> outputInputs = new ArrayList<>();
  private List<FileMetaData> grandparents = new ArrayList<>();
  // Range of startInputs alone: becomes the start level's compaction pointer.
  private KeyRange startRange;
  // Range of startInputs and outputInputs together: what grandparents must overlap.
  private KeyRange totalRange;

  /**
   * @param outputLevel the level the outputs go to: {@code startLevel + 1}, or from level 0 the
   *     base level of dynamic level targets (the levels between being empty)
   * @param seedInputs the start-level files picked so far (the seed file, or for level 0 every
   *     file overlapping it); not empty
   * @param manual whether a manual range compaction asked for it
   * @param reason why it was picked, for the info log
   */
  PickedCompaction(Version version, LeveledCompactionOptions options, int startLevel,
      int outputLevel, List<FileMetaData> seedInputs, boolean manual, String reason) {
    this.version = version;
    this.icmp = version.comparator();
    this.options = options;
    this.startLevel = startLevel;
    this.outputLevel = outputLevel;
    this.manual = manual;
    this.reason = reason;
    this.startInputs = new ArrayList<>(seedInputs);
  }

  /** Runs every step in order; LevelDB's {@code SetupOtherInputs}. */
  PickedCompaction setupOtherInputs() {
    addStartLevelBoundaryInputs();
    setupOutputLevelInputs();
    growStartLevelInputs();
    addGrandparents();
    return this;
  }

  /**
   * The steps for a reshaping compaction of the oldest level-0 file alone: the level-1 files it
   * overlaps and the grandparents, but no boundary files and no growth of the level-0 inputs,
   * which could pull in a newer level-0 file while leaving one of middle age behind.
   */
  PickedCompaction setupOldestLevel0Inputs() {
    startRange = FileRanges.range(icmp, startInputs);
    setupOutputLevelInputs();
    addGrandparents();
    return this;
  }

  /** Step: boundary files of the start level join (see {@link FileRanges#addBoundaryInputs}). */
  private void addStartLevelBoundaryInputs() {
    FileRanges.addBoundaryInputs(icmp, version.files(startLevel), startInputs);
    startRange = FileRanges.range(icmp, startInputs);
  }

  /** Step: the output-level files overlapping the start inputs' user keys, and their boundary. */
  private void setupOutputLevelInputs() {
    outputInputs = overlappingWithBoundaries(outputLevel, startRange);
    totalRange = FileRanges.range(icmp, startInputs, outputInputs);
  }

  /**
   * Pulls in the start-level files inside the total range when that leaves the output-level
   * inputs unchanged: more work for the same rewrite of the output level. Only tried when the
   * output level takes part (otherwise the range cannot widen), and only while the inputs stay
   * under {@code expanded_compaction_factor} target file sizes.
   */
  private void growStartLevelInputs() {
    if (outputInputs.isEmpty()) {
      return;
    }
    List<FileMetaData> expandedStart = overlappingWithBoundaries(startLevel, totalRange);
    if (expandedStart.size() <= startInputs.size()) {
      return;
    }
    long grownBytes = FileRanges.totalBytes(outputInputs) + FileRanges.totalBytes(expandedStart);
    if (grownBytes >= options.expandedCompactionSizeLimitBytes()) {
      return;
    }
    KeyRange expandedRange = FileRanges.range(icmp, expandedStart);
    List<FileMetaData> expandedOutput = overlappingWithBoundaries(outputLevel, expandedRange);
    // Counting suffices: the new range contains the old one, so the old output-level inputs are
    // all among the new ones.
    if (expandedOutput.size() != outputInputs.size()) {
      return;
    }
    startInputs = expandedStart;
    outputInputs = expandedOutput;
    startRange = expandedRange;
    totalRange = FileRanges.range(icmp, startInputs, outputInputs);
  }

  /** Step: the files two levels below the start overlapping the whole compaction's user keys. */
  private void addGrandparents() {
    int grandparentLevel = outputLevel + 1;
    if (grandparentLevel < Version.NUM_LEVELS) {
      grandparents = version.overlappingFiles(grandparentLevel, totalRange.smallestUserKey(),
          totalRange.largestUserKey());
    }
  }

  /**
   * Whether this is a trivial move (LevelDB's {@code IsTrivialMove}): not manual, one start-level
   * file, no output-level file, and the file overlaps at most {@code maxGrandparentOverlapBytes}
   * of grandparents (moving a file that overlaps many would make a later compaction of it very
   * expensive). Manual compactions are never moved, as in LevelDB's
   * {@code BackgroundCompaction}: the caller asked for the data to be rewritten.
   */
  boolean isTrivialMove() {
    return !manual
        && startInputs.size() == 1
        && outputInputs.isEmpty()
        && FileRanges.totalBytes(grandparents) <= options.maxGrandparentOverlapBytes();
  }

  /** The finished compaction. */
  Compaction toCompaction() {
    boolean trivialMove = isTrivialMove();
    ImmutableList.Builder<LevelInputs> inputs = ImmutableList.builder();
    inputs.add(new LevelInputs(startLevel, ImmutableList.copyOf(startInputs)));
    if (!outputInputs.isEmpty()) {
      inputs.add(new LevelInputs(outputLevel, ImmutableList.copyOf(outputInputs)));
    }
    return new Compaction(inputs.build(), outputLevel, ImmutableList.copyOf(grandparents),
        options.targetFileSizeBytes(), options.maxGrandparentOverlapBytes(), trivialMove,
        Optional.of(new CompactPointerUpdate(startLevel, startRange.largest())), reason,
        ImmutableList.of(), options.dynamicFileSize());
  }

  /** Files of {@code level} overlapping {@code range}'s user keys, plus their boundary files. */
  private List<FileMetaData> overlappingWithBoundaries(int level, KeyRange range) {
    List<FileMetaData> files = new ArrayList<>(
        version.overlappingFiles(level, range.smallestUserKey(), range.largestUserKey()));
    FileRanges.addBoundaryInputs(icmp, version.files(level), files);
    return files;
  }
}
