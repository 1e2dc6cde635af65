package io.strata.compaction.leveled;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.WriteStallCause;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.TableStatsSource;
import io.strata.api.spi.version.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * LevelDB's leveled compaction (google/leveldb db/version_set.cc {@code Finalize},
 * {@code PickCompaction}, {@code CompactRange}, {@code PickLevelForMemTableOutput}), registered
 * as {@code leveled}, with RocksDB's compensation of deletions. Immutable and thread-safe: every
 * decision is a pure function of the {@link Version} passed in, the files' entry and deletion
 * counts ({@link TableStatsSource}) and the {@link LeveledCompactionOptions}.
 *
 * <p>Design. Level 0 holds flushed memtables, which may overlap; every deeper level is one
 * sorted run whose target size grows by {@code max_bytes_for_level_multiplier} per level. A
 * size compaction is picked in named steps:
 *
 * <ol>
 *   <li><b>score levels</b> ({@link #levelScores}): level 0 by file count over
 *       {@code l0_compaction_trigger} (each L0 file costs a read on every get, whatever its
 *       size), deeper levels by compensated bytes ({@link CompensatedSizes}: a file's size plus
 *       a weight for its point deletions) over their target;
 *   <li><b>pick level</b>: the highest score of at least 1 among levels 0 to 5 (the last level
 *       has nowhere to compact to); ties go to the upper level;
 *   <li><b>pick seed file</b>, as {@code compaction_pri} ({@link CompactionPri}) says. Min
 *       overlapping ratio (the default), from level 1: the file with the fewest bytes in the
 *       output level per compensated byte of its own (RocksDB's {@code kMinOverlappingRatio}).
 *       Round robin (LevelDB's), and always on level 0: through the level by its compaction
 *       pointer, the first file whose largest key is past the pointer, wrapping to the first
 *       file, so that every key range gets its turn; except that from level 1, when a file of
 *       the level is compensated for deletions, the file of largest compensated size, the first
 *       in that round-robin order on a tie (RocksDB's {@code kByCompensatedSize}): the
 *       tombstones that free the most space go down first;
 *   <li><b>expand inputs</b>: on level 0, every file overlapping the seed, transitively;
 *   <li>then {@link PickedCompaction}'s steps: boundary inputs, output-level inputs, growing the
 *       start-level inputs, grandparents; the result is a trivial move when one file moves down
 *       with nothing to merge.
 * </ol>
 *
 * <p><b>Taking over another strategy's tree.</b> Level-0 files with a recorded sequence range
 * were written by a strategy that does not keep LevelDB's layout (size-tiered runs, possibly
 * large and all overlapping). LevelDB's level-0 pick would merge all of them, with everything
 * they overlap, in one compaction. Instead, while such files remain, a level-0 compaction takes
 * only the oldest level-0 file (with the level-1 files it overlaps): a bounded step that keeps the
 * age order, since every other level-0 file is newer. Often it is a trivial move. Writers are
 * paced by this strategy's own level-0 files only, so that the reshaping does not stall them.
 *
 * <p><b>Dynamic level targets.</b> With {@code level_compaction_dynamic_level_bytes}, level
 * targets follow the size of the largest level instead of growing from level 1, as RocksDB's
 * option of that name: the largest level is treated as the last, each level above it targets a
 * multiplier-th of the one below, and level 0 compacts straight into the base level, the deepest
 * one whose target stays within {@code max_bytes_for_level_base}; the levels between are empty.
 * Flushes then always go to level 0, since placing one deeper would put data above the base
 * level. RocksDB's {@code VersionStorageInfo::CalculateBaseBytes} ({@code db/version_set.cc}) is
 * the source.
 *
 * <p><b>Output files.</b> With {@code level_compaction_dynamic_file_size} (the default) a
 * compaction asks the engine to end its outputs at the boundaries of the files below them
 * ({@code Compaction.alignOutputsToGrandparents}), so that compacting one of them later
 * rewrites fewer bytes it does not merge with; with it off, at {@code target_file_size_base}.
 *
 * <p><b>Deletions.</b> Without deletions (or without stats, {@link TableStatsSource#NONE})
 * every compensated size is the file's size, and with {@code compaction_pri=round_robin} and
 * {@code level_compaction_dynamic_file_size=false} every decision is LevelDB's. Only scores and
 * seed files are compensated; level targets, the write stall and the pending-bytes estimate
 * weigh bytes on disk, as RocksDB's do.
 *
 * <p>Seek-triggered compactions (LevelDB's {@code allowed_seeks}) are not made: a
 * {@link Version} carries no per-file seek counts.
 */
public final class LeveledCompactionStrategy implements CompactionStrategy {
  /** Compactions start from levels {@code 0 .. LAST_START_LEVEL}; level 6 is only an output. */
  private static final int LAST_START_LEVEL = Version.NUM_LEVELS - 2;

  private final LeveledCompactionOptions options;
  private final TableStatsSource stats;

  /** A strategy with {@code options} that knows no file's deletions: LevelDB's decisions. */
  public LeveledCompactionStrategy(LeveledCompactionOptions options) {
    this(options, TableStatsSource.NONE);
  }

  /**
   * A strategy with {@code options} that weighs each file's deletions as {@code stats} counts
   * them.
   *
   * @param options the tuning
   * @param stats the files' entry and deletion counts
   * @throws NullPointerException if an argument is null
   */
  public LeveledCompactionStrategy(LeveledCompactionOptions options, TableStatsSource stats) {
    this.options = checkNotNull(options, "options");
    this.stats = checkNotNull(stats, "stats");
  }

  /** The options this strategy decides with. */
  public LeveledCompactionOptions options() {
    return options;
  }

  @Override
  public String name() {
    return LeveledCompactionOptions.STRATEGY_NAME;
  }

  /** True: level 0 only receives flushes and every level is older than the ones above. */
  @Override
  public boolean levelDbLayout() {
    return true;
  }

  /**
   * Each level's score, one per level: level 0 = own files / {@code l0_compaction_trigger}, and
   * at least 1 while level 0 holds a file of another strategy; level L
   * from 1 = compensated bytes ({@link CompensatedSizes}) / its target ({@link LeveledCompactionOptions#maxBytesForLevel}(L), or the
   * dynamic target; 0 for the empty levels above a dynamic base level). The last level scores
   * 0, since nothing compacts out of it.
   *
   * @return a fresh array of {@link Version#NUM_LEVELS} scores
   */
  @Override
  public double[] levelScores(Version version) {
    checkNotNull(version, "version");
    return levelScores(version, CompensatedSizes.of(version, stats));
  }

  private double[] levelScores(Version version, CompensatedSizes sizes) {
    double[] scores = new double[version.numLevels()];
    scores[0] = ownLevel0Files(version) / (double) options.l0CompactionTriggerFiles();
    if (oldestForeignLevel0File(version).isPresent()) {
      scores[0] = Math.max(scores[0], 1.0);
    }
    LevelTargets targets = LevelTargets.of(version, options);
    for (int level = 1; level <= LAST_START_LEVEL; level++) {
      scores[level] = sizes.levelBytes(version, level) / targets.target(level);
    }
    return scores;
  }

  /**
   * The size compaction of the level with the highest score, if that score is at least 1.
   *
   * @throws NullPointerException if {@code version} is null
   */
  @Override
  public Optional<Compaction> pickCompaction(Version version) {
    return pick(version).map(PickedCompaction::toCompaction);
  }

  /**
   * The files of {@code level} overlapping {@code [begin, end]} into {@code level + 1}, as
   * LevelDB's {@code CompactRange}. From level 1 the inputs are cut after the file that brings
   * them to {@code target_file_size_base} bytes, so one call never rewrites a huge range; the
   * engine calls again for the rest. Level 0 is never cut, since its files overlap. The inputs
   * then go through the same steps as a size compaction (so they may grow), but the result is
   * never a trivial move: a manual compaction means to rewrite the data (LevelDB's
   * {@code BackgroundCompaction} moves trivially only when not manual). Records the compaction
   * pointer like a size compaction.
   *
   * @param begin smallest user key, inclusive; null for no lower bound
   * @param end largest user key, inclusive; null for no upper bound
   * @return empty if no file of {@code level} overlaps the range, or {@code level} is the last
   *     level (there is no level to compact it into)
   * @throws IllegalArgumentException if {@code level} is not in {@code [0, 7)}
   * @throws NullPointerException if {@code version} is null
   */
  @Override
  public Optional<Compaction> rangeCompaction(Version version, int level, byte[] begin,
      byte[] end) {
    return pickRange(version, level, begin, end).map(PickedCompaction::toCompaction);
  }

  /** {@link #pickCompaction} before it is frozen into a {@link Compaction}. */
  Optional<PickedCompaction> pick(Version version) {
    checkNotNull(version, "version");
    CompensatedSizes sizes = CompensatedSizes.of(version, stats);
    double[] scores = levelScores(version, sizes);
    int level = pickLevel(scores);
    if (level < 0) {
      return Optional.empty();
    }
    int outputLevel = outputLevel(version, level);
    Optional<FileMetaData> foreign = level == 0 ? oldestForeignLevel0File(version)
        : Optional.empty();
    if (foreign.isPresent()) {
      String reason = "reshape: oldest level-0 file " + foreign.get().fileNumber()
          + " written by " + foreign.get().writer();
      return Optional.of(new PickedCompaction(version, options, 0, outputLevel,
          List.of(foreign.get()), false, reason).setupOldestLevel0Inputs());
    }
    FileMetaData seed = pickSeedFile(version, level, outputLevel, sizes);
    List<FileMetaData> inputs = level == 0 ? expandLevel0Inputs(version, seed) : List.of(seed);
    String reason = String.format(Locale.ROOT, "size: level %d score %.2f", level, scores[level]);
    if (level > 0 && sizes.levelBytes(version, level) > version.levelBytes(level)) {
      reason += String.format(Locale.ROOT, " (compensated for deletions; seed file %d)",
          seed.fileNumber());
    }
    return Optional.of(new PickedCompaction(version, options, level, outputLevel, inputs, false,
        reason).setupOtherInputs());
  }

  /**
   * The level a compaction from {@code level} writes: the next one, except that level 0 compacts
   * into the base level of dynamic targets (the levels between are empty).
   */
  private int outputLevel(Version version, int level) {
    return level == 0 ? LevelTargets.of(version, options).baseLevel() : level + 1;
  }

  /**
   * The oldest level-0 file when it has a recorded sequence range, i.e. was written by a strategy
   * that does not keep LevelDB's layout (this strategy's own flushes have none and sort first).
   */
  static Optional<FileMetaData> oldestForeignLevel0File(Version version) {
    List<FileMetaData> level0 = version.files(0);
    if (level0.isEmpty() || !level0.get(level0.size() - 1).hasSequenceRange()) {
      return Optional.empty();
    }
    return Optional.of(level0.get(level0.size() - 1));
  }

  /** Level-0 files this strategy flushed: those without a recorded sequence range. */
  static int ownLevel0Files(Version version) {
    int n = 0;
    for (FileMetaData f : version.files(0)) {
      if (!f.hasSequenceRange()) {
        n++;
      }
    }
    return n;
  }

  /** {@link #rangeCompaction} before it is frozen into a {@link Compaction}. */
  Optional<PickedCompaction> pickRange(Version version, int level, byte[] begin, byte[] end) {
    checkNotNull(version, "version");
    checkArgument(level >= 0 && level < version.numLevels(), "level out of range: %s", level);
    if (level > LAST_START_LEVEL) {
      return Optional.empty();
    }
    List<FileMetaData> inputs = version.overlappingFiles(level, begin, end);
    if (inputs.isEmpty()) {
      return Optional.empty();
    }
    if (level > 0) {
      inputs = limitToTargetFileSize(inputs);
    }
    return Optional.of(new PickedCompaction(version, options, level, outputLevel(version, level),
        inputs, true, "manual: level " + level).setupOtherInputs());
  }

  /**
   * {@code STOP} from {@code l0_stop_writes_trigger} level-0 files, {@code SLOWDOWN} from
   * {@code l0_slowdown_writes_trigger}, else {@code NONE}; counting this strategy's own level-0
   * files (files of another strategy are reshaped without holding writers back).
   *
   * @throws NullPointerException if {@code version} is null
   */
  @Override
  public WriteStall writeStall(Version version) {
    checkNotNull(version, "version");
    int files = ownLevel0Files(version);
    if (files >= options.l0StopWritesTriggerFiles()) {
      return WriteStall.STOP;
    }
    if (files >= options.l0SlowdownWritesTriggerFiles()) {
      return WriteStall.SLOWDOWN;
    }
    return WriteStall.NONE;
  }

  /** {@link WriteStallCause#LEVEL0_FILES}: the stall counts level-0 files. */
  @Override
  public WriteStallCause writeStallCause(Version version) {
    return WriteStallCause.LEVEL0_FILES;
  }

  /**
   * RocksDB's {@code EstimatedCompactionNeededBytes} ({@code db/version_set.cc}). Level 0: when
   * its own files reach {@code l0_compaction_trigger}, its bytes plus the base level's (an L0
   * compaction rewrites both), and its bytes flow into the base level (level 1 with fixed
   * targets). Then, level by level from the base level, with the bytes flowing in from above
   * added to the level's size: the bytes over its target flow to
   * the next level, and count times {@code 1 + next/size} (the next level's bytes they are
   * merged with, as a fan-out ratio). The last level has no target. 0 for a tree in shape.
   *
   * @throws NullPointerException if {@code version} is null
   */
  @Override
  public long estimatedPendingCompactionBytes(Version version) {
    checkNotNull(version, "version");
    LevelTargets targets = LevelTargets.of(version, options);
    int base = targets.baseLevel();
    double estimate = 0;
    double flowing = 0; // bytes pushed into the level below by the estimate so far
    if (ownLevel0Files(version) >= options.l0CompactionTriggerFiles()) {
      flowing = version.levelBytes(0);
      estimate = flowing + version.levelBytes(base);
    }
    for (int level = base; level <= LAST_START_LEVEL; level++) {
      double size = version.levelBytes(level) + flowing;
      flowing = 0;
      double target = targets.target(level);
      if (size > target) {
        flowing = size - target;
        double next = version.levelBytes(level + 1);
        if (next > 0) {
          estimate += flowing * (next / size + 1);
        }
      }
    }
    return (long) estimate;
  }

  /**
   * LevelDB's {@code PickLevelForMemTableOutput}: level 0 if the range overlaps level 0;
   * otherwise the range is pushed down, at most to {@code max_mem_compact_level}, while the next
   * level has no file overlapping it and the level after that overlaps at most
   * {@code maxGrandparentOverlapBytes} of it. Placing a flush deeper saves the L0-to-L1 and
   * L1-to-L2 rewrites of fresh, non-overlapping data (such as sequential inserts).
   *
   * @param smallestUserKey smallest user key of the flushed data, inclusive
   * @param largestUserKey largest user key of the flushed data, inclusive
   * With dynamic level targets, always level 0: a deeper flush would put data above the base
   * level.
   *
   * @return a level in {@code [0, max_mem_compact_level]}
   * @throws NullPointerException if an argument is null
   */
  @Override
  public int levelForFlush(Version version, byte[] smallestUserKey, byte[] largestUserKey) {
    checkNotNull(version, "version");
    checkNotNull(smallestUserKey, "smallestUserKey");
    checkNotNull(largestUserKey, "largestUserKey");
    int level = 0;
    if (options.dynamicLevelBytes()
        || version.overlapInLevel(0, smallestUserKey, largestUserKey)) {
      return level;
    }
    while (level < options.maxMemCompactLevel()) {
      if (version.overlapInLevel(level + 1, smallestUserKey, largestUserKey)) {
        break;
      }
      if (level + 2 < version.numLevels()) {
        long overlapBytes = FileRanges.totalBytes(
            version.overlappingFiles(level + 2, smallestUserKey, largestUserKey));
        if (overlapBytes > options.maxGrandparentOverlapBytes()) {
          break;
        }
      }
      level++;
    }
    return level;
  }

  /**
   * Step "pick level": the start level with the highest score, the upper one on a tie, if that
   * score is at least 1; else -1.
   */
  static int pickLevel(double[] scores) {
    int best = 0;
    for (int level = 1; level <= LAST_START_LEVEL; level++) {
      if (scores[level] > scores[best]) {
        best = level;
      }
    }
    return scores[best] >= 1 ? best : -1;
  }

  /**
   * Step "pick seed file": the first file, in key order, whose largest key is past the level's
   * compaction pointer; the first file if there is no pointer or no such file (wrap around).
   * Level 0 is walked in smallest-key order, as LevelDB keeps it, not in the newest-first order
   * of {@link Version#files}. From level 1, with {@link CompactionPri#MIN_OVERLAPPING_RATIO} the
   * file of least overlap ratio instead ({@link #minOverlappingRatioSeed}); with the round robin,
   * when a file of the level is compensated for deletions, the file of largest compensated size
   * instead, the first in round-robin order on a tie. REQUIRES the level to hold a file.
   */
  private FileMetaData pickSeedFile(Version version, int level, int outputLevel,
      CompensatedSizes sizes) {
    if (level == 0) {
      return roundRobinSeed(version, level);
    }
    if (options.compactionPri() == CompactionPri.MIN_OVERLAPPING_RATIO) {
      return minOverlappingRatioSeed(version.comparator(), version.files(level),
          version.files(outputLevel), sizes);
    }
    FileMetaData roundRobin = roundRobinSeed(version, level);
    List<FileMetaData> files = version.files(level);
    boolean compensated = false;
    for (FileMetaData f : files) {
      if (sizes.deletionBytes(f) > 0) {
        compensated = true;
        break;
      }
    }
    if (!compensated) {
      return roundRobin;
    }
    // Walk the files in round-robin order from the LevelDB seed, so that ties keep it.
    int start = files.indexOf(roundRobin);
    FileMetaData best = roundRobin;
    long bestBytes = sizes.fileBytes(roundRobin);
    for (int i = 1; i < files.size(); i++) {
      FileMetaData f = files.get((start + i) % files.size());
      long bytes = sizes.fileBytes(f);
      if (bytes > bestBytes) {
        best = f;
        bestBytes = bytes;
      }
    }
    return best;
  }

  /**
   * RocksDB's {@code kMinOverlappingRatio} ({@code SortFileByOverlappingRatio}, db/version_set.cc):
   * the file of {@code files} whose overlapping bytes in {@code next} divided by its compensated
   * size is least, the first in key order on a tie. Both lists are one sorted run of a level
   * from 1, so one merge-like walk finds every file's overlap, by user keys as
   * {@link Version#overlappingFiles} does: O(files + next). A next-level file
   * that straddles two files' ranges counts for both, as in RocksDB.
   */
  static FileMetaData minOverlappingRatioSeed(InternalKeyComparator icmp,
      List<FileMetaData> files, List<FileMetaData> next, CompensatedSizes sizes) {
    FileMetaData best = null;
    double bestRatio = Double.POSITIVE_INFINITY;
    int j = 0;
    for (FileMetaData f : files) {
      // Skip the next-level files wholly before f; those that may overlap a later file stay.
      while (j < next.size() && icmp.compareUserKeys(next.get(j).largest(), f.smallest()) < 0) {
        j++;
      }
      long overlapBytes = 0;
      for (int k = j;
          k < next.size() && icmp.compareUserKeys(next.get(k).smallest(), f.largest()) <= 0;
          k++) {
        overlapBytes += next.get(k).fileSizeBytes();
      }
      double ratio = overlapBytes / (double) Math.max(1, sizes.fileBytes(f));
      if (ratio < bestRatio) {
        best = f;
        bestRatio = ratio;
      }
    }
    return best;
  }

  /** LevelDB's seed: round robin by the compaction pointer, as {@link #pickSeedFile} says. */
  private static FileMetaData roundRobinSeed(Version version, int level) {
    InternalKeyComparator icmp = version.comparator();
    List<FileMetaData> files = version.files(level);
    if (level == 0) {
      List<FileMetaData> byKey = new ArrayList<>(files);
      byKey.sort(Comparator.<FileMetaData, InternalKey>comparing(FileMetaData::smallest,
          icmp::compare).thenComparingLong(FileMetaData::fileNumber));
      files = byKey;
    }
    Optional<InternalKey> pointer = version.compactPointer(level);
    if (pointer.isPresent()) {
      for (FileMetaData f : files) {
        if (icmp.compare(f.largest(), pointer.get()) > 0) {
          return f;
        }
      }
    }
    return files.get(0);
  }

  /** Step "expand inputs" for level 0: every L0 file overlapping the seed, transitively. */
  private static List<FileMetaData> expandLevel0Inputs(Version version, FileMetaData seed) {
    return version.overlappingFiles(0, seed.smallest().userKey().toByteArray(),
        seed.largest().userKey().toByteArray());
  }

  /** The shortest prefix of {@code inputs} reaching {@code target_file_size_base} bytes. */
  private List<FileMetaData> limitToTargetFileSize(List<FileMetaData> inputs) {
    long limit = options.targetFileSizeBytes();
    long total = 0;
    for (int i = 0; i < inputs.size(); i++) {
      total += inputs.get(i).fileSizeBytes();
      if (total >= limit) {
        return inputs.subList(0, i + 1);
      }
    }
    return inputs;
  }
}
