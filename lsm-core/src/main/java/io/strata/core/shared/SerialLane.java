package io.strata.core.shared;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A serial executor over a {@link BackgroundPool}: its tasks run one at a time, in submission
 * order, on the pool's threads, as one database's single-thread executor would run them. While
 * it has work, exactly one of its tasks is queued in or run by the pool; after each it queues
 * again at the back, so lanes take turns. Thread-safe; guarded by its own monitor.
 */
final class SerialLane extends AbstractExecutorService {
  private final BackgroundPool pool;
  private final BackgroundPool.Kind kind;
  @GuardedBy("this")
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  /** A task of this lane is queued in the pool or running. */
  @GuardedBy("this")
  private boolean active;
  @GuardedBy("this")
  private boolean shutdown;

  SerialLane(BackgroundPool pool, BackgroundPool.Kind kind) {
    this.pool = pool;
    this.kind = kind;
  }

  @Override
  public synchronized void execute(Runnable command) {
    if (shutdown) {
      throw new RejectedExecutionException("lane is shut down");
    }
    queue.addLast(command);
    if (!active) {
      active = true;
      pool.submit(kind, this::runOne);
    }
  }

  private void runOne() {
    Runnable task;
    synchronized (this) {
      task = queue.pollFirst();
    }
    try {
      if (task != null) { // null only after shutdownNow emptied the queue
        task.run();
      }
    } finally {
      synchronized (this) {
        if (queue.isEmpty()) {
          active = false;
          notifyAll();
        } else {
          pool.submit(kind, this::runOne);
        }
      }
    }
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
    notifyAll();
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(queue);
    queue.clear();
    notifyAll();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && !active;
  }

  @Override
  public synchronized boolean awaitTermination(long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (!(shutdown && !active)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
