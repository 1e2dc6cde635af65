package io.strata.compaction.tiered;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableSet;
import io.strata.api.spi.StrategyOptionValues;
import java.util.Map;
import java.util.Objects;

/**
 * The tuning of the {@code tiered} strategy: which sorted runs count as similar in size, how
 * many of them a merge takes, how much space amplification is tolerated, when writers slow down
 * or stop, and how big output files get. Immutable and thread-safe; every value is validated when
 * built. The bucket options and their defaults are Cassandra's {@code SizeTieredCompactionStrategy}
 * ({@code SizeTieredCompactionStrategyOptions}, {@code min_threshold}/{@code max_threshold} of the
 * table's compaction options); {@code max_size_amplification_percent} is RocksDB universal
 * compaction's ({@code CompactionOptionsUniversal}); the write triggers count sorted runs, as
 * RocksDB universal compaction's {@code level0_slowdown_writes_trigger} and
 * {@code level0_stop_writes_trigger} do; {@code tombstone_threshold} and its default are
 * Cassandra's ({@code AbstractCompactionStrategy.DEFAULT_TOMBSTONE_THRESHOLD}).
 *
 * <table>
 *   <caption>Option keys, units and defaults</caption>
 *   <tr><th>key</th><th>unit</th><th>default</th><th>range</th><th>meaning</th></tr>
 *   <tr><td>{@code bucket_low}</td><td>ratio</td><td>0.5</td><td>(0, 1)</td>
 *       <td>a run joins a bucket if its size is at least this times the bucket's average
 *       (runs are bucketed smallest first, so this never turns one away, as in Cassandra)</td></tr>
 *   <tr><td>{@code bucket_high}</td><td>ratio</td><td>1.5</td><td>&gt; 1, finite</td>
 *       <td>... and at most this times the bucket's average</td></tr>
 *   <tr><td>{@code min_threshold}</td><td>runs</td><td>4</td><td>[2, max_threshold]</td>
 *       <td>fewest runs a size-tiered merge takes</td></tr>
 *   <tr><td>{@code max_threshold}</td><td>runs</td><td>32</td><td>&gt;= min_threshold</td>
 *       <td>most runs a size-tiered merge takes</td></tr>
 *   <tr><td>{@code min_sstable_size}</td><td>bytes</td><td>52428800 (50 MiB)</td>
 *       <td>&gt;= 0</td><td>runs smaller than this share one bucket whatever their sizes; 0
 *       turns that off</td></tr>
 *   <tr><td>{@code max_size_amplification_percent}</td><td>percent</td><td>200</td>
 *       <td>[0, 2147483647]</td><td>every run is merged into one once the runs newer than the
 *       oldest hold more than this percentage of the oldest run's bytes</td></tr>
 *   <tr><td>{@code slowdown_writes_trigger}</td><td>runs</td><td>20</td>
 *       <td>&gt;= min_threshold</td><td>from this many sorted runs each write is delayed once,
 *       and runs are merged even when no bucket is full</td></tr>
 *   <tr><td>{@code stop_writes_trigger}</td><td>runs</td><td>36</td>
 *       <td>&gt; slowdown_writes_trigger</td><td>from this many sorted runs writers block until
 *       compaction catches up</td></tr>
 *   <tr><td>{@code target_file_size}</td><td>bytes</td><td>67108864 (64 MiB)</td>
 *       <td>[1, 2<sup>40</sup>]</td><td>output files are cut at this size when a merge writes
 *       to a level from 1; a merge into level 0 writes one file</td></tr>
 *   <tr><td>{@code tombstone_threshold}</td><td>ratio</td><td>0.2</td><td>[0, 1]</td>
 *       <td>a file whose point deletions are more than this share of its entries is compacted
 *       alone, when no other merge is due and no older run overlaps it, so that its tombstones
 *       are dropped; 1 turns that off</td></tr>
 *   <tr><td>{@code tombstone_compaction_interval}</td><td>seconds</td><td>86400 (1 day)</td>
 *       <td>[1, 2<sup>31</sup>-1]</td><td>when compacting a file alone dropped none of its
 *       tombstones (a snapshot still needed them), its output is not compacted alone again
 *       before this long</td></tr>
 * </table>
 */
public final class TieredCompactionOptions {
  /** The strategy name these options belong to, used in error messages. */
  static final String STRATEGY_NAME = "tiered";

  public static final String BUCKET_LOW = "bucket_low";
  public static final String BUCKET_HIGH = "bucket_high";
  public static final String MIN_THRESHOLD = "min_threshold";
  public static final String MAX_THRESHOLD = "max_threshold";
  public static final String MIN_SSTABLE_SIZE = "min_sstable_size";
  public static final String MAX_SIZE_AMPLIFICATION_PERCENT = "max_size_amplification_percent";
  public static final String SLOWDOWN_WRITES_TRIGGER = "slowdown_writes_trigger";
  public static final String STOP_WRITES_TRIGGER = "stop_writes_trigger";
  public static final String TARGET_FILE_SIZE = "target_file_size";
  public static final String TOMBSTONE_THRESHOLD = "tombstone_threshold";
  public static final String TOMBSTONE_COMPACTION_INTERVAL = "tombstone_compaction_interval";

  /** Every option key, in the order of the table above. */
  public static final ImmutableSet<String> OPTION_NAMES = ImmutableSet.of(
      BUCKET_LOW, BUCKET_HIGH, MIN_THRESHOLD, MAX_THRESHOLD, MIN_SSTABLE_SIZE,
      MAX_SIZE_AMPLIFICATION_PERCENT, SLOWDOWN_WRITES_TRIGGER, STOP_WRITES_TRIGGER,
      TARGET_FILE_SIZE, TOMBSTONE_THRESHOLD, TOMBSTONE_COMPACTION_INTERVAL);

  /** Largest {@code target_file_size}: 1 TiB, as the leveled strategy's. */
  static final long MAX_TARGET_FILE_SIZE_BYTES = 1L << 40;

  private static final StrategyOptionValues VALUES = new StrategyOptionValues(STRATEGY_NAME);
  private static final TieredCompactionOptions DEFAULTS = builder().build();

  private final double bucketLow;
  private final double bucketHigh;
  private final int minThresholdRuns;
  private final int maxThresholdRuns;
  private final long minSstableSizeBytes;
  private final int maxSizeAmplificationPercent;
  private final int slowdownWritesTriggerRuns;
  private final int stopWritesTriggerRuns;
  private final long targetFileSizeBytes;
  private final double tombstoneThreshold;
  private final int tombstoneCompactionIntervalSeconds;

  private TieredCompactionOptions(Builder b) {
    bucketLow = b.bucketLow;
    bucketHigh = b.bucketHigh;
    minThresholdRuns = b.minThresholdRuns;
    maxThresholdRuns = b.maxThresholdRuns;
    minSstableSizeBytes = b.minSstableSizeBytes;
    maxSizeAmplificationPercent = b.maxSizeAmplificationPercent;
    slowdownWritesTriggerRuns = b.slowdownWritesTriggerRuns;
    stopWritesTriggerRuns = b.stopWritesTriggerRuns;
    targetFileSizeBytes = b.targetFileSizeBytes;
    tombstoneThreshold = b.tombstoneThreshold;
    tombstoneCompactionIntervalSeconds = b.tombstoneCompactionIntervalSeconds;
  }

  /** The defaults of the table above. */
  public static TieredCompactionOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses string options, as {@code Options.strategyOptions()} carries them; absent keys keep
   * their defaults. Values are decimal numbers, surrounding white space ignored.
   *
   * @throws IllegalArgumentException naming the key if a key is not in {@link #OPTION_NAMES}
   *     (the message lists the valid ones), naming key and value if a value is not a number or
   *     out of the range in the class table
   * @throws NullPointerException if {@code options} is null
   */
  public static TieredCompactionOptions fromMap(Map<String, String> options) {
    checkNotNull(options, "options");
    Builder b = builder();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      VALUES.checkKnown(key, OPTION_NAMES);
      switch (key) {
        case BUCKET_LOW -> b.bucketLow(VALUES.parseDouble(key, value));
        case BUCKET_HIGH -> b.bucketHigh(VALUES.parseDouble(key, value));
        case MIN_THRESHOLD -> b.minThresholdRuns(VALUES.parseInt(key, value));
        case MAX_THRESHOLD -> b.maxThresholdRuns(VALUES.parseInt(key, value));
        case MIN_SSTABLE_SIZE -> b.minSstableSizeBytes(VALUES.parseLong(key, value));
        case MAX_SIZE_AMPLIFICATION_PERCENT ->
            b.maxSizeAmplificationPercent(VALUES.parseInt(key, value));
        case SLOWDOWN_WRITES_TRIGGER -> b.slowdownWritesTriggerRuns(VALUES.parseInt(key, value));
        case STOP_WRITES_TRIGGER -> b.stopWritesTriggerRuns(VALUES.parseInt(key, value));
        case TARGET_FILE_SIZE -> b.targetFileSizeBytes(VALUES.parseLong(key, value));
        case TOMBSTONE_THRESHOLD -> b.tombstoneThreshold(VALUES.parseDouble(key, value));
        case TOMBSTONE_COMPACTION_INTERVAL ->
            b.tombstoneCompactionIntervalSeconds(VALUES.parseInt(key, value));
        default -> throw new AssertionError("option key without a parser: " + key);
      }
    }
    return b.build();
  }

  /** Lower bound of a bucket as a fraction of its average size; default 0.5. */
  public double bucketLow() {
    return bucketLow;
  }

  /** Upper bound of a bucket as a multiple of its average size; default 1.5. */
  public double bucketHigh() {
    return bucketHigh;
  }

  /** Fewest runs a size-tiered merge takes; default 4. */
  public int minThresholdRuns() {
    return minThresholdRuns;
  }

  /** Most runs a size-tiered merge takes; default 32. */
  public int maxThresholdRuns() {
    return maxThresholdRuns;
  }

  /** Runs under this many bytes share one bucket; default 50 MiB. */
  public long minSstableSizeBytes() {
    return minSstableSizeBytes;
  }

  /** Bytes of the newer runs allowed, in percent of the oldest run's bytes; default 200. */
  public int maxSizeAmplificationPercent() {
    return maxSizeAmplificationPercent;
  }

  /** Writes slow down from this many sorted runs; default 20. */
  public int slowdownWritesTriggerRuns() {
    return slowdownWritesTriggerRuns;
  }

  /** Writes stop from this many sorted runs; default 36. */
  public int stopWritesTriggerRuns() {
    return stopWritesTriggerRuns;
  }

  /** Output file size cut for merges into a level from 1, in bytes; default 64 MiB. */
  public long targetFileSizeBytes() {
    return targetFileSizeBytes;
  }

  /**
   * Share of a file's entries that must be point deletions, exceeded, for the file to be
   * compacted alone; default 0.2; 1 never.
   */
  public double tombstoneThreshold() {
    return tombstoneThreshold;
  }

  /**
   * Seconds before the output of a tombstone compaction that dropped nothing may be compacted
   * alone again; default 86400.
   */
  public int tombstoneCompactionIntervalSeconds() {
    return tombstoneCompactionIntervalSeconds;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TieredCompactionOptions other)) {
      return false;
    }
    return Double.compare(bucketLow, other.bucketLow) == 0
        && Double.compare(bucketHigh, other.bucketHigh) == 0
        && minThresholdRuns == other.minThresholdRuns
        && maxThresholdRuns == other.maxThresholdRuns
        && minSstableSizeBytes == other.minSstableSizeBytes
        && maxSizeAmplificationPercent == other.maxSizeAmplificationPercent
        && slowdownWritesTriggerRuns == other.slowdownWritesTriggerRuns
        && stopWritesTriggerRuns == other.stopWritesTriggerRuns
        && targetFileSizeBytes == other.targetFileSizeBytes
        && Double.compare(tombstoneThreshold, other.tombstoneThreshold) == 0
        && tombstoneCompactionIntervalSeconds == other.tombstoneCompactionIntervalSeconds;
  }

  @Override
  public int hashCode() {
    return Objects.hash(bucketLow, bucketHigh, minThresholdRuns, maxThresholdRuns,
        minSstableSizeBytes, maxSizeAmplificationPercent, slowdownWritesTriggerRuns,
        stopWritesTriggerRuns, targetFileSizeBytes, tombstoneThreshold,
        tombstoneCompactionIntervalSeconds);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add(BUCKET_LOW, bucketLow)
        .add(BUCKET_HIGH, bucketHigh)
        .add(MIN_THRESHOLD, minThresholdRuns)
        .add(MAX_THRESHOLD, maxThresholdRuns)
        .add(MIN_SSTABLE_SIZE, minSstableSizeBytes)
        .add(MAX_SIZE_AMPLIFICATION_PERCENT, maxSizeAmplificationPercent)
        .add(SLOWDOWN_WRITES_TRIGGER, slowdownWritesTriggerRuns)
        .add(STOP_WRITES_TRIGGER, stopWritesTriggerRuns)
        .add(TARGET_FILE_SIZE, targetFileSizeBytes)
        .add(TOMBSTONE_THRESHOLD, tombstoneThreshold)
        .add(TOMBSTONE_COMPACTION_INTERVAL, tombstoneCompactionIntervalSeconds)
        .toString();
  }

  /**
   * Builds {@link TieredCompactionOptions}; starts from the defaults, validates in
   * {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private double bucketLow = 0.5;
    private double bucketHigh = 1.5;
    private int minThresholdRuns = 4;
    private int maxThresholdRuns = 32;
    private long minSstableSizeBytes = 50L * 1048576;
    private int maxSizeAmplificationPercent = 200;
    private int slowdownWritesTriggerRuns = 20;
    private int stopWritesTriggerRuns = 36;
    private long targetFileSizeBytes = 64L * 1048576;
    private double tombstoneThreshold = 0.2;
    private int tombstoneCompactionIntervalSeconds = 86400;

    private Builder() {}

    /** Sets {@code bucket_low}, a ratio in (0, 1). */
    public Builder bucketLow(double ratio) {
      bucketLow = ratio;
      return this;
    }

    /** Sets {@code bucket_high}, a ratio above 1. */
    public Builder bucketHigh(double ratio) {
      bucketHigh = ratio;
      return this;
    }

    /** Sets {@code min_threshold}, in runs. */
    public Builder minThresholdRuns(int runs) {
      minThresholdRuns = runs;
      return this;
    }

    /** Sets {@code max_threshold}, in runs. */
    public Builder maxThresholdRuns(int runs) {
      maxThresholdRuns = runs;
      return this;
    }

    /** Sets {@code min_sstable_size}, in bytes. */
    public Builder minSstableSizeBytes(long bytes) {
      minSstableSizeBytes = bytes;
      return this;
    }

    /** Sets {@code max_size_amplification_percent}, in percent. */
    public Builder maxSizeAmplificationPercent(int percent) {
      maxSizeAmplificationPercent = percent;
      return this;
    }

    /** Sets {@code slowdown_writes_trigger}, in runs. */
    public Builder slowdownWritesTriggerRuns(int runs) {
      slowdownWritesTriggerRuns = runs;
      return this;
    }

    /** Sets {@code stop_writes_trigger}, in runs. */
    public Builder stopWritesTriggerRuns(int runs) {
      stopWritesTriggerRuns = runs;
      return this;
    }

    /** Sets {@code target_file_size}, in bytes. */
    public Builder targetFileSizeBytes(long bytes) {
      targetFileSizeBytes = bytes;
      return this;
    }

    /** Sets {@code tombstone_threshold}, a ratio in [0, 1]. */
    public Builder tombstoneThreshold(double ratio) {
      tombstoneThreshold = ratio;
      return this;
    }

    /** Sets {@code tombstone_compaction_interval}, in seconds. */
    public Builder tombstoneCompactionIntervalSeconds(int seconds) {
      tombstoneCompactionIntervalSeconds = seconds;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the option and its value if a value is out of the
     *     range in the class table: {@code 0 < bucket_low < 1 < bucket_high}, {@code 2 <=
     *     min_threshold <= max_threshold}, {@code min_threshold <= slowdown_writes_trigger <
     *     stop_writes_trigger}, {@code 0 <= tombstone_threshold <= 1}, {@code
     *     tombstone_compaction_interval >= 1}; checked in the table's order, the first failure
     *     reported; the builder is left unchanged
     */
    public TieredCompactionOptions build() {
      if (!(bucketLow > 0 && bucketLow < 1)) {
        throw VALUES.badValue(BUCKET_LOW, bucketLow, "must be in (0, 1)");
      }
      if (!(bucketHigh > 1 && Double.isFinite(bucketHigh))) {
        throw VALUES.badValue(BUCKET_HIGH, bucketHigh, "must be finite and > 1");
      }
      VALUES.checkRange(MIN_THRESHOLD, minThresholdRuns, 2, Integer.MAX_VALUE);
      if (maxThresholdRuns < minThresholdRuns) {
        throw VALUES.badValue(MAX_THRESHOLD, maxThresholdRuns,
            "must be >= " + MIN_THRESHOLD + " (" + minThresholdRuns + ")");
      }
      VALUES.checkRange(MIN_SSTABLE_SIZE, minSstableSizeBytes, 0, Long.MAX_VALUE);
      VALUES.checkRange(MAX_SIZE_AMPLIFICATION_PERCENT, maxSizeAmplificationPercent, 0,
          Integer.MAX_VALUE);
      // Below min_threshold runs no merge could bring the count down, so writers would wait
      // for nothing.
      if (slowdownWritesTriggerRuns < minThresholdRuns) {
        throw VALUES.badValue(SLOWDOWN_WRITES_TRIGGER, slowdownWritesTriggerRuns,
            "must be >= " + MIN_THRESHOLD + " (" + minThresholdRuns + ")");
      }
      if (stopWritesTriggerRuns <= slowdownWritesTriggerRuns) {
        throw VALUES.badValue(STOP_WRITES_TRIGGER, stopWritesTriggerRuns,
            "must be > " + SLOWDOWN_WRITES_TRIGGER + " (" + slowdownWritesTriggerRuns + ")");
      }
      VALUES.checkRange(TARGET_FILE_SIZE, targetFileSizeBytes, 1, MAX_TARGET_FILE_SIZE_BYTES);
      if (!(tombstoneThreshold >= 0 && tombstoneThreshold <= 1)) {
        throw VALUES.badValue(TOMBSTONE_THRESHOLD, tombstoneThreshold, "must be in [0, 1]");
      }
      VALUES.checkRange(TOMBSTONE_COMPACTION_INTERVAL, tombstoneCompactionIntervalSeconds, 1,
          Integer.MAX_VALUE);
      return new TieredCompactionOptions(this);
    }
  }
}
