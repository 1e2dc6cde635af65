package io.strata.api;

/**
 * Callbacks on what a database does in the background (rocksdb
 * {@code include/rocksdb/listener.h}), registered with {@link Options.Builder#listener}. Every
 * method has a no-op default: implement those of interest.
 *
 * <p><b>Threads.</b> The engine never calls a listener while it holds one of its locks, and never
 * on a thread that is writing to the database. Flush, compaction, table-deletion and
 * background-error events are called on the background thread that did the work, once its locks
 * are released and before that work is reported complete: when {@link Db#flush()} or
 * {@link Db#waitForCompactions()} returns, the events of the work it waited for have been
 * delivered. Write-stall changes are delivered in order on one thread of the database's own.
 * Several listeners are called in the order they were added.
 *
 * <p><b>Contract.</b> A listener must be thread-safe, should return quickly (background work
 * waits for it), and must not call back into the database to write or to wait for background
 * work. One that throws is logged and harms nothing: the database goes on, and the other
 * listeners are still called.
 */
public interface EventListener {
  /**
   * A memtable was written to a table and installed: one call per flush.
   *
   * @param info the flush
   */
  default void onFlushCompleted(FlushInfo info) {}

  /**
   * A compaction was picked and is about to run; its output fields, entry counts and duration
   * are 0 or empty. Always followed by {@link #onCompactionCompleted} for the same compaction
   * unless it fails (then {@link #onBackgroundError} follows).
   *
   * @param info the compaction, as picked
   */
  default void onCompactionBegin(CompactionInfo info) {}

  /**
   * A compaction (a trivial move or a manual one included) was installed: one call each.
   *
   * @param info the compaction, with its outputs, counts and duration
   */
  default void onCompactionCompleted(CompactionInfo info) {}

  /**
   * The write-stall condition changed.
   *
   * @param info the previous and current conditions and the cause
   */
  default void onWriteStallChanged(WriteStallInfo info) {}

  /**
   * A table file that no Version needs was deleted (or its deletion failed).
   *
   * @param info the file and whether the deletion succeeded
   */
  default void onTableFileDeleted(TableFileDeletionInfo info) {}

  /**
   * A flush, compaction or write failed; the database becomes read-only after this call (see
   * {@link Db}).
   *
   * @param info what failed, and the failure
   */
  default void onBackgroundError(BackgroundErrorInfo info) {}
}
