package io.strata.core.shared;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pool of threads running the flushes and compactions of many databases (RocksDB's shared
 * {@code Env} thread pools, where flushes run in the HIGH pool and compactions in the LOW one).
 *
 * <p>Each database submits through two {@linkplain #newLane lanes}, one per kind: a lane is a
 * serial executor (its tasks run one at a time, in order), so a database keeps the ordering of
 * its own two single-thread executors: never two of its flushes, nor two of its compactions, at
 * once. A lane hands the pool one task at a time and queues again behind the others after each,
 * so databases take turns.
 *
 * <p>Flushes first: a free thread takes a queued flush before any compaction, and compactions
 * may occupy at most {@code max(1, threads - 1)} threads at once. With two threads or more, one
 * thread is thus always left for flushes, and a flush never waits behind another database's long
 * compaction; with one thread, a flush waits at most for the one compaction running to end
 * (each task is one compaction, never a database's whole backlog), then goes before every queued
 * compaction. A flush frees memory other writers may be stalled on; a compaction only reshapes
 * the tree, so it can wait.
 *
 * <p>Thread-safe. The constructor starts no thread: {@link #start()} does, {@link #shutdown()}
 * stops them once the queues are drained.
 */
public final class BackgroundPool {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundPool.class);

  /** The kind of work a lane carries. */
  public enum Kind {
    /** Memtable flushes, and the memtable switches the write-buffer budget asks for. */
    FLUSH,
    /** Compactions, manual ones included, and what must not run beside one. */
    COMPACTION
  }

  private final int threads;
  private final int maxCompactionThreads;
  private final String namePrefix;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workQueued = lock.newCondition();
  @GuardedBy("lock")
  private final ArrayDeque<Runnable> flushes = new ArrayDeque<>();
  @GuardedBy("lock")
  private final ArrayDeque<Runnable> compactions = new ArrayDeque<>();
  @GuardedBy("lock")
  private int runningCompactions;
  @GuardedBy("lock")
  private boolean stopping;
  @GuardedBy("lock")
  private final List<Thread> workers = new ArrayList<>();

  /**
   * A pool of {@code threads} threads, not yet started.
   *
   * @param threads the number of threads, positive
   * @param namePrefix the prefix of the threads' names, followed by their index
   * @throws IllegalArgumentException if {@code threads} is not positive
   */
  public BackgroundPool(int threads, String namePrefix) {
    checkArgument(threads > 0, "backgroundThreads must be > 0, was %s", threads);
    this.threads = threads;
    this.maxCompactionThreads = Math.max(1, threads - 1);
    this.namePrefix = namePrefix;
  }

  /**
   * Starts the threads.
   *
   * @throws IllegalStateException if already started
   */
  public void start() {
    lock.lock();
    try {
      checkState(workers.isEmpty() && !stopping, "pool started already");
      for (int i = 0; i < threads; i++) {
        Thread t = new Thread(this::work, namePrefix + i);
        t.setDaemon(true);
        workers.add(t);
      }
      workers.forEach(Thread::start);
    } finally {
      lock.unlock();
    }
  }

  /** {@return the number of threads} */
  public int threads() {
    return threads;
  }

  /**
   * A new serial executor that runs its tasks on this pool as work of {@code kind}. Its
   * {@code shutdown} lets the queued tasks run, and {@code awaitTermination} waits for them.
   *
   * @param kind flush or compaction: which queue its tasks wait in
   * @return the lane, open
   */
  public ExecutorService newLane(Kind kind) {
    return new SerialLane(this, kind);
  }

  /** Queues one task of a lane. */
  void submit(Kind kind, Runnable task) {
    lock.lock();
    try {
      checkState(!stopping, "the shared background threads are stopped");
      (kind == Kind.FLUSH ? flushes : compactions).addLast(task);
      workQueued.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void work() {
    while (true) {
      Runnable task;
      boolean compaction;
      lock.lock();
      try {
        while (true) {
          if (!flushes.isEmpty()) {
            task = flushes.pollFirst();
            compaction = false;
            break;
          }
          if (!compactions.isEmpty() && runningCompactions < maxCompactionThreads) {
            task = compactions.pollFirst();
            compaction = true;
            runningCompactions++;
            break;
          }
          if (stopping && flushes.isEmpty() && compactions.isEmpty()) {
            return;
          }
          workQueued.awaitUninterruptibly();
        }
      } finally {
        lock.unlock();
      }
      try {
        task.run();
      } catch (Throwable t) {
        // The lanes' tasks record their own failures; anything reaching here is a bug.
        LOG.error("background task failed", t);
      } finally {
        if (compaction) {
          lock.lock();
          try {
            runningCompactions--;
            workQueued.signalAll(); // a queued compaction may run now
          } finally {
            lock.unlock();
          }
        }
      }
    }
  }

  /**
   * Lets the queued work finish and stops the threads, waiting for them up to
   * {@code timeoutNanos}. Later submissions fail with {@link IllegalStateException}.
   *
   * @param timeoutNanos the longest wait, in nanoseconds
   * @return whether every thread stopped in time
   */
  public boolean shutdown(long timeoutNanos) {
    List<Thread> toJoin;
    lock.lock();
    try {
      stopping = true;
      workQueued.signalAll();
      toJoin = new ArrayList<>(workers);
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      for (Thread t : toJoin) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedJoin(t, left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Thread t : toJoin) {
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }
}
