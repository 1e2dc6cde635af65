package io.strata.bench.peers;

import io.strata.api.DbIterator;
import io.strata.api.LevelStatistics;
import io.strata.api.Statistics;
import io.strata.api.WriteStallCondition;
import io.strata.examples.experiment.engine.EngineSettings;
import io.strata.examples.experiment.engine.EngineStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.impl.DbImpl;

/**
 * An open iq80 LevelDB database as an {@link EngineStore} ({@link Iq80Adapter} maps the
 * settings).
 *
 * <p>Counters in {@link #statistics()}: iq80 keeps none, so they are measured from outside. User
 * bytes are counted here (key and value bytes of each put, key bytes of each delete); log bytes
 * are computed from each write's record in LevelDB's log format (doc/log_format.md: a batch header
 * of 12 bytes, the entry's type, varint lengths, key and value, one 7-byte record header; block
 * padding and the headers of a record split over blocks are not counted); table bytes written,
 * and files and bytes per level, come from the MANIFEST ({@link LevelDbManifest}): the size of
 * every table a flush or a compaction added to the directory. Live log bytes are the sizes of the
 * {@code NNNNNN.log} files. Gets, filter, cache, stall and memtable figures are 0 (not kept).
 *
 * <p>{@link #settle()}: {@code DbImpl.flushMemTable()} (the memtable written to a table, waited
 * for); then, since iq80 has no call that waits for compactions, rounds of {@code
 * suspendCompactions()} and {@code resumeCompactions()}, whose suspension task runs on iq80's one
 * compaction thread after the compaction queued before it, until the MANIFEST's current version
 * needs no compaction by LevelDB's rule (level 0 under 4 files, every level under its target).
 *
 * <p>Thread-safe as iq80 is; the byte counters have one writer (the workload thread).
 */
final class Iq80Store implements EngineStore {
  /** iq80's fixed level-0 compaction trigger, files (DbConstants.L0_COMPACTION_TRIGGER). */
  static final int L0_COMPACTION_TRIGGER = 4;
  /** iq80's fixed level-1 target, bytes (VersionSet.maxBytesForLevel). */
  static final double LEVEL1_BYTES = 10 * 1048576.0;
  /** iq80's fixed growth of the level target per level. */
  static final double LEVEL_MULTIPLIER = 10;
  /** iq80's fixed table size, bytes (VersionSet.TARGET_FILE_SIZE). */
  static final long TARGET_FILE_SIZE = 2 * 1048576;
  /** Longest a settle waits before it reports the database as not settling. */
  static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(30);
  /** LevelDB's write batch header: sequence number (8) and count (4) (db/write_batch.cc). */
  private static final int BATCH_HEADER_BYTES = 12;
  /** A log record's header: checksum (4), length (2), type (1) (doc/log_format.md). */
  private static final int RECORD_HEADER_BYTES = 7;

  private final Path dir;
  private final DbImpl db;
  private final Map<String, String> described;
  private final AtomicLong userBytes = new AtomicLong();
  private final AtomicLong logBytes = new AtomicLong();

  private Iq80Store(Path dir, DbImpl db, Map<String, String> described) {
    this.dir = dir;
    this.db = db;
    this.described = described;
  }

  /** Opens iq80 in {@code dir} with {@code s}, as {@link Iq80Adapter} says. */
  static Iq80Store open(Path dir, EngineSettings s) throws IOException {
    CompressionType compression = switch (s.compression()) {
      case NONE -> CompressionType.NONE;
      case SNAPPY -> CompressionType.SNAPPY;
      case ZSTD -> throw new IllegalArgumentException(
          "iq80 LevelDB has no zstd compression: give compression none or snappy");
    };
    if (s.writeBufferSizeBytes() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("iq80 takes a write buffer of at most "
          + Integer.MAX_VALUE + " bytes, was " + s.writeBufferSizeBytes());
    }
    Options options = new Options()
        .createIfMissing(true)
        .writeBufferSize((int) s.writeBufferSizeBytes())
        .cacheSize(s.blockCacheSizeBytes())
        .blockSize(s.blockSizeBytes())
        .compressionType(compression)
        .maxOpenFiles(s.maxOpenFiles());
    Map<String, String> described = new TreeMap<>();
    described.put("write_buffer_size", Integer.toString(options.writeBufferSize()));
    described.put("cache_size", Long.toString(options.cacheSize()));
    described.put("block_size", Integer.toString(options.blockSize()));
    described.put("compression", compression.name());
    described.put("max_open_files", Integer.toString(options.maxOpenFiles()));
    described.put("filter", "none");
    described.put("target_file_size", Long.toString(TARGET_FILE_SIZE));
    described.put("max_bytes_for_level_base", Long.toString((long) LEVEL1_BYTES));
    described.put("l0_compaction_trigger", Integer.toString(L0_COMPACTION_TRIGGER));
    described.put("l0_slowdown_writes_trigger", "8");
    described.put("l0_stop_writes_trigger", "12");
    described.put("engine", "iq80 leveldb 0.12");
    try {
      return new Iq80Store(dir, new DbImpl(options, dir.toFile()), described);
    } catch (DBException e) {
      throw new IOException("cannot open iq80 LevelDB in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void put(byte[] key, byte[] value) throws IOException {
    try {
      db.put(key, value);
    } catch (DBException e) {
      throw new IOException("iq80 put: " + e.getMessage(), e);
    }
    userBytes.lazySet(userBytes.get() + key.length + value.length);
    logBytes.lazySet(logBytes.get() + BATCH_HEADER_BYTES + 1 + varintBytes(key.length)
        + key.length + varintBytes(value.length) + value.length + RECORD_HEADER_BYTES);
  }

  @Override
  public byte[] get(byte[] key) throws IOException {
    try {
      return db.get(key);
    } catch (DBException e) {
      throw new IOException("iq80 get: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(byte[] key) throws IOException {
    try {
      db.delete(key);
    } catch (DBException e) {
      throw new IOException("iq80 delete: " + e.getMessage(), e);
    }
    userBytes.lazySet(userBytes.get() + key.length);
    logBytes.lazySet(logBytes.get() + BATCH_HEADER_BYTES + 1 + varintBytes(key.length)
        + key.length + RECORD_HEADER_BYTES);
  }

  @Override
  public DbIterator newIterator() {
    return new Iq80Iterator(db);
  }

  /** iq80 0.12's iterators throw on {@code seekToLast} and {@code prev}. */
  @Override
  public boolean iteratesBackwards() {
    return false;
  }

  @Override
  public void settle() throws IOException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    try {
      db.flushMemTable();
      while (true) {
        db.suspendCompactions();
        db.resumeCompactions();
        db.checkBackgroundException();
        if (!LevelDbManifest.read(dir).needsCompaction(L0_COMPACTION_TRIGGER, LEVEL1_BYTES,
            LEVEL_MULTIPLIER)) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("iq80 LevelDB in " + dir + " still compacting after "
              + SETTLE_TIMEOUT);
        }
        Thread.sleep(10);
      }
    } catch (DBException e) {
      throw new IOException("iq80 settle: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while iq80 LevelDB settled", e);
    }
  }

  @Override
  public Statistics statistics() {
    LevelDbManifest m;
    try {
      m = LevelDbManifest.read(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the MANIFEST of " + dir, e);
    }
    List<LevelStatistics> levels = new ArrayList<>();
    for (int level = 0; level < LevelDbManifest.LEVELS; level++) {
      levels.add(new LevelStatistics(level, m.levelFiles(level), m.levelBytes(level), 0, 0,
          m.compactionBytesWritten(level), 0));
    }
    return new Statistics(userBytes.get(), logBytes.get(), 0, m.flushBytesWritten(), levels,
        0, 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of(), WriteStallCondition.NORMAL, 0,
        PeerFiles.logBytes(dir), 0, 0);
  }

  @Override
  public Map<String, String> options() {
    return described;
  }

  @Override
  public void close() throws IOException {
    try {
      db.close();
    } catch (DBException e) {
      throw new IOException("closing iq80 LevelDB in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Bytes of {@code v} as a LevelDB varint32. */
  static int varintBytes(int v) {
    int n = 1;
    while ((v >>>= 7) != 0) {
      n++;
    }
    return n;
  }
}
