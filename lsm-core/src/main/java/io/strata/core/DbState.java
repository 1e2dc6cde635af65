package io.strata.core;

import com.google.common.base.Ticker;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.strata.api.BytewiseComparator;
import io.strata.api.KeyComparator;
import io.strata.api.Options;
import io.strata.api.WriteStallCause;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.memtable.MemTableFactory;
import io.strata.api.spi.merge.MergeOperator;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.VersionEdit;
import io.strata.api.spi.version.VersionSet;
import io.strata.core.cache.TableCache;
import io.strata.core.compaction.PendingOutputs;
import io.strata.core.compaction.StrategyChoice;
import io.strata.core.compaction.TableStatsCache;
import io.strata.core.merge.MergeOperatorChoice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the parts of one open database share: its plugins, the locks, the memtables, the sticky
 * background error and whether it is closed. One per {@link DbImpl}; thread-safe as the locks
 * below say.
 *
 * <p><b>Locks</b>, in the order they are taken (a thread holding one may take only those after
 * it):
 *
 * <ol>
 *   <li>{@link #deletionLock} guards {@code ObsoleteFiles}' deferred tables and serializes the
 *       passes that delete files; it may take {@link #mutex} inside.
 *   <li>{@link #metadataLock} serializes MANIFEST edits and the decisions that depend on the
 *       current Version (which level a flush goes to, what a compaction takes), and guards
 *       {@link #compactionRunning}. It is never held together with {@link #mutex} or
 *       {@link #deletionLock}: taken with neither held, and neither is taken under it.
 *   <li>{@link #mutex} guards the writer queue ({@code WritePath}), the log ({@code WalFiles}),
 *       the snapshot list ({@code Snapshots}), what is scheduled ({@code BackgroundWork}), the
 *       memtable switch and {@link #bgError}; {@link #backgroundChanged} is its condition.
 *   <li>The {@link VersionSet}'s own synchronization is innermost: any of the above may call it.
 * </ol>
 *
 * <p>Where cheap, the order is asserted ({@code assert !mutex.isHeldByCurrentThread()} before
 * {@link #metadataLock} or {@link #deletionLock} is taken).
 *
 * <p><b>Errors</b>: a failed log append or sync, flush or compaction is recorded in
 * {@link #bgError}; later writes fail with it as the cause, reads go on (google/leveldb
 * {@code bg_error_}). The first error stays: the database is read-only until reopened.
 */
final class DbState {
  /**
   * The logger of every part, named after the facade ({@code io.strata.core.DbImpl}) so that
   * log lines and logging configuration keep the engine's one name; by name, not by class, so
   * that the parts do not depend on the facade.
   */
  static final Logger LOG = LoggerFactory.getLogger("io.strata.core.DbImpl");

  final Path dir;
  final Options options;
  final FileSystem fs;
  final InternalKeyComparator icmp;
  final KeyComparator ucmp;
  /** Whether the user comparator is the bytewise one, which reads compare without copies. */
  final boolean bytewise;
  final MemTableFactory memTableFactory;
  final TableFormat tableFormat;
  final VersionSet versions;
  final TableCache tableCache;
  /** The tables' entry and deletion counts, which the strategy weighs too. Thread-safe. */
  final TableStatsCache tableStats;
  /** Tables being written, which no obsolete-file pass may delete. Thread-safe. */
  final PendingOutputs pending = new PendingOutputs();
  final DbStats stats = new DbStats();
  /** Its use of shared resources, if the options hand some in. */
  final SharedUse sharedUse;
  /** The clock of every duration the engine measures or bounds, in nanoseconds. */
  final Ticker ticker;

  final ReentrantLock mutex = new ReentrantLock();
  /** Signalled when background work finishes or fails, and at close. */
  final Condition backgroundChanged = mutex.newCondition();
  final ReentrantLock metadataLock = new ReentrantLock();
  final Object deletionLock = new Object();
  /** The listeners of the options, and the thread that delivers events found under a lock. */
  final Events events;

  /**
   * The compaction strategy, and how open chose it. Written once by {@code Recovery} before open
   * clears {@link #closed} (a volatile write) and starts the background threads; read only after.
   */
  CompactionStrategy strategy;
  StrategyChoice strategyChoice;
  /** The merge operator, null for none; set by open before the logs are replayed. */
  volatile MergeOperator mergeOperator;
  /** Which merge operator open chose, and whether to record it. */
  MergeOperatorChoice mergeChoice = MergeOperatorChoice.NONE;

  /** The memtable writes go to. Written under {@link #mutex}; read without a lock. */
  volatile MemTable mem;
  /** The memtable being flushed, or null. Written under {@link #mutex}; read without a lock. */
  volatile MemTable imm;
  volatile boolean closed = true;
  volatile boolean shuttingDown;

  @GuardedBy("mutex")
  IOException bgError;

  /** Whether a compaction is running; a flush then stays at level 0. */
  @GuardedBy("metadataLock")
  boolean compactionRunning;

  DbState(Path dir, Options options, FileSystem fs, InternalKeyComparator icmp,
      MemTableFactory memTableFactory, TableFormat tableFormat, VersionSet versions,
      TableCache tableCache, Ticker ticker, TableStatsCache tableStats) {
    this.dir = dir;
    this.options = options;
    this.fs = fs;
    this.icmp = icmp;
    this.ucmp = icmp.userComparator();
    this.bytewise = ucmp instanceof BytewiseComparator;
    this.memTableFactory = memTableFactory;
    this.tableFormat = tableFormat;
    this.versions = versions;
    this.tableCache = tableCache;
    this.ticker = ticker;
    this.tableStats = tableStats;
    this.sharedUse = new SharedUse(options);
    this.events = new Events(dir, options.listeners(), mutex, metadataLock, deletionLock);
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("database is closed: " + dir);
    }
  }

  /** The error writes fail with once {@link #bgError} is set. REQUIRES mutex held. */
  IOException readOnly() {
    return new IOException(dir + " is read-only after a background error: "
        + bgError.getMessage(), bgError);
  }

  /**
   * Records the first background error of a write (a log append or sync, a memtable switch);
   * later writes fail with it. The listeners hear of it on the event thread. REQUIRES mutex
   * held.
   */
  void recordBackgroundError(IOException e) {
    if (record(e)) {
      events.backgroundErrorAsync("write", e);
    }
  }

  /**
   * Records {@code t}, a failure of background work, as the background error, taking
   * {@link #mutex}. The thread that failed told the listeners first (rocksdb's order).
   */
  void backgroundFailed(Throwable t) {
    mutex.lock();
    try {
      record(t instanceof IOException ? (IOException) t
          : new IOException("background work failed: " + t, t));
    } finally {
      mutex.unlock();
    }
  }

  /** Records {@code e} if it is the first error; whether it was. REQUIRES mutex held. */
  private boolean record(IOException e) {
    assert mutex.isHeldByCurrentThread();
    boolean first = bgError == null;
    if (first) {
      bgError = e;
      sharedUse.failed();
      LOG.error("{}: background error; the database is now read-only", dir, e);
    }
    backgroundChanged.signalAll();
    return first;
  }

  /**
   * Waits for background work to change; a writer's wait counts as a stall of {@code cause}
   * (null: not a writer's, not counted). REQUIRES mutex held.
   */
  void awaitBackground(WriteStallCause cause) {
    long start = ticker.read();
    backgroundChanged.awaitUninterruptibly();
    if (cause != null) {
      stats.addStallMicros(cause, (ticker.read() - start) / 1000);
    }
  }

  /**
   * Applies {@code edit} to the MANIFEST under {@link #metadataLock}; then, with no lock held,
   * reads the table stats of the files it added (see {@link #loadTableStats()}).
   */
  void logAndApply(VersionEdit edit) throws IOException {
    assert !mutex.isHeldByCurrentThread() : "metadataLock is never taken under mutex";
    metadataLock.lock();
    try {
      versions.logAndApply(edit);
    } finally {
      metadataLock.unlock();
    }
    loadTableStats();
  }

  /**
   * Reads the entry and deletion counts of the current Version's tables not read yet, so that
   * the strategy, which picks under {@link #metadataLock} or {@link #mutex}, finds them without
   * reading files. REQUIRES mutex not held; may read table files.
   */
  void loadTableStats() {
    assert !mutex.isHeldByCurrentThread();
    tableStats.load(versions.current());
  }

  /**
   * What the MANIFEST records of a table just written for {@code level}: its sequence range and
   * this strategy as its writer, except where LevelDB's layout orders it without them (a flush,
   * or any level below 0, under a strategy that keeps that layout).
   */
  FileMetaData recordOf(FileMetaData f, int level, boolean flush) {
    if (strategy.levelDbLayout() && (flush || level > 0)) {
      return f.withoutSequenceRange();
    }
    return f.withSequenceRange(f.smallestSequence(), f.largestSequence(), strategy.name());
  }
}
