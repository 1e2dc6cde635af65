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
  /**
   * Whether the directory already holds a database (a {@code CURRENT} file).
   *
   * @return true if a database exists
   * @throws IOException if the directory cannot be read
   */
  boolean exists() throws IOException;

  /**
   * Creates a new empty database's metadata. REQUIRES {@code !exists()}.
   *
   * @throws IOException if a file cannot be written or synced
   */
  void create() throws IOException;

  /**
   * Loads the current Version and counters from the directory.
   *
   * @throws io.strata.api.CorruptionException with file and offset if the record is damaged
   * @throws IllegalArgumentException if the database was written with another comparator
   */
  void recover() throws IOException;

  /**
   * The current Version, not pinned: valid for reading its fields, not for reading its files.
   *
   * @return the current Version
   */
  Version current();

  /**
   * Pins and returns the current Version; close the result.
   *
   * @return the current Version, pinned so that its files stay until it is closed
   */
  PinnedVersion pinCurrent();

  /**
   * Fills in the edit's next file number and last sequence, appends it to the record, syncs, and
   * installs the resulting Version as current. When the record passes its size limit, a new one
   * starting with a snapshot of the whole Version takes its place.
   *
   * @param edit the change to record and apply
   * @throws IOException if the append or sync failed: the current Version is unchanged, and the
   *     VersionSet refuses further edits with the same cause
   */
  void logAndApply(VersionEdit edit) throws IOException;

  /** {@return a file number never handed out before} */
  long newFileNumber();

  /**
   * Ensures future file numbers are greater than {@code number}.
   *
   * @param number a file number found in use
   */
  void markFileNumberUsed(long number);

  /** {@return the last sequence number used by a write} */
  long lastSequence();

  /**
   * Sets the last sequence number; REQUIRES {@code seq >= lastSequence()}.
   *
   * @param seq the last sequence number used
   */
  void setLastSequence(long seq);

  /** {@return the log number below which write-ahead logs are no longer needed} */
  long logNumber();

  /** {@return LevelDB's previous log number; 0 unless a LevelDB directory set it} */
  long prevLogNumber();

  /** {@return the number of the live metadata file ({@code MANIFEST-NNNNNN})} */
  long manifestFileNumber();

  /** {@return the numbers of every table listed by the current Version or any pinned one} */
  Set<Long> liveFileNumbers();

  /** {@return bytes the VersionSet has written to its record since open} */
  default long bytesWritten() {
    return 0;
  }
}
