package io.strata.api.spi.version;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;

/**
 * The durable record of which files are live (the metadata log) and the current {@link Version}
 * (google/leveldb db/version_set.h). Every change is a {@link VersionEdit} that is appended and
 * synced before the next Version is installed; {@link #recover()} replays the record at open.
 *
 * <p>Thread safety: the caller serializes {@link #logAndApply} calls (the engine makes every
 * MANIFEST edit under its one metadata lock); every other method is thread-safe and may run
 * concurrently with it.
 */
public interface VersionSet extends Closeable {
  /** Whether the directory already holds a database (a {@code CURRENT} file). */
  boolean exists() throws IOException;

  /** Creates a new empty database's metadata. REQUIRES {@code !exists()}. */
  void create() throws IOException;

  /**
   * Loads the current Version and counters from the directory.
   *
   * @throws io.strata.api.CorruptionException with file and offset if the record is damaged
   * @throws IllegalArgumentException if the database was written with another comparator
   */
  void recover() throws IOException;

  /** The current Version, not pinned: valid for reading its fields, not for reading its files. */
  Version current();

  /** Pins and returns the current Version; close the result. */
  PinnedVersion pinCurrent();

  /**
   * Fills in the edit's next file number and last sequence, appends it to the record, syncs, and
   * installs the resulting Version as current. When the record passes its size limit, a new one
   * starting with a snapshot of the whole Version takes its place.
   *
   * @throws IOException if the append or sync failed: the current Version is unchanged, and the
   *     VersionSet refuses further edits with the same cause
   */
  void logAndApply(VersionEdit edit) throws IOException;

  /** Allocates a file number. */
  long newFileNumber();

  /** Ensures future file numbers are greater than {@code number}. */
  void markFileNumberUsed(long number);

  /** The last sequence number used by a write. */
  long lastSequence();

  /** Sets the last sequence number; REQUIRES {@code seq >= lastSequence()}. */
  void setLastSequence(long seq);

  /** Write-ahead logs numbered below this are no longer needed. */
  long logNumber();

  /** LevelDB's previous log number; 0 unless recovered from a LevelDB directory that set it. */
  long prevLogNumber();

  /** The number of the live metadata file ({@code MANIFEST-NNNNNN}). */
  long manifestFileNumber();

  /** The numbers of every table listed by the current Version or any pinned one. */
  Set<Long> liveFileNumbers();

  /** Bytes the VersionSet has written to its record since open. */
  default long bytesWritten() {
    return 0;
  }
}
