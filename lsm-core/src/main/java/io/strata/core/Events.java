package io.strata.core;

import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.strata.api.BackgroundErrorInfo;
import io.strata.api.CompactionInfo;
import io.strata.api.EventListener;
import io.strata.api.FlushInfo;
import io.strata.api.TableFileDeletionInfo;
import io.strata.api.WriteStallInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Delivers events to the {@link EventListener}s of the options (rocksdb's {@code listeners}
 * loop in {@code NotifyOnFlushCompleted} and kin). Thread-safe.
 *
 * <p>Two ways: {@code deliver...} calls the listeners on the calling thread, a background thread
 * holding none of the engine's locks (asserted); {@code ...Async} hands the event to this
 * database's event thread, a single-thread daemon executor that delivers in order, for events
 * found on a writer's thread or under a lock (write-stall changes, a write's error, tables
 * deleted by a reader's last unpin). A listener that throws is logged at WARN and skipped;
 * nothing else changes. With no listeners, every method returns at once and no thread starts.
 */
final class Events {
  private static final Logger LOG = DbState.LOG;
  /** How long close lets the event thread deliver what is queued. */
  private static final long CLOSE_WAIT_SECONDS = 10;

  private final Path dir;
  private final ImmutableList<EventListener> listeners;
  private final ReentrantLock mutex;
  private final ReentrantLock metadataLock;
  private final Object deletionLock;
  /** Created by {@link #start()} when there are listeners; null before, or without them. */
  private volatile ExecutorService executor;

  Events(Path dir, ImmutableList<EventListener> listeners, ReentrantLock mutex,
      ReentrantLock metadataLock, Object deletionLock) {
    this.dir = dir;
    this.listeners = listeners;
    this.mutex = mutex;
    this.metadataLock = metadataLock;
    this.deletionLock = deletionLock;
  }

  /** Whether any listener is registered; events need not be built otherwise. */
  boolean enabled() {
    return !listeners.isEmpty();
  }

  /** Starts the event thread, if there are listeners. Called once, by open. */
  void start() {
    if (enabled()) {
      executor = Executors.newSingleThreadExecutor(new ThreadFactoryBuilder()
          .setNameFormat("strata-events-" + dir.getFileName()).setDaemon(true).build());
    }
  }

  /** Delivers what is queued (waiting a bounded time) and stops the event thread. */
  void shutdown() {
    ExecutorService e = executor;
    if (e == null) {
      return;
    }
    e.shutdown();
    try {
      if (!e.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("{}: event listeners did not finish in time", dir);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  void flushCompleted(FlushInfo info) {
    deliver(l -> l.onFlushCompleted(info), "onFlushCompleted");
  }

  void compactionBegin(CompactionInfo info) {
    deliver(l -> l.onCompactionBegin(info), "onCompactionBegin");
  }

  void compactionCompleted(CompactionInfo info) {
    deliver(l -> l.onCompactionCompleted(info), "onCompactionCompleted");
  }

  void tablesDeleted(List<TableFileDeletionInfo> deleted) {
    for (TableFileDeletionInfo info : deleted) {
      deliver(l -> l.onTableFileDeleted(info), "onTableFileDeleted");
    }
  }

  void backgroundError(String operation, Throwable error) {
    BackgroundErrorInfo info = new BackgroundErrorInfo(operation, error);
    deliver(l -> l.onBackgroundError(info), "onBackgroundError");
  }

  /** Queues a write-stall change for the event thread; may be called under {@code mutex}. */
  void writeStallChangedAsync(WriteStallInfo info) {
    deliverAsync(l -> l.onWriteStallChanged(info), "onWriteStallChanged");
  }

  /** Queues table deletions for the event thread. */
  void tablesDeletedAsync(List<TableFileDeletionInfo> deleted) {
    for (TableFileDeletionInfo info : deleted) {
      deliverAsync(l -> l.onTableFileDeleted(info), "onTableFileDeleted");
    }
  }

  /** Queues a background error for the event thread; may be called under {@code mutex}. */
  void backgroundErrorAsync(String operation, Throwable error) {
    BackgroundErrorInfo info = new BackgroundErrorInfo(operation, error);
    deliverAsync(l -> l.onBackgroundError(info), "onBackgroundError");
  }

  /** Calls every listener on this thread, which holds none of the engine's locks. */
  private void deliver(Consumer<EventListener> call, String method) {
    if (listeners.isEmpty()) {
      return;
    }
    assert !mutex.isHeldByCurrentThread() && !metadataLock.isHeldByCurrentThread()
        && !Thread.holdsLock(deletionLock) : "listeners are never called under a lock";
    for (EventListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException | Error e) {
        // An Error is logged too: a listener's bug must not stop the engine's thread.
        LOG.warn("{}: event listener {} threw from {}", dir, l, method, e);
      }
    }
  }

  private void deliverAsync(Consumer<EventListener> call, String method) {
    ExecutorService e = executor;
    if (e == null) {
      return;
    }
    try {
      e.execute(() -> deliver(call, method));
    } catch (RejectedExecutionException closing) {
      LOG.debug("{}: {} event dropped: the database is closing", dir, method);
    }
  }
}
