package io.strata.api;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.strata.api.spi.compaction.CompactionFilterFactory;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.memtable.MemTableProvider;
import io.strata.api.spi.merge.MergeOperator;
import io.strata.api.spi.table.TableFormatProvider;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionSetProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a database is opened: behaviour, sizes and the plugins to use. Immutable; build with
 * {@link #builder()}, which validates every value in {@link Builder#build()} and names the bad
 * one in an {@link IllegalArgumentException}.
 *
 * <p><b>Defaults are sized for today's machines</b>, after RocksDB's ({@code
 * include/rocksdb/options.h}, {@code advanced_options.h}) but smaller where RocksDB's 64 MiB
 * buffers and files made a database of a few hundred MB slower and twice its size: a 32 MiB
 * write buffer in the {@code arena} memtable and a 32 MiB block cache (RocksDB's), with the
 * {@code leveled} strategy's own defaults (8 MiB files, level 1 of 64 MiB, level-0 triggers
 * 4/20/36, RocksDB's). Their memory budget: at most two memtables in memory (the active one and
 * the one being flushed), so 2 &times; 32 MiB = 64 MiB of write buffers, plus 32 MiB of cached
 * blocks: about 96 MiB per database, besides the table cache's index and filter blocks. {@link
 * #levelDbDefaults()} gives LevelDB 1.23's instead (4 MiB write buffer in the {@code skiplist}
 * memtable, 8 MiB block cache, 2 MiB files, level 1 of 10 MiB, level-0 triggers 4/8/12: about
 * 16 MiB per database), for small heaps, many small databases and the shape of trees LevelDB
 * writes.
 *
 * <p><b>The compaction strategy belongs to the database.</b> A database records its strategy and
 * the strategy's options (in an {@code OPTIONS-NNNNNN} file, and in the MANIFEST for strategies
 * that leave LevelDB's layout), and an open follows this rule:
 *
 * <ul>
 *   <li>no strategy named ({@link Builder#compactionStrategy(String)},
 *       {@link Builder#compactionFromProperties} with {@code compaction.strategy}, or
 *       {@link Builder#compactionStrategyProvider}): the recorded strategy with its recorded
 *       options; {@code leveled} with its defaults for a new database, or for one that records
 *       none (written by LevelDB, or by a Strata that kept no record);
 *   <li>no strategy named but {@link #strategyOptions()} not empty: the recorded strategy with
 *       these options instead of the recorded ones;
 *   <li>a strategy named: that strategy with exactly {@link #strategyOptions()} (empty: its
 *       defaults). When it differs from the recorded one, the database switches (the new
 *       strategy reshapes the tree one compaction at a time), logs it at INFO and reports it
 *       in {@code Db.getProperty("strata.strategy-switched-from")}.
 * </ul>
 *
 * A new strategy or new options are recorded once the open has succeeded.
 *
 * <p><b>So does the merge operator.</b> The name (and options) of the operator {@link
 * Builder#mergeOperator(String)} or {@link Builder#mergeOperator(MergeOperator)} gives is
 * recorded in the OPTIONS file; an open that names none uses the recorded one, and an open that
 * names another than the recorded one fails with {@link IllegalArgumentException}, changing
 * nothing (operands written for one operator mean nothing to another).
 */
public final class Options {
  /** The compaction strategy of a new database, and of one that records none: LevelDB's. */
  public static final String DEFAULT_COMPACTION_STRATEGY = "leveled";

  /**
   * The {@code leveled} strategy options of {@link #levelDbDefaults()}: LevelDB's 2 MiB files,
   * level 1 of 10 MiB and level-0 triggers 4/8/12, keyed by the strategy's option names (bytes and
   * files, as decimal strings).
   */
  public static final ImmutableMap<String, String> LEVELDB_LEVELED_OPTIONS = ImmutableMap.of(
      "target_file_size_base", Long.toString(2L << 20),
      "max_bytes_for_level_base", Long.toString(10L << 20),
      "l0_compaction_trigger", "4",
      "l0_slowdown_writes_trigger", "8",
      "l0_stop_writes_trigger", "12");

  private final boolean createIfMissing;
  private final boolean errorIfExists;
  private final boolean paranoidChecks;
  private final long writeBufferSizeBytes;
  private final long delayedWriteRateBytesPerSecond;
  private final int maxOpenFiles;
  private final int maxSubcompactions;
  private final int blockSizeBytes;
  private final int blockRestartInterval;
  private final long blockCacheSizeBytes;
  private final int bloomBitsPerKey;
  private final CompressionType compression;
  private final ImmutableList<CompressionType> compressionPerLevel;
  private final CompressionType bottommostCompression;
  private final long maxManifestFileSizeBytes;
  private final KeyComparator comparator;
  private final String compactionStrategy;
  private final ImmutableMap<String, String> strategyOptions;
  private final String memTable;
  private final String tableFormat;
  private final String versionSet;
  private final FileSystem fileSystem;
  private final CompactionStrategyProvider compactionStrategyProvider;
  private final MemTableProvider memTableProvider;
  private final TableFormatProvider tableFormatProvider;
  private final VersionSetProvider versionSetProvider;
  private final WalRecoveryMode walRecoveryMode;
  private final ImmutableList<EventListener> listeners;
  private final String compactionFilter;
  private final ImmutableMap<String, String> compactionFilterOptions;
  private final CompactionFilterFactory compactionFilterFactory;
  private final Duration ttl;
  private final Clock clock;
  private final String mergeOperator;
  private final ImmutableMap<String, String> mergeOperatorOptions;
  private final MergeOperator mergeOperatorInstance;
  private final SharedResources sharedResources;

  private Options(Builder b) {
    createIfMissing = b.createIfMissing;
    errorIfExists = b.errorIfExists;
    paranoidChecks = b.paranoidChecks;
    writeBufferSizeBytes = b.writeBufferSizeBytes;
    delayedWriteRateBytesPerSecond = b.delayedWriteRateBytesPerSecond;
    maxOpenFiles = b.maxOpenFiles;
    maxSubcompactions = b.maxSubcompactions;
    blockSizeBytes = b.blockSizeBytes;
    blockRestartInterval = b.blockRestartInterval;
    blockCacheSizeBytes = b.blockCacheSizeBytes;
    bloomBitsPerKey = b.bloomBitsPerKey;
    compression = b.compression;
    compressionPerLevel = b.compressionPerLevel;
    bottommostCompression = b.bottommostCompression;
    maxManifestFileSizeBytes = b.maxManifestFileSizeBytes;
    comparator = b.comparator;
    compactionStrategy = b.compactionStrategy;
    strategyOptions = ImmutableMap.copyOf(b.strategyOptions);
    memTable = b.memTable;
    tableFormat = b.tableFormat;
    versionSet = b.versionSet;
    fileSystem = b.fileSystem;
    compactionStrategyProvider = b.compactionStrategyProvider;
    memTableProvider = b.memTableProvider;
    tableFormatProvider = b.tableFormatProvider;
    versionSetProvider = b.versionSetProvider;
    walRecoveryMode = b.walRecoveryMode;
    listeners = b.listeners.build();
    compactionFilter = b.compactionFilter;
    compactionFilterOptions = b.compactionFilterOptions;
    compactionFilterFactory = b.compactionFilterFactory;
    ttl = b.ttl;
    clock = b.clock;
    mergeOperator = b.mergeOperator;
    mergeOperatorOptions = ImmutableMap.copyOf(b.mergeOperatorOptions);
    mergeOperatorInstance = b.mergeOperatorInstance;
    sharedResources = b.sharedResources;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder holding every default
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder from these options, to change a few of them.
   *
   * @return a new builder holding this object's values
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The default options.
   *
   * @return options with every default
   */
  public static Options defaults() {
    return builder().build();
  }

  /**
   * LevelDB 1.23's defaults (google/leveldb {@code include/leveldb/options.h} and {@code
   * db/dbformat.h}), the ones Strata shipped before its defaults followed RocksDB's: see {@link
   * Builder#levelDbDefaults()}.
   *
   * @return options with LevelDB's write buffer, memtable, block cache and leveled shape
   */
  public static Options levelDbDefaults() {
    return builder().levelDbDefaults().build();
  }

  /** {@return whether open creates a missing database and its directory (default true)} */
  public boolean createIfMissing() {
    return createIfMissing;
  }

  /** {@return whether {@code open} fails when a database already exists (default false)} */
  public boolean errorIfExists() {
    return errorIfExists;
  }

  /**
   * Check every checksum on every read, and fail open on a torn tail in a log that is not the
   * newest under {@link WalRecoveryMode#TOLERATE_CORRUPTED_TAIL_RECORDS} (default false). Other
   * log damage is governed by {@link #walRecoveryMode()} alone.
   *
   * @return whether paranoid checks are on
   */
  public boolean paranoidChecks() {
    return paranoidChecks;
  }

  /**
   * {@return bytes a memtable may hold before it is flushed to an L0 table (default 32 MiB; 4 MiB
   * in {@link #levelDbDefaults()})}
   */
  public long writeBufferSizeBytes() {
    return writeBufferSizeBytes;
  }

  /**
   * The rate writes are held to while the compaction strategy asks for a slowdown (RocksDB's
   * {@code delayed_write_rate}, db/write_controller.cc): each write group waits for the bytes it
   * lacks in a budget refilled at this rate, and the rate falls by a fifth each time the
   * compaction debt has grown since the last delayed write (to 16 KiB/s at the least) and rises
   * by a quarter when it has shrunk, up to this value. A stop (the strategy's stop condition,
   * or a full memtable with the previous one still flushing) still blocks until compaction or
   * the flush catches up.
   *
   * @return bytes per second (default 16 MiB/s, RocksDB's)
   */
  public long delayedWriteRateBytesPerSecond() {
    return delayedWriteRateBytesPerSecond;
  }

  /** {@return the most files the table cache keeps open (default 1000)} */
  public int maxOpenFiles() {
    return maxOpenFiles;
  }

  /**
   * The most subcompactions one compaction is split into (RocksDB's {@code max_subcompactions},
   * include/rocksdb/options.h): a compaction that rewrites files into a level above 0 and reads
   * at least two target output files' worth of bytes is cut into up to this many disjoint
   * user-key ranges of about equal input bytes, split at input files' smallest and largest keys,
   * and the ranges are merged at once on as many threads, each into its own output tables. The
   * outputs are installed together in one MANIFEST edit, and the compaction's event and
   * statistics are reported once, summed over the ranges. All versions of a user key stay in
   * one range, so the result is the same as without subcompactions but for where output files
   * are cut.
   *
   * <p>The threads are this database's own ({@code maxSubcompactions - 1} helpers beside the
   * compaction thread, started at open, idle ones ending after a minute), or, with {@link
   * #sharedResources()}, compaction lanes of the shared pool: there the ranges wait for the
   * pool's compaction threads like any compaction, and run one after another on the
   * compaction's own thread when none is free. A compaction filter factory is asked for one
   * filter per range.
   *
   * @return the most ranges per compaction, 1 to 64 (default 1: no splitting, RocksDB's default)
   */
  public int maxSubcompactions() {
    return maxSubcompactions;
  }

  /** {@return uncompressed bytes of user data per table block, approximately (default 4096)} */
  public int blockSizeBytes() {
    return blockSizeBytes;
  }

  /** {@return keys between restart points in a block (default 16)} */
  public int blockRestartInterval() {
    return blockRestartInterval;
  }

  /**
   * {@return the most bytes of uncompressed blocks the block cache holds (default 32 MiB; 8 MiB
   * in {@link #levelDbDefaults()})}
   */
  public long blockCacheSizeBytes() {
    return blockCacheSizeBytes;
  }

  /** {@return Bloom filter bits per key (default 10, ~1% false positives); 0: no filter} */
  public int bloomBitsPerKey() {
    return bloomBitsPerKey;
  }

  /**
   * Block compression of new tables at every level when {@link #compressionPerLevel()} is empty
   * (RocksDB's {@code compression}).
   *
   * @return the compression type (default {@link CompressionType#SNAPPY})
   */
  public CompressionType compression() {
    return compression;
  }

  /**
   * Block compression of new tables by the level they are written to, level 0 first (RocksDB's
   * {@code compression_per_level}, {@code include/rocksdb/advanced_options.h}); levels past the
   * list's end use its last entry. Empty (the default): {@link #compression()} at every level.
   * A flush writes with level 0's type, a compaction with its output level's, or
   * {@link #bottommostCompression()} when it is bottommost. For example, no compression where
   * data is rewritten soon, Snappy in the middle and Zstandard at the bottom, where most of the
   * data lives:
   *
   * <pre>{@code
   * Options.builder()
   *     .compressionPerLevel(List.of(NONE, NONE, SNAPPY, SNAPPY, ZSTD))
   *     .bottommostCompression(ZSTD)
   *     .build();
   * }</pre>
   *
   * Compression is recorded per block, so changing this between opens leaves existing tables
   * readable; they are rewritten with the new types as compactions reach them.
   *
   * @return the per-level types, at most {@link Version#NUM_LEVELS}
   */
  public ImmutableList<CompressionType> compressionPerLevel() {
    return compressionPerLevel;
  }

  /**
   * Block compression of the output of a bottommost compaction, one whose key range no older
   * file may hold (no file below the output level overlaps it), RocksDB's
   * {@code bottommost_compression}. Empty (the default, RocksDB's
   * {@code kDisableCompressionOption}): the output level's type, as for any compaction.
   *
   * @return the bottommost type, or empty to use the output level's
   */
  public Optional<CompressionType> bottommostCompression() {
    return Optional.ofNullable(bottommostCompression);
  }

  /**
   * The block compression of a table written to {@code level}, before the bottommost rule:
   * {@link #compressionPerLevel()}'s entry for the level (its last entry past its end), or
   * {@link #compression()} when that list is empty.
   *
   * @param level the output level, 0 to {@link Version#NUM_LEVELS} - 1
   * @return the compression type for that level
   * @throws IllegalArgumentException if {@code level} is negative
   */
  public CompressionType compressionForLevel(int level) {
    checkArgument(level >= 0, "level must be >= 0, was %s", level);
    if (compressionPerLevel.isEmpty()) {
      return compression;
    }
    return compressionPerLevel.get(Math.min(level, compressionPerLevel.size() - 1));
  }

  /** {@return bytes after which the MANIFEST is rewritten as a fresh snapshot (default 16 MiB)} */
  public long maxManifestFileSizeBytes() {
    return maxManifestFileSizeBytes;
  }

  /** {@return the user-key order (default {@link BytewiseComparator})} */
  public KeyComparator comparator() {
    return comparator;
  }

  /**
   * The compaction strategy's plugin name, when one was named; empty (the default) means the
   * strategy the database records, {@link #DEFAULT_COMPACTION_STRATEGY} for a new one. See the
   * class comment for the rule. A {@link #compactionStrategyProvider()} names its own.
   *
   * @return the named strategy, or empty when none was named
   */
  public Optional<String> compactionStrategy() {
    return Optional.ofNullable(compactionStrategy);
  }

  /**
   * The compaction strategy's options, as strings; an unknown key fails open. Empty (the
   * default) with no strategy named means the options the database records.
   *
   * @return the strategy options, key to value
   */
  public ImmutableMap<String, String> strategyOptions() {
    return strategyOptions;
  }

  /**
   * {@return the memtable's plugin name (default {@code arena}; {@code skiplist} in {@link
   * #levelDbDefaults()})}
   */
  public String memTable() {
    return memTable;
  }

  /** {@return the table format's plugin name (default {@code block-based})} */
  public String tableFormat() {
    return tableFormat;
  }

  /** {@return the metadata log's (VersionSet's) plugin name (default {@code manifest})} */
  public String versionSet() {
    return versionSet;
  }

  /** {@return the file system; empty means the local one} */
  public Optional<FileSystem> fileSystem() {
    return Optional.ofNullable(fileSystem);
  }

  /** {@return a strategy provider handed in directly, used instead of looking the name up} */
  public Optional<CompactionStrategyProvider> compactionStrategyProvider() {
    return Optional.ofNullable(compactionStrategyProvider);
  }

  /** {@return a memtable provider handed in directly, used instead of looking the name up} */
  public Optional<MemTableProvider> memTableProvider() {
    return Optional.ofNullable(memTableProvider);
  }

  /** {@return a table format provider handed in directly, used instead of looking the name up} */
  public Optional<TableFormatProvider> tableFormatProvider() {
    return Optional.ofNullable(tableFormatProvider);
  }

  /** {@return a VersionSet provider handed in directly, used instead of looking the name up} */
  public Optional<VersionSetProvider> versionSetProvider() {
    return Optional.ofNullable(versionSetProvider);
  }

  /**
   * What open does with a torn or damaged write-ahead log (default
   * {@link WalRecoveryMode#TOLERATE_CORRUPTED_TAIL_RECORDS}).
   *
   * <p>Why that default, and not RocksDB's {@code POINT_IN_TIME_RECOVERY}: a crash, even a
   * {@code kill -9} in the middle of an append, leaves at most a torn tail, which this mode
   * drops, so a crashed database reopens unattended. Damage followed by intact records is
   * something else (a flipped bit, a bad sector): the records after it were written and may
   * have been acknowledged, with {@code sync} too. Dropping them and opening would lose
   * acknowledged writes with nothing but a log line to show for it; this mode fails the open
   * instead, with a {@link CorruptionException} naming the log and the offset, and changes no
   * file. The operator then chooses: reopen with {@code POINT_IN_TIME_RECOVERY} (drops the
   * records from the damage on) or {@code SKIP_ANY_CORRUPTED_RECORDS} (drops only the damaged
   * ones), or run {@code strata repair}; in each case the log is kept under {@code lost/}.
   *
   * @return the log recovery mode
   */
  public WalRecoveryMode walRecoveryMode() {
    return walRecoveryMode;
  }

  /**
   * The listeners the database calls on flushes, compactions, write stalls, table deletions and
   * background errors, in the order they were added (default none). See {@link EventListener}.
   *
   * @return the listeners, in the order added
   */
  public ImmutableList<EventListener> listeners() {
    return listeners;
  }

  /**
   * The plugin name of the compaction filter factory, found through {@code ServiceLoader} as a
   * {@code io.strata.api.spi.compaction.CompactionFilterProvider} (default none). See
   * {@link io.strata.api.spi.compaction.CompactionFilter} for what a filter sees.
   *
   * @return the named compaction filter, or empty when none was named
   */
  public Optional<String> compactionFilter() {
    return Optional.ofNullable(compactionFilter);
  }

  /** {@return the named compaction filter's options, key to value (default none)} */
  public ImmutableMap<String, String> compactionFilterOptions() {
    return compactionFilterOptions;
  }

  /** {@return a compaction filter factory handed in directly (default none)} */
  public Optional<CompactionFilterFactory> compactionFilterFactory() {
    return Optional.ofNullable(compactionFilterFactory);
  }

  /**
   * How long a value lives after it was written (rocksdb utilities/ttl, {@code DBWithTTL});
   * empty (the default) for ever. With a TTL, every value is stored with its write time (4 bytes,
   * seconds since the epoch, from {@link #clock()}); {@code get} and iterators never return a
   * value once {@code now > write time + ttl}, and compactions drop it. A database records
   * whether it was written with a TTL: opening it the other way fails, as values would be
   * misread. The duration may change from one open to the next.
   *
   * @return the time to live, in whole seconds, or empty for none
   */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  /**
   * The wall clock of write times and expiry under {@link #ttl()} (default
   * {@link Clock#systemUTC()}); a test hands in its own.
   *
   * @return the wall clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The merge operator the options name (default none: the one the database records, if any):
   * the name of {@link #mergeOperatorInstance()} when one is given, else the name given to
   * {@link Builder#mergeOperator(String)}. See the class comment for the rule.
   *
   * @return the merge operator's name, or empty when the options name none
   */
  public Optional<String> mergeOperator() {
    return mergeOperatorInstance != null ? Optional.of(mergeOperatorInstance.name())
        : Optional.ofNullable(mergeOperator);
  }

  /**
   * The options of the named merge operator's provider (default none), e.g. {@code delimiter}
   * for {@code stringappend}; ignored with a {@link #mergeOperatorInstance()}.
   *
   * @return option key to value
   */
  public ImmutableMap<String, String> mergeOperatorOptions() {
    return mergeOperatorOptions;
  }

  /**
   * The merge operator instance to use instead of looking one up by name (default none).
   *
   * @return the instance, or empty
   */
  public Optional<MergeOperator> mergeOperatorInstance() {
    return Optional.ofNullable(mergeOperatorInstance);
  }

  /**
   * The block cache, write-buffer budget and background threads this database shares with
   * others (default none: its own block cache of {@link #blockCacheSizeBytes()} and its own flush
   * and compaction threads, and no budget beyond {@link #writeBufferSizeBytes()}). A runtime
   * resource: not recorded in the database's OPTIONS file. See {@link SharedResources}.
   *
   * @return the shared resources, or empty for none
   */
  public Optional<SharedResources> sharedResources() {
    return Optional.ofNullable(sharedResources);
  }

  /** Builder of {@link Options}; not thread-safe. */
  public static final class Builder {
    private boolean createIfMissing = true;
    private boolean errorIfExists;
    private boolean paranoidChecks;
    private long writeBufferSizeBytes = 32L << 20;
    private long delayedWriteRateBytesPerSecond = 16L << 20;
    private int maxOpenFiles = 1000;
    private int maxSubcompactions = 1;
    private int blockSizeBytes = 4096;
    private int blockRestartInterval = 16;
    private long blockCacheSizeBytes = 32L << 20;
    private int bloomBitsPerKey = 10;
    private CompressionType compression = CompressionType.SNAPPY;
    private ImmutableList<CompressionType> compressionPerLevel = ImmutableList.of();
    /** Null: none, the output level's type. */
    private CompressionType bottommostCompression;
    private long maxManifestFileSizeBytes = 16L << 20;
    private KeyComparator comparator = BytewiseComparator.INSTANCE;
    /** Null: not named, the database's own. */
    private String compactionStrategy;
    private Map<String, String> strategyOptions = ImmutableMap.of();
    private String memTable = "arena";
    private String tableFormat = "block-based";
    private String versionSet = "manifest";
    private FileSystem fileSystem;
    private CompactionStrategyProvider compactionStrategyProvider;
    private MemTableProvider memTableProvider;
    private TableFormatProvider tableFormatProvider;
    private VersionSetProvider versionSetProvider;
    private WalRecoveryMode walRecoveryMode = WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS;
    private ImmutableList.Builder<EventListener> listeners = ImmutableList.builder();
    private String compactionFilter;
    private ImmutableMap<String, String> compactionFilterOptions = ImmutableMap.of();
    private CompactionFilterFactory compactionFilterFactory;
    private Duration ttl;
    private Clock clock = Clock.systemUTC();
    private String mergeOperator;
    private Map<String, String> mergeOperatorOptions = ImmutableMap.of();
    private MergeOperator mergeOperatorInstance;
    private SharedResources sharedResources;

    private Builder() {}

    private Builder(Options o) {
      createIfMissing = o.createIfMissing;
      errorIfExists = o.errorIfExists;
      paranoidChecks = o.paranoidChecks;
      writeBufferSizeBytes = o.writeBufferSizeBytes;
      delayedWriteRateBytesPerSecond = o.delayedWriteRateBytesPerSecond;
      maxOpenFiles = o.maxOpenFiles;
      maxSubcompactions = o.maxSubcompactions;
      blockSizeBytes = o.blockSizeBytes;
      blockRestartInterval = o.blockRestartInterval;
      blockCacheSizeBytes = o.blockCacheSizeBytes;
      bloomBitsPerKey = o.bloomBitsPerKey;
      compression = o.compression;
      compressionPerLevel = o.compressionPerLevel;
      bottommostCompression = o.bottommostCompression;
      maxManifestFileSizeBytes = o.maxManifestFileSizeBytes;
      comparator = o.comparator;
      compactionStrategy = o.compactionStrategy;
      strategyOptions = o.strategyOptions;
      memTable = o.memTable;
      tableFormat = o.tableFormat;
      versionSet = o.versionSet;
      fileSystem = o.fileSystem;
      compactionStrategyProvider = o.compactionStrategyProvider;
      memTableProvider = o.memTableProvider;
      tableFormatProvider = o.tableFormatProvider;
      versionSetProvider = o.versionSetProvider;
      listeners.addAll(o.listeners);
      walRecoveryMode = o.walRecoveryMode;
      compactionFilter = o.compactionFilter;
      compactionFilterOptions = o.compactionFilterOptions;
      compactionFilterFactory = o.compactionFilterFactory;
      ttl = o.ttl;
      clock = o.clock;
      mergeOperator = o.mergeOperator;
      mergeOperatorOptions = o.mergeOperatorOptions;
      mergeOperatorInstance = o.mergeOperatorInstance;
      sharedResources = o.sharedResources;
    }

    /**
     * Sets LevelDB 1.23's defaults (google/leveldb {@code include/leveldb/options.h}, {@code
     * db/dbformat.h}, {@code db/version_set.cc}), the ones Strata shipped before its defaults
     * followed RocksDB's: a 4 MiB write buffer in the {@code skiplist} memtable, an 8 MiB block
     * cache, and the {@code leveled} strategy named with LevelDB's shape as its strategy options
     * ({@code target_file_size_base} 2 MiB, {@code max_bytes_for_level_base} 10 MiB, {@code
     * l0_compaction_trigger} 4, {@code l0_slowdown_writes_trigger} 8, {@code
     * l0_stop_writes_trigger} 12); the other options hold the same defaults either way. Memory
     * budget: two memtables of 4 MiB and 8 MiB of cached blocks, about 16 MiB per database. These
     * five settings replace any set before; setters called after win. Naming another strategy
     * afterwards needs its own {@link #strategyOptions(Map)} too, as these keys are leveled's.
     *
     * @return this builder
     */
    public Builder levelDbDefaults() {
      writeBufferSizeBytes = 4L << 20;
      blockCacheSizeBytes = 8L << 20;
      memTable = "skiplist";
      compactionStrategy = DEFAULT_COMPACTION_STRATEGY;
      strategyOptions = LEVELDB_LEVELED_OPTIONS;
      return this;
    }

    /**
     * Sets {@link Options#createIfMissing()}.
     *
     * @param v true to create a missing database on open
     * @return this builder
     */
    public Builder createIfMissing(boolean v) {
      createIfMissing = v;
      return this;
    }

    /**
     * Sets {@link Options#errorIfExists()}.
     *
     * @param v true to fail open when the database already exists
     * @return this builder
     */
    public Builder errorIfExists(boolean v) {
      errorIfExists = v;
      return this;
    }

    /**
     * Sets {@link Options#paranoidChecks()}.
     *
     * @param v true to verify every checksum on every read
     * @return this builder
     */
    public Builder paranoidChecks(boolean v) {
      paranoidChecks = v;
      return this;
    }

    /**
     * Sets {@link Options#writeBufferSizeBytes()}.
     *
     * @param v memtable size before a flush, in bytes: 64 KiB to 1 GiB (checked by build)
     * @return this builder
     */
    public Builder writeBufferSizeBytes(long v) {
      writeBufferSizeBytes = v;
      return this;
    }

    /**
     * Sets {@link Options#delayedWriteRateBytesPerSecond()}.
     *
     * @param v bytes per second while writes are slowed down: 16 KiB/s to 1 TiB/s (checked by
     *     build)
     * @return this builder
     */
    public Builder delayedWriteRateBytesPerSecond(long v) {
      delayedWriteRateBytesPerSecond = v;
      return this;
    }

    /**
     * Sets {@link Options#maxOpenFiles()}.
     *
     * @param v most table files kept open: 64 to 1,000,000 (checked by build)
     * @return this builder
     */
    public Builder maxOpenFiles(int v) {
      maxOpenFiles = v;
      return this;
    }

    /**
     * Sets {@link Options#maxSubcompactions()}.
     *
     * @param v the most subcompactions (threads) one compaction is split into: 1 to 64, where 1
     *     never splits (checked by build, which throws IllegalArgumentException naming
     *     {@code maxSubcompactions} otherwise)
     * @return this builder
     */
    public Builder maxSubcompactions(int v) {
      maxSubcompactions = v;
      return this;
    }

    /**
     * Sets {@link Options#blockSizeBytes()}.
     *
     * @param v target uncompressed block size, in bytes: 1 KiB to 4 MiB (checked by build)
     * @return this builder
     */
    public Builder blockSizeBytes(int v) {
      blockSizeBytes = v;
      return this;
    }

    /**
     * Sets {@link Options#blockRestartInterval()}.
     *
     * @param v keys between restart points: 1 to 1024 (checked by build)
     * @return this builder
     */
    public Builder blockRestartInterval(int v) {
      blockRestartInterval = v;
      return this;
    }

    /**
     * Sets {@link Options#blockCacheSizeBytes()}.
     *
     * @param v block cache capacity, in bytes: 0 (no block cache) or more (checked by build)
     * @return this builder
     */
    public Builder blockCacheSizeBytes(long v) {
      blockCacheSizeBytes = v;
      return this;
    }

    /**
     * Sets {@link Options#bloomBitsPerKey()}.
     *
     * @param v Bloom filter bits per key: 0 (no filter) to 64 (checked by build)
     * @return this builder
     */
    public Builder bloomBitsPerKey(int v) {
      bloomBitsPerKey = v;
      return this;
    }

    /**
     * Sets {@link Options#compression()}.
     *
     * @param v block compression of new tables
     * @return this builder
     * @throws NullPointerException if {@code v} is null
     */
    public Builder compression(CompressionType v) {
      compression = checkNotNull(v, "compression");
      return this;
    }

    /**
     * Sets {@link Options#compressionPerLevel()}.
     *
     * @param v block compression by level, level 0 first; empty to use
     *     {@link Options#compression()} at every level; at most
     *     {@link Version#NUM_LEVELS} entries (checked here)
     * @return this builder
     * @throws NullPointerException if {@code v} or one of its entries is null, naming the entry
     * @throws IllegalArgumentException if {@code v} has more entries than there are levels
     */
    public Builder compressionPerLevel(List<CompressionType> v) {
      checkNotNull(v, "compressionPerLevel");
      for (int i = 0; i < v.size(); i++) {
        checkNotNull(v.get(i), "compressionPerLevel[%s] (level %s) is null", i, i);
      }
      checkArgument(v.size() <= Version.NUM_LEVELS,
          "compressionPerLevel has %s entries, more than the %s levels: %s", v.size(),
          Version.NUM_LEVELS, v);
      compressionPerLevel = ImmutableList.copyOf(v);
      return this;
    }

    /**
     * Sets {@link Options#bottommostCompression()}.
     *
     * @param v block compression of bottommost compactions' outputs
     * @return this builder
     * @throws NullPointerException if {@code v} is null (use {@link #noBottommostCompression()}
     *     to clear it)
     */
    public Builder bottommostCompression(CompressionType v) {
      bottommostCompression = checkNotNull(v, "bottommostCompression");
      return this;
    }

    /**
     * Clears {@link Options#bottommostCompression()}: bottommost compactions use their output
     * level's type, as every other compaction does.
     *
     * @return this builder
     */
    public Builder noBottommostCompression() {
      bottommostCompression = null;
      return this;
    }

    /**
     * Sets {@link Options#maxManifestFileSizeBytes()}.
     *
     * @param v MANIFEST size that triggers a rewrite, in bytes: 64 KiB or more (checked by build)
     * @return this builder
     */
    public Builder maxManifestFileSizeBytes(long v) {
      maxManifestFileSizeBytes = v;
      return this;
    }

    /**
     * Sets {@link Options#comparator()}.
     *
     * @param v the user-key order; must be the one the database was created with
     * @return this builder
     * @throws NullPointerException if {@code v} is null
     */
    public Builder comparator(KeyComparator v) {
      comparator = checkNotNull(v, "comparator");
      return this;
    }

    /**
     * Names the compaction strategy: the database switches to it if it records another (see the
     * class comment). Not calling this keeps the database's own strategy.
     *
     * @param name the strategy's plugin name, e.g. {@code leveled} (not blank, checked by build)
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder compactionStrategy(String name) {
      compactionStrategy = checkNotNull(name, "compactionStrategy");
      return this;
    }

    /**
     * Replaces the strategy options; keys and values are the strategy's.
     *
     * @param v the strategy options, key to value (copied)
     * @return this builder
     * @throws NullPointerException if {@code v} or one of its keys or values is null
     */
    public Builder strategyOptions(Map<String, String> v) {
      strategyOptions = ImmutableMap.copyOf(checkNotNull(v, "strategyOptions"));
      return this;
    }

    /**
     * Sets the compaction strategy and its options from a deployment's properties: {@code
     * compaction.strategy=NAME} and one {@code compaction.option.KEY=VALUE} per strategy option,
     * e.g. {@code compaction.strategy=tiered} and {@code compaction.option.min_threshold=6}. A
     * strategy given here replaces the builder's, and so do the options when any is given; other
     * keys are ignored, so the properties may carry the rest of a service's configuration. The
     * names are checked when the database opens.
     *
     * @param properties the deployment's properties; only {@code compaction.*} keys are read
     * @return this builder
     * @throws NullPointerException if {@code properties} is null
     * @throws IllegalArgumentException if an option key after the prefix is empty
     */
    public Builder compactionFromProperties(java.util.Properties properties) {
      checkNotNull(properties, "properties");
      String strategy = properties.getProperty("compaction.strategy");
      if (strategy != null) {
        compactionStrategy(strategy.trim());
      }
      Map<String, String> found = new java.util.TreeMap<>();
      for (String name : properties.stringPropertyNames()) {
        if (name.startsWith("compaction.option.")) {
          String key = name.substring("compaction.option.".length());
          checkArgument(!key.isEmpty(), "empty strategy option key in property '%s'", name);
          found.put(key, properties.getProperty(name).trim());
        }
      }
      if (!found.isEmpty()) {
        strategyOptions(found);
      }
      return this;
    }

    /**
     * Adds or replaces one strategy option.
     *
     * @param key the option's name, as the strategy spells it
     * @param value the option's value, as a string
     * @return this builder
     * @throws NullPointerException if {@code key} or {@code value} is null
     */
    public Builder strategyOption(String key, String value) {
      checkNotNull(key, "key");
      checkNotNull(value, "value");
      Map<String, String> m = new java.util.LinkedHashMap<>(strategyOptions);
      m.put(key, value);
      strategyOptions = ImmutableMap.copyOf(m);
      return this;
    }

    /**
     * Sets {@link Options#memTable()}.
     *
     * @param name the memtable's plugin name (not blank, checked by build)
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder memTable(String name) {
      memTable = checkNotNull(name, "memTable");
      return this;
    }

    /**
     * Sets {@link Options#tableFormat()}.
     *
     * @param name the table format's plugin name (not blank, checked by build)
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder tableFormat(String name) {
      tableFormat = checkNotNull(name, "tableFormat");
      return this;
    }

    /**
     * Sets {@link Options#versionSet()}.
     *
     * @param name the VersionSet's plugin name (not blank, checked by build)
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder versionSet(String name) {
      versionSet = checkNotNull(name, "versionSet");
      return this;
    }

    /**
     * Sets {@link Options#fileSystem()}.
     *
     * @param v the file system to use; null means the local one
     * @return this builder
     */
    public Builder fileSystem(FileSystem v) {
      fileSystem = v;
      return this;
    }

    /**
     * Uses {@code v} as the strategy, whatever {@link #compactionStrategy(String)} says: it names
     * the strategy ({@code v.name()}), as {@link #compactionStrategy(String)} does.
     *
     * @param v the strategy provider; null goes back to looking the strategy up by name
     * @return this builder
     */
    public Builder compactionStrategyProvider(CompactionStrategyProvider v) {
      compactionStrategyProvider = v;
      return this;
    }

    /**
     * Uses {@code v} as the memtable provider instead of looking {@link #memTable(String)} up.
     *
     * @param v the memtable provider; null goes back to looking it up by name
     * @return this builder
     */
    public Builder memTableProvider(MemTableProvider v) {
      memTableProvider = v;
      return this;
    }

    /**
     * Uses {@code v} as the table format provider instead of looking {@link #tableFormat(String)}
     * up.
     *
     * @param v the table format provider; null goes back to looking it up by name
     * @return this builder
     */
    public Builder tableFormatProvider(TableFormatProvider v) {
      tableFormatProvider = v;
      return this;
    }

    /**
     * Uses {@code v} as the VersionSet provider instead of looking {@link #versionSet(String)} up.
     *
     * @param v the VersionSet provider; null goes back to looking it up by name
     * @return this builder
     */
    public Builder versionSetProvider(VersionSetProvider v) {
      versionSetProvider = v;
      return this;
    }

    /**
     * Sets {@link Options#walRecoveryMode()}.
     *
     * @param v what open does with a damaged write-ahead log
     * @return this builder
     * @throws NullPointerException if {@code v} is null
     */
    public Builder walRecoveryMode(WalRecoveryMode v) {
      walRecoveryMode = checkNotNull(v, "walRecoveryMode");
      return this;
    }

    /**
     * Adds {@code listener} to the {@link Options#listeners()}; repeatable, each call adds one
     * (the same listener added twice is called twice).
     *
     * @param listener the listener to call on database events
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(EventListener listener) {
      listeners.add(checkNotNull(listener, "listener"));
      return this;
    }

    /**
     * Names the compaction filter: the {@code CompactionFilterProvider} of that name is looked up
     * when the database opens (an unknown name fails open). Exclusive with
     * {@link #compactionFilterFactory(CompactionFilterFactory)}.
     *
     * @param name the filter's plugin name (not blank, checked by build); null for none
     * @return this builder
     */
    public Builder compactionFilter(String name) {
      compactionFilter = name;
      return this;
    }

    /**
     * Names the merge operator, found by name among the {@code MergeOperatorProvider}s on the
     * class path (built in: {@code uint64add}, {@code stringappend}). See {@link Options}'s class
     * comment for how it is recorded.
     *
     * @param name the provider's name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder mergeOperator(String name) {
      mergeOperator = checkNotNull(name, "mergeOperator");
      return this;
    }

    /**
     * Sets the named compaction filter's options; keys and values are the filter's.
     *
     * @param v the options, key to value (copied)
     * @return this builder
     * @throws NullPointerException if {@code v} or one of its keys or values is null
     */
    public Builder compactionFilterOptions(Map<String, String> v) {
      compactionFilterOptions = ImmutableMap.copyOf(checkNotNull(v, "compactionFilterOptions"));
      return this;
    }

    /**
     * Uses {@code operator} as the merge operator, whatever {@link #mergeOperator(String)} says;
     * its {@link MergeOperator#name()} is what the database records, so a reopen that names no
     * operator needs a provider of that name on the class path.
     *
     * @param operator the operator; null goes back to {@link #mergeOperator(String)}
     * @return this builder
     */
    public Builder mergeOperator(MergeOperator operator) {
      mergeOperatorInstance = operator;
      return this;
    }

    /**
     * Uses {@code v} to create each compaction's filter (rocksdb
     * {@code ColumnFamilyOptions::compaction_filter_factory}). Exclusive with
     * {@link #compactionFilter(String)}.
     *
     * @param v the factory, thread-safe; null for none
     * @return this builder
     */
    public Builder compactionFilterFactory(CompactionFilterFactory v) {
      compactionFilterFactory = v;
      return this;
    }

    /**
     * Sets {@link Options#ttl()}.
     *
     * @param v the time to live: whole seconds, 1 s to 2^31-1 s (checked by build); null for
     *     none
     * @return this builder
     */
    public Builder ttl(Duration v) {
      ttl = v;
      return this;
    }

    /**
     * Sets {@link Options#clock()}.
     *
     * @param v the wall clock of write times and expiry
     * @return this builder
     * @throws NullPointerException if {@code v} is null
     */
    public Builder clock(Clock v) {
      clock = checkNotNull(v, "clock");
      return this;
    }

    /**
     * Adds one option for the named merge operator's provider, e.g. {@code
     * mergeOperatorOption("delimiter", ";")} for {@code stringappend}.
     *
     * @param key the option key
     * @param value the option value
     * @return this builder
     * @throws NullPointerException if {@code key} or {@code value} is null
     */
    public Builder mergeOperatorOption(String key, String value) {
      checkNotNull(key, "key");
      checkNotNull(value, "value");
      Map<String, String> m = new java.util.LinkedHashMap<>(mergeOperatorOptions);
      m.put(key, value);
      mergeOperatorOptions = ImmutableMap.copyOf(m);
      return this;
    }

    /**
     * Sets {@link Options#sharedResources()}: the database uses the shared block cache (and
     * ignores {@link #blockCacheSizeBytes(long)}), charges its memtables to the shared
     * write-buffer budget, and runs its flushes and compactions on the shared threads.
     *
     * @param v the handle from {@code io.strata.core.Strata.newSharedResources}; null for none
     * @return this builder
     */
    public Builder sharedResources(SharedResources v) {
      sharedResources = v;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the options
     * @throws IllegalArgumentException naming the first option out of range, with its value
     */
    public Options build() {
      checkArgument(writeBufferSizeBytes >= (64 << 10) && writeBufferSizeBytes <= (1L << 30),
          "writeBufferSizeBytes must be in [64 KiB, 1 GiB], was %s", writeBufferSizeBytes);
      checkArgument(delayedWriteRateBytesPerSecond >= (16 << 10)
          && delayedWriteRateBytesPerSecond <= (1L << 40),
          "delayedWriteRateBytesPerSecond must be in [16 KiB/s, 1 TiB/s], was %s",
          delayedWriteRateBytesPerSecond);
      checkArgument(maxOpenFiles >= 64 && maxOpenFiles <= 1_000_000,
          "maxOpenFiles must be in [64, 1000000], was %s", maxOpenFiles);
      checkArgument(maxSubcompactions >= 1 && maxSubcompactions <= 64,
          "maxSubcompactions must be in [1, 64], was %s", maxSubcompactions);
      checkArgument(blockSizeBytes >= 1024 && blockSizeBytes <= (4 << 20),
          "blockSizeBytes must be in [1 KiB, 4 MiB], was %s", blockSizeBytes);
      checkArgument(blockRestartInterval >= 1 && blockRestartInterval <= 1024,
          "blockRestartInterval must be in [1, 1024], was %s", blockRestartInterval);
      checkArgument(blockCacheSizeBytes >= 0,
          "blockCacheSizeBytes must be >= 0, was %s", blockCacheSizeBytes);
      checkArgument(bloomBitsPerKey >= 0 && bloomBitsPerKey <= 64,
          "bloomBitsPerKey must be in [0, 64], was %s", bloomBitsPerKey);
      checkArgument(maxManifestFileSizeBytes >= (64 << 10),
          "maxManifestFileSizeBytes must be >= 64 KiB, was %s", maxManifestFileSizeBytes);
      checkArgument(compactionStrategy == null || !compactionStrategy.isBlank(),
          "compactionStrategy must not be blank, was '%s'", compactionStrategy);
      checkArgument(mergeOperator == null || !mergeOperator.isBlank(),
          "mergeOperator must not be blank, was '%s'", mergeOperator);
      for (String[] nv : new String[][] {
          {"memTable", memTable}, {"tableFormat", tableFormat}, {"versionSet", versionSet}}) {
        checkArgument(!nv[1].isBlank(), "%s must not be blank, was '%s'", nv[0], nv[1]);
      }
      checkArgument(compactionFilter == null || !compactionFilter.isBlank(),
          "compactionFilter must not be blank, was '%s'", compactionFilter);
      checkArgument(compactionFilter == null || compactionFilterFactory == null,
          "compactionFilter '%s' and compactionFilterFactory %s both given; give one",
          compactionFilter, compactionFilterFactory);
      checkArgument(compactionFilterOptions.isEmpty() || compactionFilter != null,
          "compactionFilterOptions %s given without a compactionFilter name",
          compactionFilterOptions);
      checkArgument(ttl == null || (!ttl.isNegative() && ttl.getNano() == 0
          && ttl.getSeconds() >= 1 && ttl.getSeconds() <= Integer.MAX_VALUE),
          "ttl must be whole seconds in [1 s, 2^31-1 s], was %s", ttl);
      return new Options(this);
    }
  }
}
