package io.strata.core.shared;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One write-buffer budget over the memtables of many databases (rocksdb
 * include/rocksdb/write_buffer_manager.h, {@code WriteBufferManager}).
 *
 * <p>Bytes are charged in two kinds: <i>mutable</i> (active memtables, and writes about to be
 * inserted into one) and <i>immutable</i> (memtables switched and waiting for their flush). A
 * database's writer {@linkplain #tryReserve reserves} its write group's bytes before inserting,
 * and {@linkplain #adjust settles} the reservation against what the memtable then reports; a
 * memtable switch {@linkplain #markImmutable moves} its bytes from mutable to immutable, and a
 * finished flush {@linkplain #free frees} them. Since a reservation that would pass the budget is
 * refused while anything else is charged, the charged total stays within the budget but for a
 * group whose memtable grew by more than it reserved (the reservation is an upper bound for the
 * built-in memtable), or a single group larger than the whole budget.
 *
 * <p>When to flush early ({@link #shouldFlush()}, RocksDB's {@code ShouldFlush}): mutable bytes
 * over 7/8 of the budget, or the total at the budget with at least half of it still mutable
 * (when more than half is being flushed already, more flushes would not help).
 *
 * <p>Thread-safe: every figure is guarded by one lock; waiters for freed memory wait on its
 * condition. Starts no thread.
 */
public final class WriteBufferManager {
  /** A database charging this budget, asked to flush when writers elsewhere wait for memory. */
  public interface Participant {
    /**
     * The bytes of its active memtable charged now.
     *
     * @return mutable bytes, 0 or more
     */
    long mutableBytes();

    /**
     * Asks it to switch its active memtable and flush it, soon, on a background thread; it
     * declines when it has nothing to flush or a flush running. Must not block.
     */
    void requestFlush();
  }

  private final long budgetBytes;
  private final long mutableLimitBytes;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled whenever charged bytes fall. */
  private final Condition freed = lock.newCondition();
  @GuardedBy("lock")
  private long mutableBytes;
  @GuardedBy("lock")
  private long immutableBytes;
  @GuardedBy("lock")
  private final List<Participant> participants = new ArrayList<>();

  /**
   * A budget with nothing charged.
   *
   * @param budgetBytes bytes all memtables may hold together, positive
   * @throws IllegalArgumentException if {@code budgetBytes} is not positive
   */
  public WriteBufferManager(long budgetBytes) {
    checkArgument(budgetBytes > 0, "writeBufferBytes must be > 0, was %s", budgetBytes);
    this.budgetBytes = budgetBytes;
    this.mutableLimitBytes = budgetBytes - budgetBytes / 8;
  }

  /** {@return the budget, in bytes} */
  public long budgetBytes() {
    return budgetBytes;
  }

  /** {@return the bytes charged now, mutable and immutable, in bytes} */
  public long usageBytes() {
    lock.lock();
    try {
      return mutableBytes + immutableBytes;
    } finally {
      lock.unlock();
    }
  }

  /** {@return the bytes of active memtables and reservations charged now} */
  public long mutableBytes() {
    lock.lock();
    try {
      return mutableBytes;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the database being written should switch its memtable and flush early
   * (RocksDB's {@code WriteBufferManager::ShouldFlush}).
   *
   * @return true when mutable bytes pass 7/8 of the budget, or the total reaches the budget with
   *     at least half of the budget mutable
   */
  public boolean shouldFlush() {
    lock.lock();
    try {
      return mutableBytes > mutableLimitBytes
          || (mutableBytes + immutableBytes >= budgetBytes && mutableBytes >= budgetBytes / 2);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Charges {@code bytes} as mutable if the total stays within the budget, or if nothing at all
   * is charged (so that a write larger than the budget can go through alone).
   *
   * @param bytes the bytes to reserve, 0 or more
   * @return whether they were charged; if not, nothing changed
   */
  public boolean tryReserve(long bytes) {
    lock.lock();
    try {
      long used = mutableBytes + immutableBytes;
      if (used > 0 && used + bytes > budgetBytes) {
        return false;
      }
      mutableBytes += bytes;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Changes the mutable charge by {@code deltaBytes}: a reservation settled against what the
   * memtable reports, a charge without reservation (a memtable filled by log recovery), or a
   * release (negative).
   *
   * @param deltaBytes bytes to add; negative to release
   */
  public void adjust(long deltaBytes) {
    lock.lock();
    try {
      mutableBytes += deltaBytes;
      if (deltaBytes < 0) {
        freed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves {@code bytes} from mutable to immutable: a memtable was switched and waits for its
   * flush (RocksDB's {@code ScheduleFreeMem}).
   *
   * @param bytes the switched memtable's charged bytes
   */
  public void markImmutable(long bytes) {
    lock.lock();
    try {
      mutableBytes -= bytes;
      immutableBytes += bytes;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Releases {@code immutable} bytes of flushed memtables and {@code mutable} bytes of active
   * ones (at close), and wakes the writers waiting for memory (RocksDB's {@code FreeMem}).
   *
   * @param immutable immutable bytes to release
   * @param mutable mutable bytes to release
   */
  public void free(long immutable, long mutable) {
    lock.lock();
    try {
      immutableBytes -= immutable;
      mutableBytes -= mutable;
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits, for at most {@code timeoutNanos}, for charged bytes to fall. When no memtable is
   * waiting for its flush, first asks the participant other than {@code self} holding the most
   * mutable bytes to flush, so that idle databases do not hold the budget for ever.
   *
   * @param self the waiting writer's database, never asked
   * @param timeoutNanos the longest wait, in nanoseconds
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public void awaitFreed(Participant self, long timeoutNanos) throws InterruptedException {
    Participant victim = null;
    lock.lock();
    try {
      if (immutableBytes == 0) {
        long most = 0;
        for (Participant p : participants) {
          long m = p == self ? 0 : p.mutableBytes();
          if (m > most) {
            most = m;
            victim = p;
          }
        }
      }
    } finally {
      lock.unlock();
    }
    if (victim != null) {
      victim.requestFlush(); // without the lock: it takes the victim's own locks
    }
    lock.lock();
    try {
      freed.await(timeoutNanos, TimeUnit.NANOSECONDS);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds a database that charges this budget.
   *
   * @param p the database's participant
   */
  public void register(Participant p) {
    lock.lock();
    try {
      participants.add(p);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes a database added by {@link #register}; its charges must be freed already.
   *
   * @param p the database's participant
   */
  public void unregister(Participant p) {
    lock.lock();
    try {
      participants.remove(p);
    } finally {
      lock.unlock();
    }
  }
}
