package io.strata.core;

import io.strata.api.KeyComparator;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import java.io.IOException;

/**
 * {@link DbImpl#deleteFilesInRange}: removes, by one version edit, the table files whose keys
 * (range tombstones included) all lie in {@code [begin, end]}, as RocksDB's {@code
 * DeleteFilesInRange} (db/db_impl/db_impl.cc). Unlike RocksDB, which skips level 0, level-0
 * files wholly inside the range go too, since the {@code tiered} strategy keeps all its runs
 * there; the caveat is the same at every level (older versions held elsewhere reappear).
 *
 * <p>Runs on the compaction thread, so no compaction holds a file it removes.
 */
final class FilesInRange {
  private FilesInRange() {}

  static int delete(DbState state, ObsoleteFiles obsoleteFiles, byte[] begin, byte[] end)
      throws IOException {
    KeyComparator ucmp = state.ucmp;
    int removed = 0;
    assert !state.mutex.isHeldByCurrentThread() : "metadataLock is never taken under mutex";
    state.metadataLock.lock();
    try {
      Version v = state.versions.current();
      VersionEdit.Builder edit = VersionEdit.builder();
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        for (FileMetaData f : v.files(level)) {
          if (ucmp.compare(begin, f.smallest().userKey().toByteArray()) <= 0
              && ucmp.compare(f.largest().userKey().toByteArray(), end) <= 0) {
            edit.deleteFile(level, f.fileNumber());
            removed++;
          }
        }
      }
      if (removed > 0) {
        state.versions.logAndApply(edit.build());
      }
    } finally {
      state.metadataLock.unlock();
    }
    if (removed > 0) {
      state.events.tablesDeleted(obsoleteFiles.deleteObsoleteFiles());
    }
    return removed;
  }
}
