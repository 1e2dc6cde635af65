package io.strata.api;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Options of one write. Immutable; start from {@link #DEFAULT} or {@link #SYNC} and change one
 * option with {@link #withSync} or {@link #withDisableWal}.
 *
 * @param sync when true the write returns only after the write-ahead log was fsynced, so it
 *     survives power loss; when false (the default) it survives a process crash but the last
 *     writes may be lost with the machine, as in LevelDB
 * @param disableWal when true the write goes to the memtable only, without a write-ahead log
 *     record (RocksDB's {@code WriteOptions::disableWAL}, include/rocksdb/options.h): it is lost
 *     by a crash of the process or the machine that comes before the memtable holding it is
 *     flushed to a table ({@link Db#flush()} makes it durable at once; a flush for any other
 *     reason does too). Cheaper than a logged write, for data that can be rebuilt. Default false
 */
public record WriteOptions(boolean sync, boolean disableWal) {
  /** {@code sync=false}, logged. */
  public static final WriteOptions DEFAULT = new WriteOptions(false, false);
  /** {@code sync=true}, logged. */
  public static final WriteOptions SYNC = new WriteOptions(true, false);

  /**
   * Checks the combination, as RocksDB's {@code DBImpl::WriteImpl} does.
   *
   * @param sync whether to fsync the log before returning
   * @param disableWal whether to skip the log
   * @throws IllegalArgumentException if both {@code sync} and {@code disableWal} are true: there
   *     is no log record to fsync
   */
  public WriteOptions {
    checkArgument(!(sync && disableWal),
        "sync and disableWal cannot both be true: an unlogged write has no log to sync");
  }

  /**
   * A logged write: {@code disableWal=false}.
   *
   * @param sync whether to fsync the log before returning
   */
  public WriteOptions(boolean sync) {
    this(sync, false);
  }

  /**
   * These options with {@code sync} changed.
   *
   * @param sync whether to fsync the log before returning
   * @return new options
   * @throws IllegalArgumentException if {@code sync} is true while {@link #disableWal()} is
   */
  public WriteOptions withSync(boolean sync) {
    return new WriteOptions(sync, disableWal);
  }

  /**
   * These options with {@code disableWal} changed.
   *
   * @param disableWal whether the write skips the write-ahead log
   * @return new options
   * @throws IllegalArgumentException if {@code disableWal} is true while {@link #sync()} is
   */
  public WriteOptions withDisableWal(boolean disableWal) {
    return new WriteOptions(sync, disableWal);
  }
}
