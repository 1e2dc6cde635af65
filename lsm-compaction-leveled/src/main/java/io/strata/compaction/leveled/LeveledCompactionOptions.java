package io.strata.compaction.leveled;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableSet;
import io.strata.api.spi.StrategyOptionValues;
import io.strata.api.spi.version.Version;
import java.util.Map;
import java.util.Objects;

/**
 * The tuning of the {@code leveled} strategy: when level 0 triggers a compaction or stalls
 * writers, how many bytes each level may hold, and how big compactions and their output files
 * get. Immutable and thread-safe; every value is validated when built. Defaults: RocksDB's
 * level-0 triggers (facebook/rocksdb {@code include/rocksdb/advanced_options.h}, {@code
 * options.h}), a file size and a level 1 between LevelDB's and RocksDB's (8 MiB and 64 MiB, for
 * the 32 MiB write buffer of {@code Options.defaults()}: RocksDB's 64 MiB and 256 MiB doubled the
 * size of a database of a few hundred MB and slowed it), RocksDB's choice of the file to
 * compact and cut of output files ({@code compaction_pri}, {@code
 * level_compaction_dynamic_file_size}: about 10% less write amplification than LevelDB's under
 * random writes), and LevelDB 1.23's for the rest (google/leveldb {@code db/dbformat.h} {@code
 * config::} constants and {@code db/version_set.cc}). {@link #levelDbDefaults()} holds LevelDB's
 * sizes and triggers, as {@code Options.levelDbDefaults()} passes them; LevelDB's own file
 * choice and cut are {@code compaction_pri=round_robin} and {@code
 * level_compaction_dynamic_file_size=false}.
 *
 * <table>
 *   <caption>Option keys, units and defaults</caption>
 *   <tr><th>key</th><th>unit</th><th>default (LevelDB's where it differs)</th><th>range</th>
 *       <th>meaning</th></tr>
 *   <tr><td>{@code l0_compaction_trigger}</td><td>files</td><td>4</td><td>&gt;= 1</td>
 *       <td>level 0 is compacted once it holds this many files (its score reaches 1)</td></tr>
 *   <tr><td>{@code l0_slowdown_writes_trigger}</td><td>files</td><td>20 (8)</td>
 *       <td>&gt;= l0_compaction_trigger</td>
 *       <td>from this many level-0 files each write is delayed once</td></tr>
 *   <tr><td>{@code l0_stop_writes_trigger}</td><td>files</td><td>36 (12)</td>
 *       <td>&gt;= l0_slowdown_writes_trigger</td>
 *       <td>from this many level-0 files writers block until compaction catches up</td></tr>
 *   <tr><td>{@code max_bytes_for_level_base}</td><td>bytes</td><td>67108864: 64 MiB
 *       (10 MiB)</td>
 *       <td>&gt;= 1</td><td>target size of level 1</td></tr>
 *   <tr><td>{@code max_bytes_for_level_multiplier}</td><td>ratio</td><td>10</td>
 *       <td>[1, 1000]</td><td>target of level L+1 = target of level L times this</td></tr>
 *   <tr><td>{@code target_file_size_base}</td><td>bytes</td><td>8388608: 8 MiB
 *       (2 MiB)</td>
 *       <td>[1, 2<sup>40</sup>]</td><td>a compaction cuts its output files at this size</td></tr>
 *   <tr><td>{@code max_grandparent_overlap_factor}</td><td>target file sizes</td><td>10</td>
 *       <td>[1, 1000]</td><td>bytes of the level below the output one output file may
 *       overlap; also bounds trivial moves and flush placement</td></tr>
 *   <tr><td>{@code expanded_compaction_factor}</td><td>target file sizes</td><td>25</td>
 *       <td>[0, 1000]</td><td>a compaction grows its start-level inputs only while all its
 *       inputs stay under this many bytes; 0 never grows</td></tr>
 *   <tr><td>{@code max_mem_compact_level}</td><td>level</td><td>2</td><td>[0, 6]</td>
 *       <td>deepest level a flushed memtable may be placed in when nothing overlaps</td></tr>
 *   <tr><td>{@code level_compaction_dynamic_level_bytes}</td><td>boolean</td><td>false</td>
 *       <td>true, false</td><td>level targets follow the last level's size instead of
 *       growing from level 1 (RocksDB's option of that name; see
 *       {@link LeveledCompactionStrategy})</td></tr>
 *   <tr><td>{@code compaction_pri}</td><td>name</td><td>min_overlapping_ratio
 *       (round_robin)</td>
 *       <td>round_robin, min_overlapping_ratio</td><td>which file of level 1 or deeper a
 *       compaction starts with ({@link CompactionPri}): LevelDB's round robin, or RocksDB's
 *       file of least next-level overlap per byte</td></tr>
 *   <tr><td>{@code level_compaction_dynamic_file_size}</td><td>boolean</td><td>true
 *       (false)</td>
 *       <td>true, false</td><td>a compaction's output files end at the boundaries of the
 *       next level's files, from half of {@code target_file_size_base} up to twice it, rather
 *       than at that size (RocksDB's option of that name; see {@code
 *       Compaction.alignOutputsToGrandparents})</td></tr>
 * </table>
 */
public final class LeveledCompactionOptions {
  /** The strategy name these options belong to, used in error messages. */
  static final String STRATEGY_NAME = "leveled";

  public static final String L0_COMPACTION_TRIGGER = "l0_compaction_trigger";
  public static final String L0_SLOWDOWN_WRITES_TRIGGER = "l0_slowdown_writes_trigger";
  public static final String L0_STOP_WRITES_TRIGGER = "l0_stop_writes_trigger";
  public static final String MAX_BYTES_FOR_LEVEL_BASE = "max_bytes_for_level_base";
  public static final String MAX_BYTES_FOR_LEVEL_MULTIPLIER = "max_bytes_for_level_multiplier";
  public static final String TARGET_FILE_SIZE_BASE = "target_file_size_base";
  public static final String MAX_GRANDPARENT_OVERLAP_FACTOR = "max_grandparent_overlap_factor";
  public static final String EXPANDED_COMPACTION_FACTOR = "expanded_compaction_factor";
  public static final String MAX_MEM_COMPACT_LEVEL = "max_mem_compact_level";
  public static final String LEVEL_COMPACTION_DYNAMIC_LEVEL_BYTES =
      "level_compaction_dynamic_level_bytes";
  public static final String COMPACTION_PRI = "compaction_pri";
  public static final String LEVEL_COMPACTION_DYNAMIC_FILE_SIZE =
      "level_compaction_dynamic_file_size";

  /** Every option key, in the order of the table above. */
  public static final ImmutableSet<String> OPTION_NAMES = ImmutableSet.of(
      L0_COMPACTION_TRIGGER, L0_SLOWDOWN_WRITES_TRIGGER, L0_STOP_WRITES_TRIGGER,
      MAX_BYTES_FOR_LEVEL_BASE, MAX_BYTES_FOR_LEVEL_MULTIPLIER, TARGET_FILE_SIZE_BASE,
      MAX_GRANDPARENT_OVERLAP_FACTOR, EXPANDED_COMPACTION_FACTOR, MAX_MEM_COMPACT_LEVEL,
      LEVEL_COMPACTION_DYNAMIC_LEVEL_BYTES, COMPACTION_PRI, LEVEL_COMPACTION_DYNAMIC_FILE_SIZE);

  /** Largest {@code target_file_size_base}: 1 TiB, so that factor products fit in a long. */
  static final long MAX_TARGET_FILE_SIZE_BYTES = 1L << 40;
  /** Largest factor and multiplier. */
  static final int MAX_FACTOR = 1000;

  private static final StrategyOptionValues VALUES = new StrategyOptionValues(STRATEGY_NAME);
  private static final LeveledCompactionOptions DEFAULTS = builder().build();
  private static final LeveledCompactionOptions LEVELDB_DEFAULTS = builder()
      .targetFileSizeBytes(2L << 20)
      .maxBytesForLevelBaseBytes(10L << 20)
      .l0CompactionTriggerFiles(4)
      .l0SlowdownWritesTriggerFiles(8)
      .l0StopWritesTriggerFiles(12)
      .build();

  private final int l0CompactionTriggerFiles;
  private final int l0SlowdownWritesTriggerFiles;
  private final int l0StopWritesTriggerFiles;
  private final long maxBytesForLevelBaseBytes;
  private final double maxBytesForLevelMultiplier;
  private final long targetFileSizeBytes;
  private final int maxGrandparentOverlapFactor;
  private final int expandedCompactionFactor;
  private final int maxMemCompactLevel;
  private final boolean dynamicLevelBytes;
  private final CompactionPri compactionPri;
  private final boolean dynamicFileSize;

  private LeveledCompactionOptions(Builder b) {
    l0CompactionTriggerFiles = b.l0CompactionTriggerFiles;
    l0SlowdownWritesTriggerFiles = b.l0SlowdownWritesTriggerFiles;
    l0StopWritesTriggerFiles = b.l0StopWritesTriggerFiles;
    maxBytesForLevelBaseBytes = b.maxBytesForLevelBaseBytes;
    maxBytesForLevelMultiplier = b.maxBytesForLevelMultiplier;
    targetFileSizeBytes = b.targetFileSizeBytes;
    maxGrandparentOverlapFactor = b.maxGrandparentOverlapFactor;
    expandedCompactionFactor = b.expandedCompactionFactor;
    maxMemCompactLevel = b.maxMemCompactLevel;
    dynamicLevelBytes = b.dynamicLevelBytes;
    compactionPri = b.compactionPri;
    dynamicFileSize = b.dynamicFileSize;
  }

  /**
   * The defaults of the table above.
   *
   * @return the default options
   */
  public static LeveledCompactionOptions defaults() {
    return DEFAULTS;
  }

  /**
   * LevelDB 1.23's shape: 2 MiB files, level 1 of 10 MiB, level-0 triggers 4/8/12, the others
   * as in the table (so RocksDB's file choice and output cut, not LevelDB's); what {@code
   * Options.LEVELDB_LEVELED_OPTIONS} parses to.
   *
   * @return LevelDB's sizes and triggers
   */
  public static LeveledCompactionOptions levelDbDefaults() {
    return LEVELDB_DEFAULTS;
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
   *     out of range, or if the level-0 triggers are not ordered compaction &lt;= slowdown &lt;=
   *     stop
   * @throws NullPointerException if {@code options} is null
   */
  public static LeveledCompactionOptions fromMap(Map<String, String> options) {
    checkNotNull(options, "options");
    Builder b = builder();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      VALUES.checkKnown(key, OPTION_NAMES);
      switch (key) {
        case L0_COMPACTION_TRIGGER -> b.l0CompactionTriggerFiles(VALUES.parseInt(key, value));
        case L0_SLOWDOWN_WRITES_TRIGGER -> b.l0SlowdownWritesTriggerFiles(VALUES.parseInt(key, value));
        case L0_STOP_WRITES_TRIGGER -> b.l0StopWritesTriggerFiles(VALUES.parseInt(key, value));
        case MAX_BYTES_FOR_LEVEL_BASE -> b.maxBytesForLevelBaseBytes(VALUES.parseLong(key, value));
        case MAX_BYTES_FOR_LEVEL_MULTIPLIER ->
            b.maxBytesForLevelMultiplier(VALUES.parseDouble(key, value));
        case TARGET_FILE_SIZE_BASE -> b.targetFileSizeBytes(VALUES.parseLong(key, value));
        case MAX_GRANDPARENT_OVERLAP_FACTOR ->
            b.maxGrandparentOverlapFactor(VALUES.parseInt(key, value));
        case EXPANDED_COMPACTION_FACTOR -> b.expandedCompactionFactor(VALUES.parseInt(key, value));
        case MAX_MEM_COMPACT_LEVEL -> b.maxMemCompactLevel(VALUES.parseInt(key, value));
        case LEVEL_COMPACTION_DYNAMIC_LEVEL_BYTES -> b.dynamicLevelBytes(parseBoolean(key, value));
        case COMPACTION_PRI -> b.compactionPri(parseCompactionPri(key, value));
        case LEVEL_COMPACTION_DYNAMIC_FILE_SIZE -> b.dynamicFileSize(parseBoolean(key, value));
        default -> throw new AssertionError("option key without a parser: " + key);
      }
    }
    return b.build();
  }

  /** Level 0 is compacted from this many files; default 4. */
  public int l0CompactionTriggerFiles() {
    return l0CompactionTriggerFiles;
  }

  /** Writes slow down from this many level-0 files; default 20 (LevelDB's 8). */
  public int l0SlowdownWritesTriggerFiles() {
    return l0SlowdownWritesTriggerFiles;
  }

  /** Writes stop from this many level-0 files; default 36 (LevelDB's 12). */
  public int l0StopWritesTriggerFiles() {
    return l0StopWritesTriggerFiles;
  }

  /** Target size of level 1, in bytes; default 64 MiB (LevelDB's 10 MiB). */
  public long maxBytesForLevelBaseBytes() {
    return maxBytesForLevelBaseBytes;
  }

  /** Ratio of the targets of adjacent levels; default 10. */
  public double maxBytesForLevelMultiplier() {
    return maxBytesForLevelMultiplier;
  }

  /** Output file size cut, in bytes; default 8 MiB (LevelDB's 2 MiB). */
  public long targetFileSizeBytes() {
    return targetFileSizeBytes;
  }

  /** Grandparent overlap bound in target file sizes; default 10. */
  public int maxGrandparentOverlapFactor() {
    return maxGrandparentOverlapFactor;
  }

  /** Bound of a grown compaction in target file sizes; default 25. */
  public int expandedCompactionFactor() {
    return expandedCompactionFactor;
  }

  /** Deepest level a flush may be placed in; default 2. */
  public int maxMemCompactLevel() {
    return maxMemCompactLevel;
  }

  private static boolean parseBoolean(String key, String value) {
    String v = VALUES.requireValue(key, value);
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw VALUES.badValue(key, value, "must be true or false");
  }

  private static CompactionPri parseCompactionPri(String key, String value) {
    return CompactionPri.fromOptionValue(VALUES.requireValue(key, value))
        .orElseThrow(() -> VALUES.badValue(key, "'" + value + "'",
            "must be " + CompactionPri.ROUND_ROBIN.optionValue() + " or "
                + CompactionPri.MIN_OVERLAPPING_RATIO.optionValue()));
  }

  /**
   * Which file of level 1 or deeper a compaction starts with; default {@link
   * CompactionPri#MIN_OVERLAPPING_RATIO} (LevelDB's is {@link CompactionPri#ROUND_ROBIN}).
   */
  public CompactionPri compactionPri() {
    return compactionPri;
  }

  /**
   * Whether {@code level_compaction_dynamic_file_size} is set: output files end at next-level
   * file boundaries, between half and twice {@code target_file_size_base}; default true (false is
   * LevelDB's cut at {@code target_file_size_base}).
   */
  public boolean dynamicFileSize() {
    return dynamicFileSize;
  }

  /**
   * Whether {@code level_compaction_dynamic_level_bytes} is set: level targets are derived from
   * the last level's size and level 0 compacts into the base level (see
   * {@link LeveledCompactionStrategy}); default false (LevelDB's fixed targets of {@link #maxBytesForLevel}).
   */
  public boolean dynamicLevelBytes() {
    return dynamicLevelBytes;
  }

  /**
   * The target size of {@code level} in bytes (LevelDB's {@code MaxBytesForLevel}): the base for
   * levels 0 and 1 (level 0 is scored by file count instead), times the multiplier for each
   * level below 1. A double, since {@code base * multiplier^5} may exceed a long.
   *
   * @throws IllegalArgumentException if {@code level} is not in {@code [0, 7)}
   */
  public double maxBytesForLevel(int level) {
    checkArgument(level >= 0 && level < Version.NUM_LEVELS, "level out of range: %s", level);
    double result = maxBytesForLevelBaseBytes;
    for (int l = level; l > 1; l--) {
      result *= maxBytesForLevelMultiplier;
    }
    return result;
  }

  /**
   * {@code max_grandparent_overlap_factor * target_file_size_base}, in bytes; default 80 MiB
   * (LevelDB's 20 MiB).
   */
  public long maxGrandparentOverlapBytes() {
    return maxGrandparentOverlapFactor * targetFileSizeBytes;
  }

  /**
   * {@code expanded_compaction_factor * target_file_size_base}, in bytes; default 200 MiB
   * (LevelDB's 50 MiB).
   */
  public long expandedCompactionSizeLimitBytes() {
    return expandedCompactionFactor * targetFileSizeBytes;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LeveledCompactionOptions other)) {
      return false;
    }
    return l0CompactionTriggerFiles == other.l0CompactionTriggerFiles
        && l0SlowdownWritesTriggerFiles == other.l0SlowdownWritesTriggerFiles
        && l0StopWritesTriggerFiles == other.l0StopWritesTriggerFiles
        && maxBytesForLevelBaseBytes == other.maxBytesForLevelBaseBytes
        && Double.compare(maxBytesForLevelMultiplier, other.maxBytesForLevelMultiplier) == 0
        && targetFileSizeBytes == other.targetFileSizeBytes
        && maxGrandparentOverlapFactor == other.maxGrandparentOverlapFactor
        && expandedCompactionFactor == other.expandedCompactionFactor
        && maxMemCompactLevel == other.maxMemCompactLevel
        && dynamicLevelBytes == other.dynamicLevelBytes
        && compactionPri == other.compactionPri
        && dynamicFileSize == other.dynamicFileSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(l0CompactionTriggerFiles, l0SlowdownWritesTriggerFiles,
        l0StopWritesTriggerFiles, maxBytesForLevelBaseBytes, maxBytesForLevelMultiplier,
        targetFileSizeBytes, maxGrandparentOverlapFactor, expandedCompactionFactor,
        maxMemCompactLevel, dynamicLevelBytes, compactionPri, dynamicFileSize);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add(L0_COMPACTION_TRIGGER, l0CompactionTriggerFiles)
        .add(L0_SLOWDOWN_WRITES_TRIGGER, l0SlowdownWritesTriggerFiles)
        .add(L0_STOP_WRITES_TRIGGER, l0StopWritesTriggerFiles)
        .add(MAX_BYTES_FOR_LEVEL_BASE, maxBytesForLevelBaseBytes)
        .add(MAX_BYTES_FOR_LEVEL_MULTIPLIER, maxBytesForLevelMultiplier)
        .add(TARGET_FILE_SIZE_BASE, targetFileSizeBytes)
        .add(MAX_GRANDPARENT_OVERLAP_FACTOR, maxGrandparentOverlapFactor)
        .add(EXPANDED_COMPACTION_FACTOR, expandedCompactionFactor)
        .add(MAX_MEM_COMPACT_LEVEL, maxMemCompactLevel)
        .add(LEVEL_COMPACTION_DYNAMIC_LEVEL_BYTES, dynamicLevelBytes)
        .add(COMPACTION_PRI, compactionPri.optionValue())
        .add(LEVEL_COMPACTION_DYNAMIC_FILE_SIZE, dynamicFileSize)
        .toString();
  }

  /**
   * Builds {@link LeveledCompactionOptions}; starts from the defaults, validates in
   * {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private int l0CompactionTriggerFiles = 4;
    private int l0SlowdownWritesTriggerFiles = 20;
    private int l0StopWritesTriggerFiles = 36;
    private long maxBytesForLevelBaseBytes = 64L * 1048576;
    private double maxBytesForLevelMultiplier = 10;
    private long targetFileSizeBytes = 8L * 1048576;
    private int maxGrandparentOverlapFactor = 10;
    private int expandedCompactionFactor = 25;
    private int maxMemCompactLevel = 2;
    private boolean dynamicLevelBytes = false;
    private CompactionPri compactionPri = CompactionPri.MIN_OVERLAPPING_RATIO;
    private boolean dynamicFileSize = true;

    private Builder() {}

    /** Sets {@code l0_compaction_trigger}, in files. */
    public Builder l0CompactionTriggerFiles(int files) {
      l0CompactionTriggerFiles = files;
      return this;
    }

    /** Sets {@code l0_slowdown_writes_trigger}, in files. */
    public Builder l0SlowdownWritesTriggerFiles(int files) {
      l0SlowdownWritesTriggerFiles = files;
      return this;
    }

    /** Sets {@code l0_stop_writes_trigger}, in files. */
    public Builder l0StopWritesTriggerFiles(int files) {
      l0StopWritesTriggerFiles = files;
      return this;
    }

    /** Sets {@code max_bytes_for_level_base}, in bytes. */
    public Builder maxBytesForLevelBaseBytes(long bytes) {
      maxBytesForLevelBaseBytes = bytes;
      return this;
    }

    /** Sets {@code max_bytes_for_level_multiplier}. */
    public Builder maxBytesForLevelMultiplier(double multiplier) {
      maxBytesForLevelMultiplier = multiplier;
      return this;
    }

    /** Sets {@code target_file_size_base}, in bytes. */
    public Builder targetFileSizeBytes(long bytes) {
      targetFileSizeBytes = bytes;
      return this;
    }

    /** Sets {@code max_grandparent_overlap_factor}, in target file sizes. */
    public Builder maxGrandparentOverlapFactor(int factor) {
      maxGrandparentOverlapFactor = factor;
      return this;
    }

    /** Sets {@code expanded_compaction_factor}, in target file sizes. */
    public Builder expandedCompactionFactor(int factor) {
      expandedCompactionFactor = factor;
      return this;
    }

    /** Sets {@code max_mem_compact_level}. */
    public Builder maxMemCompactLevel(int level) {
      maxMemCompactLevel = level;
      return this;
    }

    /** Sets {@code level_compaction_dynamic_level_bytes}. */
    public Builder dynamicLevelBytes(boolean dynamic) {
      dynamicLevelBytes = dynamic;
      return this;
    }

    /**
     * Sets {@code compaction_pri}.
     *
     * @throws NullPointerException if {@code pri} is null
     */
    public Builder compactionPri(CompactionPri pri) {
      compactionPri = checkNotNull(pri, "compaction_pri");
      return this;
    }

    /** Sets {@code level_compaction_dynamic_file_size}. */
    public Builder dynamicFileSize(boolean dynamic) {
      dynamicFileSize = dynamic;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the option and its value if a value is out of the
     *     range in the class table, or the level-0 triggers are not ordered compaction &lt;=
     *     slowdown &lt;= stop; the builder is left unchanged
     */
    public LeveledCompactionOptions build() {
      VALUES.checkRange(L0_COMPACTION_TRIGGER, l0CompactionTriggerFiles, 1, Integer.MAX_VALUE);
      if (l0SlowdownWritesTriggerFiles < l0CompactionTriggerFiles) {
        throw VALUES.badValue(L0_SLOWDOWN_WRITES_TRIGGER, l0SlowdownWritesTriggerFiles,
            "must be >= " + L0_COMPACTION_TRIGGER + " (" + l0CompactionTriggerFiles + ")");
      }
      if (l0StopWritesTriggerFiles < l0SlowdownWritesTriggerFiles) {
        throw VALUES.badValue(L0_STOP_WRITES_TRIGGER, l0StopWritesTriggerFiles,
            "must be >= " + L0_SLOWDOWN_WRITES_TRIGGER + " (" + l0SlowdownWritesTriggerFiles
                + ")");
      }
      VALUES.checkRange(MAX_BYTES_FOR_LEVEL_BASE, maxBytesForLevelBaseBytes, 1, Long.MAX_VALUE);
      if (!(maxBytesForLevelMultiplier >= 1 && maxBytesForLevelMultiplier <= MAX_FACTOR)) {
        throw VALUES.badValue(MAX_BYTES_FOR_LEVEL_MULTIPLIER, maxBytesForLevelMultiplier,
            "must be in [1, " + MAX_FACTOR + "]");
      }
      VALUES.checkRange(TARGET_FILE_SIZE_BASE, targetFileSizeBytes, 1, MAX_TARGET_FILE_SIZE_BYTES);
      VALUES.checkRange(MAX_GRANDPARENT_OVERLAP_FACTOR, maxGrandparentOverlapFactor, 1, MAX_FACTOR);
      VALUES.checkRange(EXPANDED_COMPACTION_FACTOR, expandedCompactionFactor, 0, MAX_FACTOR);
      VALUES.checkRange(MAX_MEM_COMPACT_LEVEL, maxMemCompactLevel, 0, Version.NUM_LEVELS - 1);
      return new LeveledCompactionOptions(this);
    }
  }
}
