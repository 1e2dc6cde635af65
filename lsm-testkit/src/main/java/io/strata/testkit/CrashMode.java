package io.strata.testkit;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * What a simulated power loss ({@link FaultInjectionFileSystem#crash(CrashMode)}) keeps of what
 * was never made durable. Synced bytes and synced directory entries always survive. Immutable.
 *
 * @param data what becomes of file bytes appended after the file's last sync
 * @param entries what becomes of directory entries (creates, renames, deletes) made after the
 *     directory's last sync
 */
public record CrashMode(UnsyncedData data, UnsyncedEntries entries) {
  /** The harshest and most common model: everything unsynced is gone (LevelDB's test env). */
  public static final CrashMode DROP_UNSYNCED =
      new CrashMode(UnsyncedData.DROP, UnsyncedEntries.UNDO);

  /** Unsynced bytes of each file. */
  public enum UnsyncedData {
    /** Each file is cut back to its length at its last sync. */
    DROP,
    /** Each file keeps a random prefix (possibly empty, possibly all) of its unsynced bytes. */
    KEEP_RANDOM_PREFIX,
    /**
     * Each file with unsynced bytes keeps a non-empty random prefix of them, and the last 4 KiB
     * block of what it keeps is torn: from a random point in it (never before the synced length)
     * to the new end, the bytes read as zeros.
     */
    TEAR_LAST_BLOCK_ZEROS,
    /** As {@link #TEAR_LAST_BLOCK_ZEROS}, but the torn bytes read as random garbage. */
    TEAR_LAST_BLOCK_GARBAGE
  }

  /** Unsynced directory entries of each directory. */
  public enum UnsyncedEntries {
    /** Every create, rename and delete since the directory's last sync is undone. */
    UNDO,
    /**
     * A random prefix (in the order they were made) of the creates, renames and deletes since the
     * directory's last sync survives; the rest is undone, as a journaling file system may have
     * committed some of them.
     */
    KEEP_RANDOM_PREFIX
  }

  /**
   * @param data what becomes of file bytes appended after the file's last sync
   * @param entries what becomes of directory entries made after the directory's last sync
   * @throws NullPointerException if a parameter is null
   */
  public CrashMode {
    checkNotNull(data, "data");
    checkNotNull(entries, "entries");
  }
}
