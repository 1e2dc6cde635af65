package io.strata.examples.timewindow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.strata.api.Bytes;
import io.strata.api.KeyComparator;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Time-window compaction for time-series keys (keys that start with a big-endian millisecond
 * timestamp, see {@link TimeWindows}), registered as {@code time-window}: a worked example of a
 * compaction strategy plugin. Immutable and thread-safe; every decision is a pure function of the
 * {@link Version} and the {@link TimeWindowOptions}.
 *
 * <p>Design. Two levels. Level 0 receives flushes (and nothing else, so the tree keeps LevelDB's
 * layout). Level 1 holds the compacted data cut at window boundaries: no level-1 file spans the
 * start of a window. Once level 0 holds {@code l0_trigger} files, its oldest files (a suffix of
 * the Version's newest-first order, so always adjacent in age) up to {@code max_compaction_bytes}
 * are merged with the level-1 files they overlap into level 1. Writes of time series land in the
 * newest window, so each compaction rewrites only that window's last file: a sealed window's
 * files are never read or written again by compaction, and the write amplification stays near 2
 * whatever the data's size. Levels 2 to 6 stay empty (a tree left by another strategy keeps its
 * deeper files, older than level 1, untouched and readable).
 *
 * <p>Age order ({@code CompactionStrategy}): the inputs are the oldest level-0 files plus every
 * level-1 file they overlap, and the output goes to level 1, where the oldest inputs were; the
 * level-0 files left behind are newer than every input.
 */
public final class TimeWindowCompactionStrategy implements CompactionStrategy {
  private final TimeWindowOptions options;
  private final TimeWindows windows;

  TimeWindowCompactionStrategy(TimeWindowOptions options) {
    this.options = checkNotNull(options, "options");
    this.windows = new TimeWindows(options.windowMillis());
  }

  @Override
  public String name() {
    return TimeWindowCompactionStrategyProvider.NAME;
  }

  /** True: level 0 only receives flushes, and level 1 is older than level 0. */
  @Override
  public boolean levelDbLayout() {
    return true;
  }

  /**
   * From {@code l0_trigger} level-0 files, the oldest of them into level 1, as described in the
   * class comment; a trivial move when that is one file within one window overlapping nothing.
   *
   * @throws NullPointerException if {@code version} is null
   */
  @Override
  public Optional<Compaction> pickCompaction(Version version) {
    checkNotNull(version, "version");
    int files = version.numFiles(0);
    if (files < options.l0TriggerFiles()) {
      return Optional.empty();
    }
    return Optional.of(compactOldest(version, true,
        "level 0 holds " + files + " files (trigger " + options.l0TriggerFiles() + ")"));
  }

  /**
   * For level 0, when one of its files overlaps {@code [begin, end]}: the oldest level-0 files
   * into level 1, as {@link #pickCompaction} but never a trivial move; the engine calls again
   * until no level-0 file overlaps the range. Empty for every other level: level-1 files are
   * already merged per window, and deeper levels are not this strategy's.
   *
   * @param begin smallest user key, inclusive; null for no lower bound
   * @param end largest user key, inclusive; null for no upper bound
   * @throws IllegalArgumentException if {@code level} is not in {@code [0, 7)}
   * @throws NullPointerException if {@code version} is null
   */
  @Override
  public Optional<Compaction> rangeCompaction(Version version, int level, byte[] begin,
      byte[] end) {
    checkNotNull(version, "version");
    checkArgument(level >= 0 && level < Version.NUM_LEVELS, "level out of range: %s", level);
    if (level != 0 || version.overlappingFiles(0, begin, end).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(compactOldest(version, false, "manual: level 0"));
  }

  /**
   * {@code STOP} from {@code l0_stop_trigger} level-0 files, {@code SLOWDOWN} from {@code
   * l0_slowdown_trigger}, else {@code NONE}.
   */
  @Override
  public WriteStall writeStall(Version version) {
    int files = version.numFiles(0);
    if (files >= options.l0StopTriggerFiles()) {
      return WriteStall.STOP;
    }
    return files >= options.l0SlowdownTriggerFiles() ? WriteStall.SLOWDOWN : WriteStall.NONE;
  }

  /** Level 0: files over {@code l0_trigger}; every other level 0, since none is compacted. */
  @Override
  public double[] levelScores(Version version) {
    double[] scores = new double[version.numLevels()];
    scores[0] = version.numFiles(0) / (double) options.l0TriggerFiles();
    return scores;
  }

  /**
   * The oldest level-0 files, at least one, while they and the level-1 files they overlap stay
   * within {@code max_compaction_bytes}, merged into level 1 with outputs cut at the window starts
   * inside their range. REQUIRES level 0 to hold a file.
   */
  private Compaction compactOldest(Version version, boolean allowTrivialMove, String reason) {
    KeyComparator ucmp = version.comparator().userComparator();
    List<FileMetaData> level0 = version.files(0);
    List<FileMetaData> inputs = new ArrayList<>(); // oldest first
    List<FileMetaData> level1 = List.of();
    byte[] lo = null;
    byte[] hi = null;
    for (int i = level0.size() - 1; i >= 0; i--) {
      FileMetaData f = level0.get(i);
      byte[] fLo = f.smallest().userKey().toByteArray();
      byte[] fHi = f.largest().userKey().toByteArray();
      byte[] newLo = lo == null || ucmp.compare(fLo, lo) < 0 ? fLo : lo;
      byte[] newHi = hi == null || ucmp.compare(fHi, hi) > 0 ? fHi : hi;
      List<FileMetaData> overlapping = version.overlappingFiles(1, newLo, newHi);
      if (!inputs.isEmpty()
          && bytes(inputs) + f.fileSizeBytes() + bytes(overlapping)
              > options.maxCompactionBytes()) {
        break;
      }
      inputs.add(f);
      level1 = overlapping;
      lo = newLo;
      hi = newHi;
    }
    List<byte[]> edges = new ArrayList<>();
    for (List<FileMetaData> files : List.of(inputs, level1)) {
      for (FileMetaData f : files) {
        edges.add(f.smallest().userKey().toByteArray());
        edges.add(f.largest().userKey().toByteArray());
      }
    }
    if (!level1.isEmpty()) {
      byte[] first = level1.get(0).smallest().userKey().toByteArray();
      byte[] last = level1.get(level1.size() - 1).largest().userKey().toByteArray();
      lo = ucmp.compare(first, lo) < 0 ? first : lo;
      hi = ucmp.compare(last, hi) > 0 ? last : hi;
    }
    ImmutableList<Bytes> boundaries = windows.boundaries(lo, hi, edges);
    boolean trivialMove = allowTrivialMove && inputs.size() == 1 && level1.isEmpty()
        && boundaries.isEmpty();
    ImmutableList.Builder<Compaction.LevelInputs> levels = ImmutableList.builder();
    // Listed in the Version's order, newest first.
    levels.add(new Compaction.LevelInputs(0, ImmutableList.copyOf(inputs).reverse()));
    if (!level1.isEmpty()) {
      levels.add(new Compaction.LevelInputs(1, ImmutableList.copyOf(level1)));
    }
    return new Compaction(levels.build(), 1, ImmutableList.of(), options.targetFileSizeBytes(),
        0, trivialMove, Optional.empty(), reason + ": " + inputs.size() + " level-0 files + "
            + level1.size() + " level-1 files", boundaries);
  }

  private static long bytes(List<FileMetaData> files) {
    long n = 0;
    for (FileMetaData f : files) {
      n += f.fileSizeBytes();
    }
    return n;
  }
}
