package io.strata.bench.peers;

import io.strata.api.DbIterator;
import io.strata.api.LevelStatistics;
import io.strata.api.Statistics;
import io.strata.api.WriteStallCondition;
import io.strata.examples.experiment.engine.EngineSettings;
import io.strata.examples.experiment.engine.EngineStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.LevelMetaData;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.TickerType;
import org.rocksdb.WriteOptions;

/**
 * An open RocksDB database as an {@link EngineStore} ({@link RocksDbAdapter} maps the settings).
 *
 * <p>Counters in {@link #statistics()}: user bytes are counted here (key and value bytes of each
 * put, key bytes of each delete, as Strata counts them); log bytes are RocksDB's {@code
 * rocksdb.wal.bytes} ticker; table bytes written are {@code rocksdb.flush.write.bytes} (as flush
 * bytes) plus {@code rocksdb.compact.write.bytes} (carried, with {@code
 * rocksdb.compact.read.bytes}, on the level-0 entry: RocksDB's tickers are not per level);
 * files and bytes per level from the column family's metadata; the memtable, pending compaction
 * bytes and running compactions from the properties {@code rocksdb.cur-size-all-mem-tables},
 * {@code rocksdb.estimate-pending-compaction-bytes} and {@code rocksdb.num-running-compactions};
 * block cache hits and misses from {@code rocksdb.block.cache.data.hit} and {@code .miss},
 * iterator seeks from {@code rocksdb.number.db.seek}; live log bytes are the sizes of the
 * {@code NNNNNN.log} files in the directory. Gets, filter and stall figures are 0 (not
 * reported).
 *
 * <p>{@link #settle()}: a flush that waits, then polls every {@value #SETTLE_POLL_MILLIS} ms until
 * no flush or compaction is pending or running ({@code rocksdb.mem-table-flush-pending}, {@code
 * rocksdb.compaction-pending}, {@code rocksdb.num-running-flushes}, {@code
 * rocksdb.num-running-compactions} all 0), what {@code DB::WaitForCompact} does in RocksDB's C++
 * API, which RocksJava 10.2 does not expose.
 *
 * <p>Thread-safe as RocksDB is; the user byte counter has one writer (the workload thread).
 */
final class RocksDbStore implements EngineStore {
  /** Milliseconds between two checks while settling. */
  static final long SETTLE_POLL_MILLIS = 10;
  /** Longest a settle waits before it reports the database as not settling. */
  static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(30);

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final Options options;
  private final org.rocksdb.Statistics stats;
  private final LRUCache cache;
  private final BloomFilter filter;
  private final WriteOptions writeOptions;
  private final ReadOptions readOptions;
  private final RocksDB db;
  private final Map<String, String> described;
  private final AtomicLong userBytes = new AtomicLong();

  private RocksDbStore(Path dir, Options options, org.rocksdb.Statistics stats, LRUCache cache,
      BloomFilter filter, RocksDB db, Map<String, String> described) {
    this.dir = dir;
    this.options = options;
    this.stats = stats;
    this.cache = cache;
    this.filter = filter;
    this.writeOptions = new WriteOptions();
    this.readOptions = new ReadOptions();
    this.db = db;
    this.described = described;
  }

  /** Opens RocksDB in {@code dir} with {@code s}, as {@link RocksDbAdapter}'s table says. */
  static RocksDbStore open(Path dir, EngineSettings s) throws IOException {
    org.rocksdb.Statistics stats = new org.rocksdb.Statistics();
    LRUCache cache = new LRUCache(s.blockCacheSizeBytes());
    BloomFilter filter = s.bloomBitsPerKey() > 0 ? new BloomFilter(s.bloomBitsPerKey(), false)
        : null;
    BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setBlockCache(cache)
        .setBlockSize(s.blockSizeBytes());
    if (filter != null) {
      table.setFilterPolicy(filter);
    }
    Options options = new Options()
        .setCreateIfMissing(true)
        .setStatistics(stats)
        .setWriteBufferSize(s.writeBufferSizeBytes())
        .setMaxWriteBufferNumber(2)
        .setCompressionType(RocksDbAdapter.compression(s.compression()))
        .setMaxOpenFiles(s.maxOpenFiles())
        .setMaxBackgroundJobs(2)
        .setTableFormatConfig(table);
    if (!s.ownShape()) {
      // LevelDB's shape, as Strata's in the experiment; else RocksDB's own defaults.
      options.setTargetFileSizeBase(s.targetFileSizeBytes())
          .setMaxBytesForLevelBase(s.maxBytesForLevelBaseBytes())
          .setMaxBytesForLevelMultiplier(s.levelSizeMultiplier())
          .setLevelCompactionDynamicLevelBytes(false)
          .setLevel0FileNumCompactionTrigger(s.l0CompactionTriggerFiles())
          .setLevel0SlowdownWritesTrigger(s.l0SlowdownWritesTriggerFiles())
          .setLevel0StopWritesTrigger(s.l0StopWritesTriggerFiles());
    }
    Map<String, String> described = new TreeMap<>();
    described.put("write_buffer_size", Long.toString(s.writeBufferSizeBytes()));
    described.put("max_write_buffer_number", "2");
    described.put("block_cache_size", Long.toString(s.blockCacheSizeBytes()));
    described.put("bloom_bits_per_key", Integer.toString(s.bloomBitsPerKey()));
    described.put("block_size", Integer.toString(s.blockSizeBytes()));
    described.put("compression", options.compressionType().name());
    described.put("target_file_size_base", Long.toString(options.targetFileSizeBase()));
    described.put("max_bytes_for_level_base", Long.toString(options.maxBytesForLevelBase()));
    described.put("max_bytes_for_level_multiplier",
        Double.toString(options.maxBytesForLevelMultiplier()));
    described.put("level_compaction_dynamic_level_bytes",
        Boolean.toString(options.levelCompactionDynamicLevelBytes()));
    described.put("compaction_pri", options.compactionPriority().name());
    described.put("level0_file_num_compaction_trigger",
        Integer.toString(options.level0FileNumCompactionTrigger()));
    described.put("level0_slowdown_writes_trigger",
        Integer.toString(options.level0SlowdownWritesTrigger()));
    described.put("level0_stop_writes_trigger",
        Integer.toString(options.level0StopWritesTrigger()));
    described.put("max_open_files", Integer.toString(s.maxOpenFiles()));
    described.put("max_background_jobs", "2");
    described.put("engine", "rocksdb " + RocksDB.rocksdbVersion());
    try {
      RocksDB db = RocksDB.open(options, dir.toString());
      return new RocksDbStore(dir, options, stats, cache, filter, db, described);
    } catch (RocksDBException e) {
      options.close();
      stats.close();
      cache.close();
      if (filter != null) {
        filter.close();
      }
      throw new IOException("cannot open RocksDB in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void put(byte[] key, byte[] value) throws IOException {
    try {
      db.put(writeOptions, key, value);
    } catch (RocksDBException e) {
      throw new IOException("RocksDB put: " + e.getMessage(), e);
    }
    userBytes.lazySet(userBytes.get() + key.length + value.length);
  }

  @Override
  public byte[] get(byte[] key) throws IOException {
    try {
      return db.get(readOptions, key);
    } catch (RocksDBException e) {
      throw new IOException("RocksDB get: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(byte[] key) throws IOException {
    try {
      db.delete(writeOptions, key);
    } catch (RocksDBException e) {
      throw new IOException("RocksDB delete: " + e.getMessage(), e);
    }
    userBytes.lazySet(userBytes.get() + key.length);
  }

  @Override
  public DbIterator newIterator() {
    return new RocksDbIterator(db.newIterator(readOptions));
  }

  @Override
  public void settle() throws IOException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush);
      while (busy()) {
        if (System.nanoTime() > deadline) {
          throw new IOException("RocksDB in " + dir + " still compacting after "
              + SETTLE_TIMEOUT);
        }
        Thread.sleep(SETTLE_POLL_MILLIS);
      }
    } catch (RocksDBException e) {
      throw new IOException("RocksDB flush: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while RocksDB settled", e);
    }
  }

  private boolean busy() throws RocksDBException {
    return db.getLongProperty("rocksdb.mem-table-flush-pending") > 0
        || db.getLongProperty("rocksdb.compaction-pending") > 0
        || db.getLongProperty("rocksdb.num-running-flushes") > 0
        || db.getLongProperty("rocksdb.num-running-compactions") > 0;
  }

  @Override
  public Statistics statistics() {
    List<LevelStatistics> levels = new ArrayList<>();
    long compactRead = stats.getTickerCount(TickerType.COMPACT_READ_BYTES);
    long compactWrite = stats.getTickerCount(TickerType.COMPACT_WRITE_BYTES);
    for (LevelMetaData l : db.getColumnFamilyMetaData().levels()) {
      boolean first = l.level() == 0;
      levels.add(new LevelStatistics(l.level(), l.files().size(), l.size(), 0,
          first ? compactRead : 0, first ? compactWrite : 0, 0));
    }
    long hits = stats.getTickerCount(TickerType.BLOCK_CACHE_DATA_HIT);
    long misses = stats.getTickerCount(TickerType.BLOCK_CACHE_DATA_MISS);
    long memtable;
    long pending;
    int running;
    try {
      memtable = db.getLongProperty("rocksdb.cur-size-all-mem-tables");
      pending = db.getLongProperty("rocksdb.estimate-pending-compaction-bytes");
      running = (int) db.getLongProperty("rocksdb.num-running-compactions");
    } catch (RocksDBException e) {
      throw new IllegalStateException("RocksDB properties: " + e.getMessage(), e);
    }
    return new Statistics(userBytes.get(), stats.getTickerCount(TickerType.WAL_FILE_BYTES),
        0, stats.getTickerCount(TickerType.FLUSH_WRITE_BYTES), levels, 0, 0, 0, 0,
        hits + misses, hits, misses, stats.getTickerCount(TickerType.NUMBER_DB_SEEK), Map.of(),
        Map.of(), WriteStallCondition.NORMAL, memtable, PeerFiles.logBytes(dir), pending,
        running);
  }

  @Override
  public Map<String, String> options() {
    return described;
  }

  @Override
  public void close() throws IOException {
    try {
      db.closeE();
    } catch (RocksDBException e) {
      throw new IOException("closing RocksDB in " + dir + ": " + e.getMessage(), e);
    } finally {
      readOptions.close();
      writeOptions.close();
      options.close();
      stats.close();
      cache.close();
      if (filter != null) {
        filter.close();
      }
    }
  }
}
