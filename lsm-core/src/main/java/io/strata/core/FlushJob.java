package io.strata.core;

import io.strata.api.FlushInfo;
import io.strata.api.TableFileDeletionInfo;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.VersionEdit;
import io.strata.core.compaction.TableBuilding;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Writes the immutable memtable to a table and installs it (google/leveldb
 * {@code CompactMemTable} and {@code db/builder.cc}; rocksdb {@code FlushJob}). Runs on the flush
 * thread only; also writes the tables of recovery.
 *
 * <p>Durability order: the table is fsynced and the directory synced before the MANIFEST edit
 * naming it; the edit moves the log number past the flushed memtable's log. Under
 * {@code metadataLock}, a flush goes deeper than level 0 only while no compaction is running, so
 * a compaction's outputs never overlap it.
 */
final class FlushJob {
  private static final Logger LOG = DbState.LOG;

  private final DbState state;
  private final WalFiles walFiles;
  private final ObsoleteFiles obsoleteFiles;

  FlushJob(DbState state, WalFiles walFiles, ObsoleteFiles obsoleteFiles) {
    this.state = state;
    this.walFiles = walFiles;
    this.obsoleteFiles = obsoleteFiles;
  }

  /**
   * Flushes {@code imm}, if there is one and no background error; then deletes obsolete files.
   * The listeners hear of the flush before {@code imm} is cleared (which is what
   * {@code Db.flush()} waits for), and of the deleted tables after.
   */
  void run() throws IOException {
    MemTable m = state.imm;
    long logNumber;
    state.mutex.lock();
    try {
      if (state.bgError != null || m == null) {
        return;
      }
      // Every older log holds only what m and the tables hold.
      logNumber = walFiles.logFileNumber();
    } finally {
      state.mutex.unlock();
    }
    long start = state.ticker.read();
    long number = state.versions.newFileNumber();
    state.pending.add(number);
    int level = 0;
    FileMetaData meta = writeTable(m, number);
    if (meta != null) {
      state.fs.syncDirectory(state.dir);
      // Open it with its pages mapped: the reads after the install take no page fault.
      state.tableCache.warm(number, meta.fileSizeBytes());
    }
    assert !state.mutex.isHeldByCurrentThread() : "metadataLock is never taken under mutex";
    state.metadataLock.lock();
    try {
      VersionEdit.Builder edit = VersionEdit.builder().logNumber(logNumber).prevLogNumber(0);
      if (meta != null) {
        if (!state.compactionRunning) {
          level = state.strategy.levelForFlush(state.versions.current(),
              meta.smallest().userKey().toByteArray(), meta.largest().userKey().toByteArray());
        }
        edit.addFile(level, state.recordOf(meta, level, true));
      }
      state.versions.logAndApply(edit.build());
    } finally {
      state.metadataLock.unlock();
    }
    state.loadTableStats();
    FlushInfo flushed = null;
    if (meta != null) {
      long micros = (state.ticker.read() - start) / 1000;
      state.stats.addFlush(level, micros, meta.fileSizeBytes());
      flushed = new FlushInfo(number, level, meta.fileSizeBytes(), m.entryCount(), micros);
      LOG.debug("{}: flushed memtable to table {} ({} bytes) at level {}", state.dir, number,
          meta.fileSizeBytes(), level);
    }
    // Only after success: a failed edit may still have reached the MANIFEST, so its table
    // stays pending and is never deleted.
    state.pending.remove(number);
    if (flushed != null) {
      state.events.flushCompleted(flushed);
    }
    state.mutex.lock();
    try {
      state.imm = null;
      state.sharedUse.flushed();
      walFiles.closeRetainedLog();
      walFiles.memTableFlushed();
      state.backgroundChanged.signalAll();
    } finally {
      state.mutex.unlock();
    }
    List<TableFileDeletionInfo> deleted = obsoleteFiles.deleteObsoleteFiles();
    state.events.tablesDeleted(deleted);
  }

  /** Writes a memtable to table {@code number}, fsynced; null if it is empty. */
  FileMetaData writeTable(MemTable m, long number) throws IOException {
    try (InternalIterator it = m.newIterator();
        InternalIterator rangeDels = m.newRangeTombstoneIterator()) {
      Optional<FileMetaData> meta = TableBuilding.build(state.fs, state.dir, state.tableFormat,
          number, it, rangeDels, state.icmp);
      meta.ifPresent(f -> state.stats.tableBytes.add(f.fileSizeBytes()));
      return meta.orElse(null);
    }
  }
}
