package io.strata.core;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.strata.api.Options;
import io.strata.api.spi.memtable.MemTable;
import io.strata.core.shared.SharedResourcesImpl;
import io.strata.core.shared.WriteBufferManager;
import java.util.concurrent.TimeUnit;

/**
 * One database's use of {@link io.strata.api.SharedResources}: its membership (counted from open
 * to close) and the bytes its memtables charge to the shared write-buffer budget. Without shared
 * resources every method is a no-op and {@link #enabled()} is false, so the write path behaves
 * as it always did.
 *
 * <p>What is charged: the active memtable's {@code approximateMemoryUsageBytes()} as mutable,
 * settled after each write group, which {@linkplain #tryReserve reserves} an upper bound of its
 * growth first; the memtable being flushed as immutable, freed when its flush ends; both freed
 * at close.
 *
 * <p>Thread-safe as stated per method: the charges are written under {@code DbState.mutex}; the
 * budget's participant callbacks read a volatile.
 */
final class SharedUse implements WriteBufferManager.Participant {
  /**
   * Bytes a memtable entry may take beyond its record in the write batch: the built-in skip
   * list's 8-byte key trailer, 64-byte node and up to 12 levels of 16 bytes, rounded up.
   */
  static final int ENTRY_OVERHEAD_BYTES = 272;
  /** How long a writer waiting for memory sleeps before it looks again. */
  private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final SharedResourcesImpl resources;
  private final WriteBufferManager budget;
  /** The memtable switch the budget may ask for; set by open. */
  private volatile Runnable flushRequest = () -> { };
  /** Mutable bytes charged: the active memtable's usage at its last settlement. */
  private volatile long chargedMutable;
  @GuardedBy("DbState.mutex")
  private long chargedImmutable;
  @GuardedBy("DbState.mutex")
  private boolean registered;
  /** Whether charges are kept: registered and no background error yet. */
  @GuardedBy("DbState.mutex")
  private boolean charging;

  /**
   * The use {@code options} ask for.
   *
   * @throws IllegalArgumentException if the options hold shared resources of another
   *     implementation than the engine's
   */
  SharedUse(Options options) {
    this.resources = options.sharedResources().map(SharedResourcesImpl::of).orElse(null);
    this.budget = resources == null ? null : resources.writeBufferManager();
  }

  /** Whether the database uses shared resources. */
  boolean enabled() {
    return resources != null;
  }

  /** The shared resources, or null. */
  SharedResourcesImpl resources() {
    return resources;
  }

  /**
   * Joins the shared resources, with {@code request} as the memtable switch the budget may ask
   * for. REQUIRES mutex held.
   *
   * @throws IllegalStateException if they are closed
   */
  void open(Runnable request) {
    if (resources == null) {
      return;
    }
    resources.acquire();
    registered = true;
    charging = true;
    flushRequest = request;
    budget.register(this);
  }

  /** Charges what {@code mem} holds already (log recovery filled it). REQUIRES mutex held. */
  void charge(MemTable mem) {
    if (charging) {
      settle(0, mem);
    }
  }

  /** Whether the writer should switch its memtable early (RocksDB's {@code ShouldFlush}). */
  boolean shouldFlush() {
    return budget != null && budget.shouldFlush();
  }

  /**
   * The bytes to reserve for a group of {@code records} records encoded in {@code encodedBytes}
   * (the batches' encoded sizes, headers included): an upper bound of what the memtable grows by.
   */
  static long estimate(long encodedBytes, long records) {
    return encodedBytes + records * ENTRY_OVERHEAD_BYTES;
  }

  /** Reserves {@code bytes} in the budget; whether they fit. REQUIRES mutex held. */
  boolean tryReserve(long bytes) {
    return !charging || budget.tryReserve(bytes);
  }

  /**
   * Replaces the reservation of {@code reserved} bytes by the growth {@code mem} reports since
   * the last settlement. REQUIRES mutex held, and no insert into {@code mem} in flight.
   */
  void settle(long reserved, MemTable mem) {
    if (!charging) {
      return;
    }
    long actual = mem.approximateMemoryUsageBytes();
    budget.adjust(actual - chargedMutable - reserved);
    chargedMutable = actual;
  }

  /** The active memtable became the immutable one. REQUIRES mutex held. */
  void switched() {
    if (!charging) {
      return;
    }
    budget.markImmutable(chargedMutable);
    chargedImmutable += chargedMutable;
    chargedMutable = 0;
  }

  /** The immutable memtable was flushed: frees its bytes. REQUIRES mutex held. */
  void flushed() {
    if (!charging) {
      return;
    }
    budget.free(chargedImmutable, 0);
    chargedImmutable = 0;
  }

  /**
   * Waits a little for the budget to free memory, asking another database to flush if none is
   * flushing. REQUIRES mutex not held (flushes of this database take it).
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void awaitFreed() throws InterruptedException {
    budget.awaitFreed(this, WAIT_NANOS);
  }

  /**
   * Frees every charge and stops charging, at a background error: the database takes no more
   * writes and flushes nothing more until reopened, so its memtables would otherwise hold the
   * budget, and stall the other databases' writers, until it is closed. REQUIRES mutex held.
   */
  void failed() {
    if (!charging) {
      return;
    }
    charging = false;
    budget.free(chargedImmutable, chargedMutable);
    chargedImmutable = 0;
    chargedMutable = 0;
  }

  /** Frees every charge and leaves the shared resources; idempotent. REQUIRES mutex held. */
  void close() {
    if (!registered) {
      return;
    }
    failed();
    registered = false;
    budget.unregister(this);
    resources.release();
  }

  @Override
  public long mutableBytes() {
    return chargedMutable;
  }

  @Override
  public void requestFlush() {
    flushRequest.run();
  }
}
