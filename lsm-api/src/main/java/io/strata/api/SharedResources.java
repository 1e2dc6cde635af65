package io.strata.api;

/**
 * One memory budget and one pool of background threads for many databases of a JVM (RocksDB's
 * shared {@code Cache}, {@code WriteBufferManager}, include/rocksdb/write_buffer_manager.h, and
 * the {@code Env}'s shared thread pools). Handed to each database through
 * {@link Options.Builder#sharedResources(SharedResources)}; created by the engine
 * ({@code io.strata.core.Strata.newSharedResources}). An opaque handle: a database accepts only
 * the engine's own implementation.
 *
 * <p>What the databases using one handle share:
 *
 * <ul>
 *   <li>one block cache of {@link #blockCacheCapacityBytes()}, instead of one cache of
 *       {@link Options#blockCacheSizeBytes()} each (that option is then ignored); blocks of
 *       different databases never collide, even for equal file numbers;
 *   <li>one write-buffer budget of {@link #writeBufferBudgetBytes()} over the memtables of all of
 *       them: a database whose write finds the budget used up switches its memtable and flushes
 *       early, and writers stall (counted as {@link WriteStallCause#WRITE_BUFFER_MANAGER}) while
 *       the memtables of all of them hold the whole budget, until flushes free memory. Each
 *       database's own {@link Options#writeBufferSizeBytes()} still bounds its memtable;
 *   <li>one pool of {@link #backgroundThreads()} threads that runs the flushes and compactions of
 *       all of them, instead of two threads per database.
 * </ul>
 *
 * <p>A runtime resource, not a setting of the database: nothing of it is recorded in the
 * database's files, and a database may be reopened with or without one.
 *
 * <p><b>Lifetime.</b> The creator owns the handle and closes it after every database using it
 * is closed: {@link #close()} throws {@link IllegalStateException} while one is open, and leaves
 * the handle usable. Opening a database with a closed handle fails with
 * {@link IllegalStateException}.
 *
 * <p>Thread-safe: any number of databases and threads may use one handle at once.
 */
public interface SharedResources extends AutoCloseable {
  /**
   * The capacity of the shared block cache.
   *
   * @return bytes of uncompressed blocks the cache holds at most, over all databases
   */
  long blockCacheCapacityBytes();

  /**
   * The bytes the shared block cache holds now.
   *
   * @return bytes of blocks cached now, over all databases; at most
   *     {@link #blockCacheCapacityBytes()}
   */
  long blockCacheUsageBytes();

  /**
   * The write-buffer budget.
   *
   * @return bytes the memtables of all databases using this handle may hold together
   */
  long writeBufferBudgetBytes();

  /**
   * The memory the memtables of all databases hold now, active and immutable, as charged to the
   * budget (a write in flight is charged before it is inserted).
   *
   * @return bytes charged to the budget now; it exceeds {@link #writeBufferBudgetBytes()} by at
   *     most one write group's underestimate, or when one write alone is larger than the budget
   */
  long writeBufferUsageBytes();

  /**
   * The size of the pool that runs every flush and compaction.
   *
   * @return the number of background threads
   */
  int backgroundThreads();

  /**
   * The databases open on this handle now.
   *
   * @return the number of open databases using it
   */
  int openDatabases();

  /**
   * Stops the background threads and drops the cached blocks. Does nothing when already closed.
   *
   * @throws IllegalStateException if a database using this handle is still open; the handle is
   *     then left open and usable
   */
  @Override
  void close();
}
