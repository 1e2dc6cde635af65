package io.strata.core;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.strata.api.spi.version.Version;
import io.strata.core.shared.BackgroundPool;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The background threads and what they are asked to do (google/leveldb
 * {@code MaybeScheduleCompaction}, {@code BackgroundCall}): one thread flushes the immutable
 * memtable ({@link FlushJob}), one runs compactions ({@link CompactionJob}), manual range
 * compactions included. A failure of either is recorded as the sticky background error. What is
 * scheduled is guarded by {@code DbState.mutex}.
 *
 * <p>With shared resources, the two threads are two serial lanes of the shared
 * {@link BackgroundPool} instead (one for flushes, one for compactions): the same ordering per
 * database, no thread of its own. Each compaction task then runs one compaction and schedules
 * the next, so that the databases sharing the pool take turns.
 *
 * <p>A compaction split into subcompactions ({@code Options.maxSubcompactions}) borrows helper
 * threads from {@link io.strata.core.compaction.Subcompactions}, started and stopped here.
 */
final class BackgroundWork {
  private static final Logger LOG = DbState.LOG;

  private final DbState state;
  private final FlushJob flushJob;
  private final CompactionJob compactionJob;
  @GuardedBy("state.mutex")
  private boolean flushScheduled;
  @GuardedBy("state.mutex")
  private boolean compactionScheduled;
  /** Written once by {@link #start()}, before any work is scheduled. */
  private ExecutorService flushExecutor;
  private ExecutorService compactionExecutor;

  BackgroundWork(DbState state, FlushJob flushJob, CompactionJob compactionJob) {
    this.state = state;
    this.flushJob = flushJob;
    this.compactionJob = compactionJob;
  }

  /** Starts the flush and the compaction thread, or opens the shared pool's lanes. */
  void start() {
    if (state.sharedUse.enabled()) {
      BackgroundPool pool = state.sharedUse.resources().pool();
      flushExecutor = pool.newLane(BackgroundPool.Kind.FLUSH);
      compactionExecutor = pool.newLane(BackgroundPool.Kind.COMPACTION);
      compactionJob.subcompactions.start(pool, String.valueOf(state.dir.getFileName()));
      return;
    }
    compactionJob.subcompactions.start(null, String.valueOf(state.dir.getFileName()));
    flushExecutor = Executors.newSingleThreadExecutor(new ThreadFactoryBuilder()
        .setNameFormat("strata-flush-" + state.dir.getFileName()).setDaemon(true).build());
    compactionExecutor = Executors.newSingleThreadExecutor(new ThreadFactoryBuilder()
        .setNameFormat("strata-compaction-" + state.dir.getFileName()).setDaemon(true).build());
  }

  /** Schedules a flush of {@code imm}, if there is one. REQUIRES mutex held. */
  void scheduleFlush() {
    assert state.mutex.isHeldByCurrentThread();
    // Not once closing: the executor is shutting down, and the log keeps the memtable's writes.
    if (!flushScheduled && state.imm != null && !state.shuttingDown) {
      flushScheduled = true;
      flushExecutor.execute(this::backgroundFlush);
    }
  }

  private void backgroundFlush() {
    try {
      flushJob.run();
    } catch (Throwable t) {
      state.events.backgroundError("flush", t);
      state.backgroundFailed(t);
    } finally {
      state.mutex.lock();
      try {
        flushScheduled = false;
        state.backgroundChanged.signalAll();
        if (state.bgError == null) {
          scheduleFlush(); // a memtable may have been switched while this flush finished
        }
        maybeScheduleCompaction();
      } finally {
        state.mutex.unlock();
      }
    }
  }

  /** Schedules compactions if the strategy picks one. REQUIRES mutex held. */
  void maybeScheduleCompaction() {
    assert state.mutex.isHeldByCurrentThread();
    if (compactionScheduled || state.shuttingDown || state.bgError != null
        || compactionExecutor == null) {
      return;
    }
    if (state.strategy.pickCompaction(state.versions.current()).isPresent()) {
      compactionScheduled = true;
      compactionExecutor.execute(this::backgroundCompaction);
    }
  }

  private void backgroundCompaction() {
    try {
      while (!state.shuttingDown) {
        state.mutex.lock();
        try {
          if (state.bgError != null) {
            break;
          }
        } finally {
          state.mutex.unlock();
        }
        if (!compactionJob.compactOnce(v -> state.strategy.pickCompaction(v), false)
            || state.sharedUse.enabled()) {
          break; // shared: the finally below schedules the next one behind other databases
        }
      }
    } catch (InterruptedIOException e) {
      if (!state.shuttingDown) {
        state.events.backgroundError("compaction", e);
        state.backgroundFailed(e);
      }
    } catch (Throwable t) {
      state.events.backgroundError("compaction", t);
      state.backgroundFailed(t);
    } finally {
      state.mutex.lock();
      try {
        compactionScheduled = false;
        state.backgroundChanged.signalAll();
        maybeScheduleCompaction(); // work may have arrived since the last pick
      } finally {
        state.mutex.unlock();
      }
    }
  }

  /**
   * Compacts the key range [{@code begin}, {@code end}] (null for unbounded) level by level on
   * the compaction thread, and waits for it. The caller flushed the memtable first.
   */
  void compactRange(byte[] begin, byte[] end) throws IOException {
    int maxLevelWithFiles = 1;
    Version current = state.versions.current();
    for (int level = 1; level < Version.NUM_LEVELS; level++) {
      if (current.overlapInLevel(level, begin, end)) {
        maxLevelWithFiles = level;
      }
    }
    final int lastLevel = maxLevelWithFiles;
    Future<?> done = compactionExecutor.submit(() -> {
      try {
        // Through the deepest level holding the range too (LevelDB stops above it), so that
        // deleted and overwritten data there is dropped as well.
        for (int level = 0; level <= lastLevel && !state.shuttingDown; level++) {
          final int l = level;
          while (!state.shuttingDown && compactionJob.compactOnce(
              v -> state.strategy.rangeCompaction(v, l, begin, end), true)) {
            // repeat until no file of the level overlaps the range
          }
        }
      } catch (Throwable t) {
        // Told here, on the compaction thread; the caller records it once the future fails.
        state.events.backgroundError("manual compaction", t);
        throw t;
      }
      return null;
    });
    try {
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compacting");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        state.backgroundFailed(cause);
        throw (IOException) cause;
      }
      state.backgroundFailed(cause);
      throw new IOException("compaction failed: " + cause, cause);
    }
  }

  /**
   * Runs {@code task} on the compaction thread and waits for it: no compaction runs meanwhile,
   * so the task may remove files from the current Version.
   */
  <T> T onCompactionThread(java.util.concurrent.Callable<T> task) throws IOException {
    Future<T> done = compactionExecutor.submit(task);
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the compaction thread");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("task on the compaction thread failed: " + cause, cause);
    }
  }

  /**
   * Runs {@code task} on the flush thread (lane), unless closing; for the shared write-buffer
   * budget's memtable switch requests. Does not wait.
   */
  void onFlushThread(Runnable task) {
    state.mutex.lock();
    try {
      if (state.shuttingDown || flushExecutor == null) {
        return;
      }
      flushExecutor.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Shut down between the check and the call: closing, the switch is moot.
    } finally {
      state.mutex.unlock();
    }
  }

  /**
   * Waits until no flush or compaction is scheduled and nothing is left to compact: the tree has
   * settled.
   *
   * @throws IOException the background error, if one stopped the work
   */
  void awaitQuiescence() throws IOException {
    awaitQuiescence(Long.MAX_VALUE);
  }

  /**
   * As {@link #awaitQuiescence()}, for at most {@code timeoutNanos} ({@code Long.MAX_VALUE}:
   * no bound); whether the tree settled in time. Returns true at close too (nothing more will
   * run).
   *
   * @throws IOException the background error, if one stopped the work
   * @throws InterruptedIOException if the thread is interrupted while waiting
   */
  boolean awaitQuiescence(long timeoutNanos) throws IOException {
    long start = state.ticker.read();
    state.mutex.lock();
    try {
      maybeScheduleCompaction();
      while ((flushScheduled || compactionScheduled || state.imm != null
          || compactionJob.deletionPending()) && state.bgError == null && !state.closed) {
        if (timeoutNanos != Long.MAX_VALUE && state.ticker.read() - start >= timeoutNanos) {
          return false;
        }
        try {
          state.backgroundChanged.await(10, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for compactions");
        }
      }
      if (state.bgError != null) {
        throw state.readOnly();
      }
      return true;
    } finally {
      state.mutex.unlock();
    }
  }

  /**
   * Stops the flush, compaction and file threads and the subcompaction helpers, waiting for the
   * work they run; the file thread after the compaction thread, which queues its work.
   */
  void shutdown() {
    for (ExecutorService e : new ExecutorService[] {flushExecutor, compactionExecutor,
        compactionJob.fileWork}) {
      if (e != null) {
        e.shutdown();
        try {
          if (!e.awaitTermination(10, TimeUnit.MINUTES)) {
            LOG.warn("{}: background work did not stop in time", state.dir);
          }
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
      }
    }
    compactionJob.subcompactions.shutdown(); // after the compaction thread, which waits on them
  }
}
