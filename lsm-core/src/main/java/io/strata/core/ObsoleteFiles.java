package io.strata.core;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.strata.api.TableFileDeletionInfo;
import io.strata.api.spi.version.PinnedVersion;
import io.strata.api.spi.version.VersionSet;
import io.strata.manifest.DbFiles;
import io.strata.manifest.FileNames;
import io.strata.manifest.FileNames.FileType;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Deletes the files nothing needs any more (google/leveldb {@code RemoveObsoleteFiles}; pebble
 * {@code obsolete_files.go}). Thread-safe: passes are serialized by {@code DbState.deletionLock}.
 *
 * <p>Obsolete tables are deleted after each flush and compaction; a table that only pinned, no
 * longer current Versions still list (an open iterator, a get in flight) is remembered in
 * {@code deferredTables} and deleted when the last such pin is released, by the thread that
 * releases it, with no further write or compaction needed. Files are deleted only after the edit
 * that drops them is synced; after a background error nothing is deleted (the state on disk may
 * be needed to recover).
 */
final class ObsoleteFiles {
  private static final Logger LOG = DbState.LOG;

  private final DbState state;
  private final VersionSet versions;
  /** Obsolete tables kept only because a pinned Version that is no longer current lists them. */
  @GuardedBy("state.deletionLock")
  private final Set<Long> deferredTables = new HashSet<>();
  /**
   * How many callers disabled {@link #deleteObsoleteFiles} (rocksdb
   * {@code DisableFileDeletions}): while above 0, a pass deletes nothing.
   */
  @GuardedBy("state.deletionLock")
  private int deletionsDisabled;

  ObsoleteFiles(DbState state) {
    this.state = state;
    this.versions = state.versions;
  }

  /**
   * Deletes files no live Version, pending output or needed log refers to (google/leveldb
   * {@code RemoveObsoleteFiles}); at open this removes the orphans of a crash.
   *
   * @return the tables deleted, for the caller to tell the listeners once it holds no lock
   */
  ImmutableList<TableFileDeletionInfo> deleteObsoleteFiles() throws IOException {
    assert !state.mutex.isHeldByCurrentThread() : "deletionLock comes before mutex";
    ImmutableList.Builder<TableFileDeletionInfo> deleted = ImmutableList.builder();
    synchronized (state.deletionLock) {
      if (deletionsDisabled > 0) {
        return ImmutableList.of(); // a checkpoint is copying files: enableDeletions runs a pass
      }
      state.mutex.lock();
      try {
        if (state.bgError != null) {
          return ImmutableList.of(); // after an error the state on disk may be needed: keep it
        }
      } finally {
        state.mutex.unlock();
      }
      // Order matters: list, then pending, then live. A file listed was pending before it was
      // written and stays pending until it is live, so it is in one of the two sets.
      DbFiles files = DbFiles.list(state.fs, state.dir);
      Set<Long> pendingNow = state.pending.snapshot();
      Set<Long> live = versions.liveFileNumbers();
      // Read after live: a live table the later current Version no longer lists was dropped by
      // an edit, for good (file numbers are never reused), and waits only for its pins.
      Set<Long> currentFiles = versions.current().fileNumbers();
      deferredTables.clear();
      long logNumber = versions.logNumber();
      long prevLogNumber = versions.prevLogNumber();
      long manifestNumber = versions.manifestFileNumber();
      for (DbFiles.DbFile f : files.all()) {
        String name = f.name();
        long n = f.number();
        boolean keep;
        switch (f.type()) {
          case LOG:
            keep = n >= logNumber || n == prevLogNumber;
            break;
          case MANIFEST:
            keep = n >= manifestNumber;
            break;
          case TABLE:
            keep = live.contains(n) || pendingNow.contains(n);
            if (keep && !pendingNow.contains(n) && !currentFiles.contains(n)) {
              deferredTables.add(n);
            }
            break;
          case OPTIONS:
          case OPTIONS_TEMP:
            keep = true; // OptionsFile.write deletes the older ones after writing a new one
            break;
          case TEMP:
            // NNNNNN.dbtmp becomes CURRENT when MANIFEST-NNNNNN is started, which may be
            // happening on another thread right now: only those of older MANIFESTs are orphans.
            keep = n >= manifestNumber || pendingNow.contains(n);
            break;
          default:
            keep = true;
            break;
        }
        if (!keep) {
          if (f.type() == FileType.TABLE) {
            state.tableCache.evict(n);
          }
          try {
            state.fs.delete(state.dir.resolve(name));
            LOG.debug("{}: deleted obsolete {}", state.dir, name);
            if (f.type() == FileType.TABLE && state.events.enabled()) {
              deleted.add(new TableFileDeletionInfo(n, state.dir.resolve(name).toString(), true));
            }
          } catch (NoSuchFileException e) {
            // Already gone: nothing to do.
          }
        }
      }
    }
    return deleted.build();
  }

  /**
   * Stops obsolete-file passes from deleting anything until {@link #enableDeletions}; a pass in
   * progress is finished first. Tables only a pinned Version lists may still be deleted when
   * their last pin goes: pin a Version to keep its tables.
   */
  void disableDeletions() {
    assert !state.mutex.isHeldByCurrentThread() : "deletionLock comes before mutex";
    synchronized (state.deletionLock) {
      deletionsDisabled++;
    }
  }

  /**
   * Undoes one {@link #disableDeletions}; the last one runs the pass that was held back.
   *
   * @return the tables deleted, for the caller to tell the listeners once it holds no lock
   */
  ImmutableList<TableFileDeletionInfo> enableDeletions() throws IOException {
    synchronized (state.deletionLock) {
      deletionsDisabled--;
      if (deletionsDisabled > 0) {
        return ImmutableList.of();
      }
    }
    return deleteObsoleteFiles();
  }

  /**
   * Releases {@code pinned}; when its Version is no longer current, deletes the obsolete tables
   * that no Version lists any more (this may have been their last pin). Cheap when the Version
   * is still current: two volatile reads.
   */
  void unpin(PinnedVersion pinned) {
    pinned.close();
    if (pinned.version() != versions.current()) {
      deleteUnpinnedTables();
    }
  }

  /** Deletes the {@code deferredTables} that neither the current nor a pinned Version lists. */
  private void deleteUnpinnedTables() {
    assert !state.mutex.isHeldByCurrentThread() : "deletionLock comes before mutex";
    ImmutableList.Builder<TableFileDeletionInfo> deleted = ImmutableList.builder();
    deleteUnpinnedTables(deleted);
    // On the event thread: this is a reader's thread, maybe one a writer also uses.
    state.events.tablesDeletedAsync(deleted.build());
  }

  private void deleteUnpinnedTables(ImmutableList.Builder<TableFileDeletionInfo> deleted) {
    synchronized (state.deletionLock) {
      if (deferredTables.isEmpty() || state.closed) {
        return; // after close, the next open removes what is left as orphans
      }
      state.mutex.lock();
      try {
        if (state.bgError != null) {
          return; // as in deleteObsoleteFiles: keep the state on disk
        }
      } finally {
        state.mutex.unlock();
      }
      Set<Long> live = versions.liveFileNumbers();
      for (Iterator<Long> i = deferredTables.iterator(); i.hasNext(); ) {
        long n = i.next();
        if (live.contains(n)) {
          continue;
        }
        i.remove();
        state.tableCache.evict(n);
        // A table LevelDB wrote before 1.14 is named .sst (see TableCache).
        for (String name : List.of(FileNames.tableFileName(n), FileNames.legacyTableFileName(n))) {
          String path = state.dir.resolve(name).toString();
          try {
            state.fs.delete(state.dir.resolve(name));
            LOG.debug("{}: deleted obsolete {} after its last reader", state.dir, name);
            if (state.events.enabled()) {
              deleted.add(new TableFileDeletionInfo(n, path, true));
            }
            break;
          } catch (NoSuchFileException e) {
            // Not under this name, or already gone: nothing to do.
          } catch (IOException e) {
            // A reader must not fail for this: the file is unused, and the next full pass
            // (after a flush or compaction, or at open) lists the directory and deletes it.
            LOG.warn("{}: deleting obsolete {} failed", state.dir, name, e);
            if (state.events.enabled()) {
              deleted.add(new TableFileDeletionInfo(n, path, false));
            }
            break;
          }
        }
      }
    }
  }
}
