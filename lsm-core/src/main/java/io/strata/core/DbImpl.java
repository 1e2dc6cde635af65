package io.strata.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.annotations.VisibleForTesting;
import com.google.common.base.Ticker;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.Range;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.Statistics;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.compaction.CompactionFilterFactory;
import io.strata.api.spi.env.FileLock;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.memtable.MemTableFactory;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionSet;
import io.strata.core.cache.TableCache;
import io.strata.core.compaction.StrategyFactory;
import io.strata.core.compaction.TableStatsCache;
import io.strata.core.merge.MergeOperators;
import io.strata.manifest.FileNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import org.slf4j.Logger;

/**
 * The engine behind {@link Db} (google/leveldb db/db_impl.cc, in Java): checks arguments, orders
 * open and close, and delegates to its parts, package-private classes of this package, one
 * concern each.
 *
 * <p>Map of the parts.
 *
 * <ul>
 *   <li>{@link DbState}: what the parts share; the locks, what each guards and their order; the
 *       memtables; the sticky background error; closed.
 *   <li>{@link Recovery}: open's work on disk: MANIFEST, strategy choice, log replay.
 *   <li>{@link WritePath}: writer queue, group commit, make-room-for-write.
 *   <li>{@link WalFiles}: the write-ahead log being written and the one retained unsynced.
 *   <li>{@link BackgroundWork}: the flush and compaction threads, scheduling, manual range
 *       compaction, quiescence.
 *   <li>{@link FlushJob}: memtable to level-0 table; {@link CompactionJob}: one compaction.
 *   <li>{@link ObsoleteFiles}: deletion of files nothing needs, deferred while pinned.
 *   <li>{@link ReadPath}: get, multiGet, iterators, approximate sizes; {@link Snapshots}.
 *   <li>{@link Checkpoint}: an openable copy of the database in a new directory.
 *   <li>{@link DbProperties} and {@link DbStats}: {@link #getProperty}, {@link #statistics()}
 *       and their counters; {@link Events}: the listeners of the options.
 * </ul>
 *
 * <p>Durability order, kept by the parts together: table data is fsynced ({@link FlushJob},
 * {@link CompactionJob}) and the directory synced before the MANIFEST edit naming it is synced;
 * files are deleted ({@link ObsoleteFiles}) only after the edit that drops them is synced and no
 * pinned Version lists them.
 *
 * <p>Thread-safe. Constructed by the Dagger graph, which does no I/O; {@link #open()} and
 * {@link #close()} do.
 */
public final class DbImpl implements Db {
  private static final Logger LOG = DbState.LOG;

  /** Where open keeps the logs it dropped records from, as repair keeps what it sets aside. */
  public static final String LOST_DIR = Recovery.LOST_DIR;

  private final DbState state;
  private final Recovery recovery;
  private final WalFiles walFiles;
  private final WritePath writePath;
  private final BackgroundWork background;
  private final ObsoleteFiles obsoleteFiles;
  private final ReadPath readPath;
  private final Snapshots snapshots;
  private final DbEstimates estimates;
  /** The directory's lock, held while open. Written by open and close only. */
  private FileLock dbLock;

  @Inject
  DbImpl(Path dir, Options options, FileSystem fs, InternalKeyComparator icmp,
      StrategyFactory strategyFactory, MemTableFactory memTableFactory, TableFormat tableFormat,
      VersionSet versions, TableCache tableCache, Ticker ticker,
      Optional<CompactionFilterFactory> compactionFilterFactory, MergeOperators mergeOperators,
      TableStatsCache tableStats) {
    this.state = new DbState(dir, options, fs, icmp, memTableFactory, tableFormat, versions,
        tableCache, ticker, tableStats);
    this.walFiles = new WalFiles(state);
    this.snapshots = new Snapshots(state);
    this.obsoleteFiles = new ObsoleteFiles(state);
    this.readPath = new ReadPath(state, snapshots, obsoleteFiles);
    FlushJob flushJob = new FlushJob(state, walFiles, obsoleteFiles);
    CompactionJob compactionJob = new CompactionJob(state, snapshots, obsoleteFiles,
        compactionFilterFactory);
    this.background = new BackgroundWork(state, flushJob, compactionJob);
    this.writePath = new WritePath(state, walFiles, background);
    this.recovery = new Recovery(state, strategyFactory, walFiles, flushJob, mergeOperators);
    this.estimates = new DbEstimates(state);
  }

  // ---------------------------------------------------------------- open and close

  /** Locks the directory, recovers the MANIFEST and the logs, and starts background work. */
  void open() throws IOException {
    Path dir = state.dir;
    if (!state.fs.exists(dir)) {
      if (!state.options.createIfMissing()) {
        throw new IOException(dir + ": database does not exist (createIfMissing is false)");
      }
      state.fs.createDirectories(dir);
    }
    dbLock = state.fs.lock(dir.resolve(FileNames.LOCK));
    try {
      state.mutex.lock();
      try {
        state.sharedUse.open(() -> background.onFlushThread(writePath::switchForBudget));
      } finally {
        state.mutex.unlock();
      }
      recovery.run();
      state.mutex.lock();
      try {
        state.sharedUse.charge(state.mem);
      } finally {
        state.mutex.unlock();
      }
      state.closed = false;
      state.events.start();
      background.start();
      // On the event thread: open runs on the caller's thread.
      state.events.tablesDeletedAsync(obsoleteFiles.deleteObsoleteFiles());
      state.mutex.lock();
      try {
        background.maybeScheduleCompaction();
      } finally {
        state.mutex.unlock();
      }
      LOG.info("{}: opened with strategy {} ({}; {}); {}", dir, state.strategy.name(),
          state.strategyChoice.settings().describeOptions(), state.strategyChoice.source(),
          state.versions.current().toString().replace('\n', ';'));
    } catch (IOException | RuntimeException | Error e) {
      state.closed = true;
      closeQuietly();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    state.mutex.lock();
    try {
      if (state.closed) {
        return;
      }
      state.closed = true;
      state.shuttingDown = true;
      state.backgroundChanged.signalAll();
      writePath.awaitWritersForClose();
    } finally {
      state.mutex.unlock();
    }
    closeQuietly();
    LOG.info("{}: closed", state.dir);
  }

  /** Stops background work and releases every resource; errors are logged, not thrown. */
  private void closeQuietly() {
    background.shutdown();
    state.events.shutdown();
    state.mutex.lock();
    try {
      walFiles.close();
      state.sharedUse.close();
    } finally {
      state.mutex.unlock();
    }
    try {
      state.versions.close();
    } catch (IOException e) {
      LOG.warn("{}: closing the MANIFEST failed", state.dir, e);
    }
    state.tableCache.close();
    state.tableFormat.close();
    if (dbLock != null) {
      try {
        dbLock.close();
      } catch (IOException e) {
        LOG.warn("{}: releasing the lock failed", state.dir, e);
      }
      dbLock = null;
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(WriteOptions options, byte[] key, byte[] value) throws IOException {
    checkNotNull(options, "options");
    checkNotNull(key, "key");
    checkNotNull(value, "value");
    state.checkOpen();
    // Encoded straight into the log record's bytes: no batch, and no copy of a batch.
    writePath.writeSingle(options, WriteBatch.TAG_PUT, key, value);
  }

  @Override
  public void delete(WriteOptions options, byte[] key) throws IOException {
    checkNotNull(options, "options");
    checkNotNull(key, "key");
    state.checkOpen();
    writePath.writeSingle(options, WriteBatch.TAG_DELETE, key, null);
  }

  @Override
  public void write(WriteOptions options, WriteBatch batch) throws IOException {
    checkNotNull(options, "options");
    checkNotNull(batch, "batch");
    state.checkOpen();
    if (batch.mergeCount() > 0 && state.mergeOperator == null) {
      throw new IllegalStateException(state.dir + ": a merge needs a merge operator, and the"
          + " database has none (Options.Builder.mergeOperator); nothing was written");
    }
    // In the MANIFEST before the first such record reaches the log.
    if (batch.mergeCount() > 0) {
      Features.record(state, Set.of(Features.MERGE));
    }
    if (batch.rangeDeletionCount() > 0) {
      Features.record(state, Set.of(Features.RANGE_DELETION));
    }
    writePath.write(options, batch);
  }

  @Override
  public void flush() throws IOException {
    state.checkOpen();
    writePath.flushMemTable();
  }

  @Override
  public void waitForCompactions() throws IOException {
    state.checkOpen();
    background.awaitQuiescence();
  }

  @Override
  public boolean waitForCompactions(Duration timeout) throws IOException {
    checkNotNull(timeout, "timeout");
    checkArgument(!timeout.isNegative(), "timeout must not be negative: %s", timeout);
    state.checkOpen();
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE; // centuries: no bound
    }
    return background.awaitQuiescence(nanos);
  }

  @Override
  public void compactRange(byte[] begin, byte[] end) throws IOException {
    state.checkOpen();
    writePath.flushMemTable();
    background.compactRange(begin, end);
  }

  @Override
  public int deleteFilesInRange(byte[] begin, byte[] end) throws IOException {
    checkNotNull(begin, "begin");
    checkNotNull(end, "end");
    state.checkOpen();
    return background.onCompactionThread(
        () -> FilesInRange.delete(state, obsoleteFiles, begin, end));
  }

  // ---------------------------------------------------------------- reads

  @Override
  public byte[] get(ReadOptions readOptions, byte[] key) throws IOException {
    checkNotNull(readOptions, "options");
    checkNotNull(key, "key");
    state.checkOpen();
    byte[] value = readPath.get(readOptions, key);
    if (value != null) {
      state.stats.userBytesRead.add(value.length);
    }
    return value;
  }

  @Override
  public List<byte[]> multiGet(ReadOptions readOptions, List<byte[]> keys) throws IOException {
    checkNotNull(readOptions, "options");
    checkNotNull(keys, "keys");
    state.checkOpen();
    List<byte[]> values = readPath.multiGet(readOptions, keys);
    state.stats.countRead(values);
    return values;
  }

  @Override
  public long getLatestSequenceNumber() {
    state.checkOpen();
    return state.versions.lastSequence();
  }

  @Override
  public void checkpoint(Path dir) throws IOException {
    checkNotNull(dir, "dir");
    state.checkOpen();
    new Checkpoint(state, writePath, obsoleteFiles).create(dir);
  }

  @Override
  public DbIterator newIterator(ReadOptions readOptions) {
    checkNotNull(readOptions, "options");
    state.checkOpen();
    return readPath.newIterator(readOptions);
  }

  @Override
  public Snapshot getSnapshot() {
    state.checkOpen();
    return snapshots.create();
  }

  @Override
  public long[] getApproximateSizes(List<Range> ranges) throws IOException {
    checkNotNull(ranges, "ranges");
    state.checkOpen();
    return readPath.approximateSizes(ranges);
  }

  @Override
  public Optional<String> getProperty(String name) {
    checkNotNull(name, "name");
    state.checkOpen();
    if (name.equals("strata.recovery")) {
      return Optional.of(recovery.report());
    }
    Optional<String> estimate = estimates.property(name);
    if (estimate.isPresent()) {
      return estimate;
    }
    return DbProperties.get(name, new DbProperties.Source(state.versions.current(),
        state.strategy, state.strategyChoice, state.stats, state.mem, state.imm,
        state.versions.bytesWritten(), state.tableCache.size()));
  }

  @Override
  public Statistics statistics() {
    state.checkOpen();
    Version v = state.versions.current();
    MemTable imm = state.imm;
    long memtableBytes = state.mem.approximateMemoryUsageBytes()
        + (imm == null ? 0 : imm.approximateMemoryUsageBytes());
    return state.stats.snapshot(v, memtableBytes,
        state.strategy.estimatedPendingCompactionBytes(v), estimates.blockCacheUsageBytes(),
        estimates.blockCacheCapacityBytes());
  }

  // ---------------------------------------------------------------- for tests (see DbTesting)

  /**
   * Waits until no flush or compaction is scheduled and nothing is left to compact: the tree has
   * settled.
   *
   * @throws IOException the background error, if one stopped the work
   */
  @VisibleForTesting
  void awaitQuiescence() throws IOException {
    background.awaitQuiescence();
  }

  /** The current Version. */
  @VisibleForTesting
  Version currentVersion() {
    return state.versions.current();
  }

  /** The table cache. */
  @VisibleForTesting
  TableCache tableCache() {
    return state.tableCache;
  }
}
