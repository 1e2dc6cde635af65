package io.strata.core.shared;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.strata.api.SharedResources;
import io.strata.core.table.BlockCache;
import io.strata.core.table.CaffeineBlockCache;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link SharedResources}: one {@link CaffeineBlockCache}, one
 * {@link WriteBufferManager} and one {@link BackgroundPool}, and the count of the databases open
 * on them. Created by {@code Strata.newSharedResources}.
 *
 * <p>The block cache needs no per-database key: every table a database opens takes a fresh
 * {@link BlockCache#newId()} from the one cache, so blocks of two databases with equal file
 * numbers never collide.
 *
 * <p>Thread-safe; the open count and the closed flag are guarded by this object's monitor.
 */
public final class SharedResourcesImpl implements SharedResources {
  private static final Logger LOG = LoggerFactory.getLogger(SharedResourcesImpl.class);
  /** How long close waits for the pool's threads to stop. */
  private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final CaffeineBlockCache blockCache;
  private final WriteBufferManager writeBufferManager;
  private final BackgroundPool pool;
  @GuardedBy("this")
  private int openDatabases;
  @GuardedBy("this")
  private boolean closed;

  private SharedResourcesImpl(long blockCacheBytes, long writeBufferBytes,
      int backgroundThreads) {
    this.blockCache = new CaffeineBlockCache(blockCacheBytes);
    this.writeBufferManager = new WriteBufferManager(writeBufferBytes);
    this.pool = new BackgroundPool(backgroundThreads, "strata-shared-background-");
  }

  /**
   * Creates the resources and starts the pool's threads.
   *
   * @param blockCacheBytes capacity of the block cache, in bytes, positive
   * @param writeBufferBytes the write-buffer budget, in bytes, positive
   * @param backgroundThreads threads for flushes and compactions, positive
   * @return the resources, open, with no database
   * @throws IllegalArgumentException if a value is not positive
   */
  public static SharedResourcesImpl create(long blockCacheBytes, long writeBufferBytes,
      int backgroundThreads) {
    checkArgument(blockCacheBytes > 0, "blockCacheBytes must be > 0, was %s", blockCacheBytes);
    checkArgument(writeBufferBytes > 0, "writeBufferBytes must be > 0, was %s",
        writeBufferBytes);
    checkArgument(backgroundThreads > 0, "backgroundThreads must be > 0, was %s",
        backgroundThreads);
    SharedResourcesImpl r =
        new SharedResourcesImpl(blockCacheBytes, writeBufferBytes, backgroundThreads);
    r.pool.start();
    return r;
  }

  /**
   * The engine's implementation behind {@code resources}.
   *
   * @param resources a handle from {@code Strata.newSharedResources}
   * @return the same object, as the implementation
   * @throws NullPointerException if {@code resources} is null
   * @throws IllegalArgumentException if {@code resources} is another implementation
   */
  public static SharedResourcesImpl of(SharedResources resources) {
    checkNotNull(resources, "sharedResources");
    checkArgument(resources instanceof SharedResourcesImpl,
        "sharedResources must come from Strata.newSharedResources, was %s",
        resources.getClass().getName());
    return (SharedResourcesImpl) resources;
  }

  /** {@return the block cache every database using these resources reads through} */
  public BlockCache blockCache() {
    return blockCache;
  }

  /** {@return the write-buffer budget} */
  public WriteBufferManager writeBufferManager() {
    return writeBufferManager;
  }

  /** {@return the pool running flushes and compactions} */
  public BackgroundPool pool() {
    return pool;
  }

  /**
   * Counts a database opening on these resources.
   *
   * @throws IllegalStateException if they are closed
   */
  public synchronized void acquire() {
    checkState(!closed, "sharedResources are closed");
    openDatabases++;
  }

  /** Counts a database closed (or failed to open) after {@link #acquire()}. */
  public synchronized void release() {
    checkState(openDatabases > 0, "no database to release");
    openDatabases--;
  }

  @Override
  public long blockCacheCapacityBytes() {
    return blockCache.capacityBytes();
  }

  @Override
  public long blockCacheUsageBytes() {
    return blockCache.usageBytes();
  }

  @Override
  public long writeBufferBudgetBytes() {
    return writeBufferManager.budgetBytes();
  }

  @Override
  public long writeBufferUsageBytes() {
    return writeBufferManager.usageBytes();
  }

  @Override
  public int backgroundThreads() {
    return pool.threads();
  }

  @Override
  public synchronized int openDatabases() {
    return openDatabases;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Waits up to 60 s for the pool's threads, which have no work left once every database is
   * closed.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      checkState(openDatabases == 0,
          "sharedResources are used by %s open database(s); close them first", openDatabases);
      closed = true;
    }
    if (!pool.shutdown(CLOSE_WAIT_NANOS)) {
      LOG.warn("shared background threads did not stop in time");
    }
    blockCache.clear();
  }

  @Override
  public String toString() {
    return "SharedResources{blockCacheBytes=" + blockCache.capacityBytes()
        + ", writeBufferBytes=" + writeBufferManager.budgetBytes() + ", backgroundThreads="
        + pool.threads() + "}";
  }
}
