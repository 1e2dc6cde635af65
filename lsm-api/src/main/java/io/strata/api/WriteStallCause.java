package io.strata.api;

/** Why writers are delayed or blocked (rocksdb {@code WriteStallCause}). */
public enum WriteStallCause {
  /** Too many level-0 files (or sorted runs) for the compaction strategy. */
  LEVEL0_FILES,
  /** The memtable is full while the previous one is still being flushed. */
  MEMTABLES,
  /** The compaction strategy asks for it for a reason of its own. */
  STRATEGY,
  /**
   * The memtables of the databases sharing one write-buffer budget ({@link SharedResources})
   * hold the whole budget, and writers wait for flushes to free memory (rocksdb
   * {@code WriteStallCause::kWriteBufferManagerLimit}).
   */
  WRITE_BUFFER_MANAGER,
}
