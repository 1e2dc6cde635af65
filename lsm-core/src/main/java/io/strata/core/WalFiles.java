package io.strata.core;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.strata.api.spi.env.WritableFile;
import io.strata.manifest.FileNames;
import io.strata.manifest.LogWriter;
import java.io.IOException;
import org.slf4j.Logger;

/**
 * The write-ahead log being written, and the one switched away from before its writes were
 * synced (google/leveldb {@code logfile_}, {@code log_}). Guarded by {@code DbState.mutex}: every
 * method requires it held.
 *
 * <p><b>Durability</b>: a new log's directory entry is synced before the first sync write
 * (RocksDB's {@code need_log_dir_sync}), not when the log is created: until then nothing in it
 * was promised to survive power loss, and a memtable switch does not wait for a directory fsync
 * (which took 20-70 ms per switch on a virtual machine's disk). A log switched away from with
 * unsynced writes in it stays open until the next sync write syncs it first (so that power loss
 * never keeps a synced write and loses an earlier one) or its memtable is flushed.
 */
final class WalFiles {
  private static final Logger LOG = DbState.LOG;

  private final DbState state;
  @GuardedBy("state.mutex")
  private LogWriter log;
  /** Whether {@code log} holds writes appended since its last sync. */
  @GuardedBy("state.mutex")
  private boolean logUnsynced;
  /** Whether a log was created since the directory was last synced. */
  @GuardedBy("state.mutex")
  private boolean directoryUnsynced;
  /**
   * The log switched away from while it held unsynced writes, kept open until those writes are
   * durable: synced before the next sync write is acknowledged (else power loss could keep that
   * write and lose earlier ones, a hole), or closed once its memtable is flushed.
   */
  @GuardedBy("state.mutex")
  private LogWriter unsyncedPrevLog;
  @GuardedBy("state.mutex")
  private long logFileNumber;
  /** Bytes appended to {@code log} since it was started. */
  @GuardedBy("state.mutex")
  private long logBytes;
  /** Bytes of the log switched away from, until its memtable is flushed; else 0. */
  @GuardedBy("state.mutex")
  private long prevLogBytes;

  WalFiles(DbState state) {
    this.state = state;
  }

  /** The log writes are appended to. REQUIRES mutex held. */
  LogWriter current() {
    assert state.mutex.isHeldByCurrentThread();
    return log;
  }

  /** The number of the log writes are appended to. REQUIRES mutex held. */
  long logFileNumber() {
    assert state.mutex.isHeldByCurrentThread();
    return logFileNumber;
  }

  /**
   * Syncs the directory if a log was created since it was last synced: a sync write calls this
   * before its log is synced, so that the synced bytes are not lost with the log's name. REQUIRES
   * mutex held.
   *
   * @throws IOException if the directory sync fails; it is tried again by the next sync write
   */
  void syncNewLogEntries() throws IOException {
    assert state.mutex.isHeldByCurrentThread();
    if (directoryUnsynced) {
      state.fs.syncDirectory(state.dir);
      directoryUnsynced = false;
    }
  }

  /**
   * Hands over the retained log with unsynced writes, or null, for a sync write to sync and close
   * before it syncs its own. REQUIRES mutex held.
   */
  LogWriter takeUnsyncedPrevLog() {
    assert state.mutex.isHeldByCurrentThread();
    LogWriter prev = unsyncedPrevLog;
    unsyncedPrevLog = null;
    return prev;
  }

  /**
   * Notes that a group of {@code bytes} (record headers included) was appended to
   * {@link #current()}, synced or not. REQUIRES mutex held.
   */
  void appended(boolean sync, long bytes) {
    assert state.mutex.isHeldByCurrentThread();
    logUnsynced = !sync;
    logBytes += bytes;
    publishLiveBytes();
  }

  /** Notes that the memtable of the log switched away from is in a table. REQUIRES mutex held. */
  void memTableFlushed() {
    assert state.mutex.isHeldByCurrentThread();
    prevLogBytes = 0;
    publishLiveBytes();
  }

  private void publishLiveBytes() {
    state.stats.liveLogBytes = logBytes + prevLogBytes;
  }

  /** Starts a new write-ahead log. REQUIRES mutex held. */
  void newLog() throws IOException {
    assert state.mutex.isHeldByCurrentThread();
    long number = state.versions.newFileNumber();
    WritableFile file = state.fs.newLogFile(state.dir.resolve(FileNames.logFileName(number)));
    // The log's directory entry must survive power loss along with its first synced write:
    // synced then (syncNewLogEntries).
    directoryUnsynced = true;
    LogWriter old = log;
    log = new LogWriter(file);
    logFileNumber = number;
    // Called only when no memtable is being flushed: the memtable being switched is the old
    // log's, and the log before it is no longer needed.
    prevLogBytes = old == null ? 0 : logBytes;
    logBytes = 0;
    publishLiveBytes();
    if (old != null) {
      // Only switched when no memtable is being flushed: an earlier retained log's writes are
      // in tables now.
      closeRetainedLog();
      if (logUnsynced) {
        unsyncedPrevLog = old;
      } else {
        old.close();
      }
    }
    logUnsynced = false;
  }

  /** Closes the retained unsynced log, whose writes are in tables now. REQUIRES mutex held. */
  void closeRetainedLog() {
    assert state.mutex.isHeldByCurrentThread();
    if (unsyncedPrevLog != null) {
      try {
        unsyncedPrevLog.close();
      } catch (IOException e) {
        // Its writes are in tables already; nothing depends on this file any more.
        LOG.warn("{}: closing a flushed log failed", state.dir, e);
      }
      unsyncedPrevLog = null;
    }
  }

  /** Closes both logs; errors are logged. REQUIRES mutex held. */
  void close() {
    assert state.mutex.isHeldByCurrentThread();
    if (log != null) {
      try {
        log.close();
      } catch (IOException e) {
        // Unflushed bytes of non-sync writes may be lost, as in a process crash.
        LOG.warn("{}: closing the log failed", state.dir, e);
      }
      log = null;
    }
    closeRetainedLog();
  }
}
