package io.strata.compaction.tiered;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableList;
import com.google.common.math.LongMath;
import io.strata.api.WriteStallCause;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.TableStatsSource;
import io.strata.api.spi.version.Version;
import io.strata.compaction.tiered.SizeBuckets.Bucket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Size-tiered compaction, registered as {@code tiered}: sorted runs of similar size are merged
 * into one bigger run, as in Cassandra's {@code SizeTieredCompactionStrategy} (STCS), with
 * RocksDB universal compaction's bound on space amplification. Compared with {@code leveled} it
 * rewrites each entry fewer times, at the cost of more runs per read and more space held by
 * overwritten data. Thread-safe: every decision is a function of the {@link Version} passed in,
 * the files' entry and deletion counts ({@link TableStatsSource}) and the
 * {@link TieredCompactionOptions}; the one state kept is {@link TombstoneCompactions}' memory of
 * the files it picked.
 *
 * <p><b>Sorted runs.</b> The tree is a list of sorted runs in age order, newest data first
 * ({@link SortedRun#of}): each level-0 file, in {@link Version#LEVEL0_NEWEST_FIRST} order, is
 * one run; each non-empty level from 1 is one run made of all its files. This strategy flushes
 * into level 0 and merges level-0 files into level 0, so level runs come from a tree another
 * strategy (such as {@code leveled}) shaped: older than every level-0 file, deeper ones older. A
 * merge that takes level runs writes back into the deepest of them.
 *
 * <p><b>Picking a compaction</b> ({@link #pickCompaction}) tries these steps in turn; the first
 * that finds a merge wins.
 *
 * <ol>
 *   <li><b>space amplification</b> (RocksDB universal compaction's
 *       {@code max_size_amplification_percent}, facebook/rocksdb
 *       {@code db/compaction/compaction_picker_universal.cc}): with at least two runs, when the
 *       bytes of every run but the oldest, times 100, exceed {@code max_size_amplification_percent}
 *       times the bytes of the oldest run, merge every run into one (RocksDB merges at equality
 *       too; here exactly the percentage is allowed). Overwritten and deleted data lingers until
 *       it meets the oldest run; this bounds the space it takes. The newer runs' bytes are
 *       compensated for their point deletions, as RocksDB's are ({@link DeletionWeights}), so
 *       that a run of tombstones counts the data it deletes.
 *   <li><b>size buckets</b> (Cassandra's {@code SizeTieredCompactionStrategy.getBuckets}, see
 *       {@link SizeBuckets}): runs of similar size share a bucket. Buckets of at least
 *       {@code min_threshold} runs are candidates, the one with the most runs first, ties to the
 *       smallest average size (cheapest to merge).
 *   <li><b>age contiguity</b>: reads take the first entry they find, so the runs merged must be
 *       adjacent in age order (see the "Age order" rules of {@link CompactionStrategy}). From a
 *       candidate bucket take the longest window of runs that are adjacent in age and all in the
 *       bucket, the oldest such window on a tie; with fewer than {@code min_threshold} runs the
 *       next candidate is tried. A window longer than {@code max_threshold} keeps its oldest
 *       {@code max_threshold} runs: the output then lies next to the older, bigger data, sizes
 *       keep growing with age, and the newer runs left over stay adjacent to the next flushes,
 *       with which they can form the next window.
 *   <li><b>run count</b>: when the tree holds at least {@code slowdown_writes_trigger} runs and
 *       no step above found a merge (runs of too different sizes to share buckets), merge the
 *       {@code min_threshold} adjacent runs of least total size, the newest on a tie, so that
 *       writers are not slowed or stopped for good;
 *   <li><b>tombstones</b> (Cassandra's single-SSTable tombstone compaction, see
 *       {@link TombstoneCompactions}): when no step above finds a merge, a file whose point
 *       deletions are more than {@code tombstone_threshold} of its entries, and which no older
 *       run overlaps, is compacted alone, so that its tombstones are dropped. Without table
 *       stats ({@link TableStatsSource#NONE}) no file has deletions and this step finds nothing.
 * </ol>
 *
 * <p>One more age rule: level-0 files without a recorded sequence range (written in LevelDB's
 * layout, e.g. by {@code leveled} before a switch) sort before every file with one, so a merge
 * into level 0 that takes such a file must also take the oldest of them
 * ({@link SortedRun#oldestUnsequencedLevel0}); windows that do not are skipped.
 *
 * <p><b>Output placement</b> ({@link RunMerge}): all-level-0 inputs give one level-0 file; inputs
 * including level runs go to the deepest input level, cut at {@code target_file_size}. A merge
 * takes at least two runs and is never a trivial move, so every pick lowers the run count and
 * picking without new flushes ends after fewer picks than there are runs; a tombstone compaction
 * leaves its file without tombstones (or is not repeated), so it is not picked again.
 *
 * <p>Not done, unlike Cassandra: ordering buckets by read hotness. Unlike RocksDB universal compaction: {@code size_ratio} (replaced by the
 * buckets) and sub-run (per-file) picking.
 */
public final class TieredCompactionStrategy implements CompactionStrategy {
  private final TieredCompactionOptions options;
  private final TableStatsSource stats;
  private final TombstoneCompactions tombstones;

  /** A strategy with {@code options} that knows no file's deletions (no tombstone step). */
  public TieredCompactionStrategy(TieredCompactionOptions options) {
    this(options, TableStatsSource.NONE, Ticker.systemTicker());
  }

  /**
   * A strategy with {@code options} that finds deletion-heavy files by {@code stats}, timing
   * {@code tombstone_compaction_interval} with {@code ticker}.
   *
   * @param options the tuning
   * @param stats the files' entry and deletion counts
   * @param ticker the clock, in nanoseconds
   * @throws NullPointerException if an argument is null
   */
  public TieredCompactionStrategy(TieredCompactionOptions options, TableStatsSource stats,
      Ticker ticker) {
    this.options = checkNotNull(options, "options");
    this.stats = checkNotNull(stats, "stats");
    this.tombstones = new TombstoneCompactions(stats, options,
        checkNotNull(ticker, "ticker"));
  }

  /** The options this strategy decides with. */
  public TieredCompactionOptions options() {
    return options;
  }

  @Override
  public String name() {
    return TieredCompactionOptions.STRATEGY_NAME;
  }

  /**
   * False: level 0 receives merge outputs, so its file-number order is not its age order; the
   * engine records each file's sequence range and orders level 0 by it. Those MANIFEST records
   * are Strata's own: once this strategy has written to a directory, LevelDB no longer opens it.
   */
  @Override
  public boolean levelDbLayout() {
    return false;
  }

  /**
   * The first merge the steps of the class comment find, or empty when the tree is in shape.
   *
   * @throws NullPointerException if {@code version} is null
   */
  @Override
  public Optional<Compaction> pickCompaction(Version version) {
    Optional<Compaction> merge = pick(version).map(m -> m.toCompaction(options));
    return merge.isPresent() ? merge : tombstones.pick(version, true);
  }

  /** The merges of {@link #pickCompaction}, before they are turned into a {@link Compaction}. */
  Optional<RunMerge> pick(Version version) {
    checkNotNull(version, "version");
    List<SortedRun> runs = SortedRun.of(version);
    if (runs.size() < 2) {
      return Optional.empty();
    }
    int unsequenced = SortedRun.oldestUnsequencedLevel0(runs);
    Optional<RunMerge> merge = spaceAmplification(runs);
    if (merge.isEmpty()) {
      merge = sizeTiered(runs, unsequenced);
    }
    if (merge.isEmpty()) {
      merge = reduceRunCount(runs, unsequenced);
    }
    return merge;
  }

  /**
   * A manual compaction: for the shallowest level holding files, when the tree holds at least two
   * runs and one of them overlaps {@code [begin, end]}, every run merged into one (placed as in
   * the class comment); otherwise, and for every other level, empty. The engine calls it for each
   * level from 0 down, repeatedly until empty: the first call that finds files leaves one run,
   * so the next returns empty and the deeper levels, now empty or the single run, have nothing
   * to do.
   *
   * @param begin smallest user key, inclusive; null for no lower bound
   * @param end largest user key, inclusive; null for no upper bound
   * @throws IllegalArgumentException if {@code level} is not in {@code [0, 7)}
   * @throws NullPointerException if {@code version} is null
   */
  @Override
  public Optional<Compaction> rangeCompaction(Version version, int level, byte[] begin,
      byte[] end) {
    return pickRange(version, level, begin, end).map(m -> m.toCompaction(options));
  }

  /** {@link #rangeCompaction} before it is turned into a {@link Compaction}. */
  Optional<RunMerge> pickRange(Version version, int level, byte[] begin, byte[] end) {
    checkNotNull(version, "version");
    checkArgument(level >= 0 && level < version.numLevels(), "level out of range: %s", level);
    int shallowest = 0;
    while (shallowest < version.numLevels() && version.numFiles(shallowest) == 0) {
      shallowest++;
    }
    if (level != shallowest) {
      return Optional.empty();
    }
    ImmutableList<SortedRun> runs = SortedRun.of(version);
    if (runs.size() < 2 || !anyOverlap(version, begin, end)) {
      return Optional.empty();
    }
    return Optional.of(new RunMerge(runs, "manual: all " + runs.size() + " runs"));
  }

  /**
   * {@code STOP} from {@code stop_writes_trigger} sorted runs, {@code SLOWDOWN} from
   * {@code slowdown_writes_trigger}, else {@code NONE}. Allocates nothing.
   *
   * @throws NullPointerException if {@code version} is null
   */
  @Override
  public WriteStall writeStall(Version version) {
    checkNotNull(version, "version");
    int runs = SortedRun.count(version);
    if (runs >= options.stopWritesTriggerRuns()) {
      return WriteStall.STOP;
    }
    if (runs >= options.slowdownWritesTriggerRuns()) {
      return WriteStall.SLOWDOWN;
    }
    return WriteStall.NONE;
  }

  /** {@link WriteStallCause#LEVEL0_FILES}: the stall counts sorted runs, level 0's files. */
  @Override
  public WriteStallCause writeStallCause(Version version) {
    return WriteStallCause.LEVEL0_FILES;
  }

  /**
   * Always level 0: a flush is the newest run, and level 0 is where runs are ordered by age.
   *
   * @throws NullPointerException if {@code version} is null
   */
  @Override
  public int levelForFlush(Version version, byte[] smallestUserKey, byte[] largestUserKey) {
    checkNotNull(version, "version");
    return 0;
  }

  /**
   * Level 0 scores the whole tree (its level-0 files and non-empty deeper levels); every other
   * level scores 0, since no level is compacted on its own. The score is the highest of three
   * ratios, one per step of the class comment, each reaching 1 exactly when its step finds a
   * merge, so the tree scores at least 1 exactly when {@link #pickCompaction} returns one:
   *
   * <ul>
   *   <li>space amplification: the newer runs' bytes over {@code max_size_amplification_percent}
   *       of the oldest run's; held just under 1 at exactly the limit, which is allowed;
   *   <li>size buckets: the longest window of runs that are adjacent in age and share a bucket
   *       (as step "age contiguity" takes them) over {@code min_threshold}. The runs in all, or
   *       in one bucket, would overstate it: an oldest run just over {@code min_sstable_size}
   *       has a bucket of its own, leaving the newer runs one short of a merge; and runs of one
   *       bucket that a run of another size separates in age do not merge;
   *   <li>run count: the runs over {@code slowdown_writes_trigger}, from which writers slow down
   *       (so they are never held back by a tree that scores under 1);
   * </ul>
   *
   * <p>and 1 when step "tombstones" finds a file. Else a tree of fewer than two runs scores 0.
   *
   * @return a fresh array of {@link Version#NUM_LEVELS} scores
   * @throws NullPointerException if {@code version} is null
   */
  @Override
  public double[] levelScores(Version version) {
    checkNotNull(version, "version");
    double[] scores = new double[version.numLevels()];
    if (tombstones.pick(version, false).isPresent()) {
      scores[0] = 1;
    }
    List<SortedRun> runs = SortedRun.of(version);
    if (runs.size() < 2) {
      return scores;
    }
    int unsequenced = SortedRun.oldestUnsequencedLevel0(runs);
    double buckets = longestBucketWindow(runs, unsequenced) / (double) options.minThresholdRuns();
    double runCount = runs.size() / (double) options.slowdownWritesTriggerRuns();
    scores[0] = Math.max(scores[0], Math.max(
        Amplification.of(runs, DeletionWeights.of(runs, stats))
            .score(options.maxSizeAmplificationPercent()),
        Math.max(buckets, runCount)));
    return scores;
  }

  /**
   * Step "space amplification": every run, if the newer runs hold more than
   * {@code max_size_amplification_percent} percent of the oldest run's bytes. REQUIRES at least
   * two runs.
   */
  Optional<RunMerge> spaceAmplification(List<SortedRun> runs) {
    Amplification a = Amplification.of(runs, DeletionWeights.of(runs, stats));
    int percent = options.maxSizeAmplificationPercent();
    if (!a.exceeds(percent)) {
      return Optional.empty();
    }
    return Optional.of(new RunMerge(copy(runs, 0, runs.size() - 1),
        "space amplification: newer runs hold " + a.newerBytes() + " bytes, the oldest "
            + a.oldestBytes() + " (limit " + percent + "%)"));
  }

  /**
   * Steps "size buckets" and "age contiguity": the longest age-adjacent window of the best
   * candidate bucket that has one of at least {@code min_threshold} runs, capped to its oldest
   * {@code max_threshold} runs.
   *
   * @param unsequenced see {@link SortedRun#oldestUnsequencedLevel0}: windows must reach it
   */
  Optional<RunMerge> sizeTiered(List<SortedRun> runs, int unsequenced) {
    int min = options.minThresholdRuns();
    List<Bucket> candidates = new ArrayList<>();
    for (Bucket b : SizeBuckets.of(runs, options)) {
      if (b.members().size() >= min) {
        candidates.add(b);
      }
    }
    candidates.sort(Comparator.comparingInt((Bucket b) -> -b.members().size())
        .thenComparingDouble(Bucket::averageBytes));
    for (Bucket b : candidates) {
      int[] window = longestAdjacentWindow(b.members(), unsequenced);
      if (window != null && window[1] - window[0] + 1 >= min) {
        int last = window[1];
        int first = Math.max(window[0], last - options.maxThresholdRuns() + 1);
        return Optional.of(new RunMerge(copy(runs, first, last),
            "size-tiered: " + (last - first + 1) + " of " + b.members().size()
                + " runs of a bucket averaging " + (long) b.averageBytes() + " bytes"));
      }
    }
    return Optional.empty();
  }

  /**
   * The runs of the longest window that steps "size buckets" and "age contiguity" could merge,
   * whatever its bucket (the pick merges from {@code min_threshold} of them); 0 if none.
   *
   * @param unsequenced see {@link SortedRun#oldestUnsequencedLevel0}: windows must reach it
   */
  int longestBucketWindow(List<SortedRun> runs, int unsequenced) {
    int longest = 0;
    for (Bucket b : SizeBuckets.of(runs, options)) {
      int[] window = longestAdjacentWindow(b.members(), unsequenced);
      if (window != null) {
        longest = Math.max(longest, window[1] - window[0] + 1);
      }
    }
    return longest;
  }

  /**
   * The longest stretch {@code {first, last}} (inclusive indices) of consecutive values in
   * {@code members} (ascending) whose last value is at least {@code unsequenced}, the later one
   * on a tie; null if none.
   */
  static int[] longestAdjacentWindow(List<Integer> members, int unsequenced) {
    int[] best = null;
    int start = 0;
    for (int i = 1; i <= members.size(); i++) {
      if (i < members.size() && members.get(i) == members.get(i - 1) + 1) {
        continue;
      }
      int first = members.get(start);
      int last = members.get(i - 1);
      if (last >= unsequenced && (best == null || last - first >= best[1] - best[0])) {
        best = new int[] {first, last};
      }
      start = i;
    }
    return best;
  }

  /**
   * Step "run count": from {@code slowdown_writes_trigger} runs, the {@code min_threshold}
   * adjacent runs of least total size, the newest on a tie.
   *
   * @param unsequenced see {@link SortedRun#oldestUnsequencedLevel0}: the window must reach it
   */
  Optional<RunMerge> reduceRunCount(List<SortedRun> runs, int unsequenced) {
    if (runs.size() < options.slowdownWritesTriggerRuns()) {
      return Optional.empty();
    }
    // slowdown_writes_trigger >= min_threshold, so the window fits; the last one (ending at the
    // oldest run) always reaches `unsequenced`, so one is always found.
    int width = options.minThresholdRuns();
    long windowBytes = 0;
    for (int i = 0; i < width; i++) {
      windowBytes += runs.get(i).sizeBytes();
    }
    int bestFirst = -1;
    long bestBytes = Long.MAX_VALUE;
    for (int first = 0; first + width <= runs.size(); first++) {
      if (first > 0) {
        windowBytes += runs.get(first + width - 1).sizeBytes() - runs.get(first - 1).sizeBytes();
      }
      if (first + width - 1 >= unsequenced && windowBytes < bestBytes) {
        bestFirst = first;
        bestBytes = windowBytes;
      }
    }
    return Optional.of(new RunMerge(copy(runs, bestFirst, bestFirst + width - 1),
        "run count: " + runs.size() + " runs, slowdown_writes_trigger "
            + options.slowdownWritesTriggerRuns() + "; the " + width
            + " adjacent runs of least size hold " + bestBytes + " bytes"));
  }

  private static boolean anyOverlap(Version version, byte[] begin, byte[] end) {
    for (int level = 0; level < version.numLevels(); level++) {
      if (version.overlapInLevel(level, begin, end)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What step "space amplification" weighs: the bytes of every run but the oldest against the
   * oldest run's bytes.
   */
  private record Amplification(long newerBytes, long oldestBytes) {
    /**
     * The measure of {@code runs}, newest first, the newer runs weighed with their deletions.
     * REQUIRES at least two runs.
     */
    static Amplification of(List<SortedRun> runs, DeletionWeights weights) {
      long newerBytes = 0;
      for (int i = 0; i < runs.size() - 1; i++) {
        newerBytes = LongMath.saturatedAdd(newerBytes, weights.runBytes(runs.get(i)));
      }
      return new Amplification(newerBytes, runs.get(runs.size() - 1).sizeBytes());
    }

    /**
     * Whether the newer runs hold more than {@code percent} percent of the oldest run's bytes.
     * Products saturate at {@code Long.MAX_VALUE}, far beyond any real tree.
     */
    boolean exceeds(int percent) {
      return LongMath.saturatedMultiply(newerBytes, 100)
          > LongMath.saturatedMultiply(oldestBytes, percent);
    }

    /**
     * The newer runs' bytes over {@code percent} percent of the oldest run's: at least 1 exactly
     * when {@link #exceeds}, so held just under 1 at exactly the limit. A limit of 0 bytes (an
     * empty oldest run, or {@code percent} 0) gives no ratio: 1 when exceeded, else 0.
     */
    double score(int percent) {
      double limitBytes = oldestBytes * (percent / 100.0);
      double ratio = limitBytes > 0 ? newerBytes / limitBytes : 0;
      return exceeds(percent) ? Math.max(1, ratio) : Math.min(ratio, Math.nextDown(1.0));
    }
  }

  private static ImmutableList<SortedRun> copy(List<SortedRun> runs, int first, int last) {
    return ImmutableList.copyOf(runs.subList(first, last + 1));
  }
}
