package io.strata.core;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Paces writes while the compaction strategy asks for a slowdown (RocksDB's
 * {@code WriteController} and {@code delayed_write_rate}, db/write_controller.cc and
 * db/column_family.cc {@code SetupDelay}): a budget of bytes refilled at the delayed write rate;
 * a write group that finds the budget short waits, in nanoseconds, for exactly the bytes it
 * lacks. Every delayed write is so paced, rather than each sleeping a fixed millisecond as in
 * LevelDB, so the delay a write meets stays close to the average.
 *
 * <p>The rate follows the compaction debt (the strategy's estimated pending compaction bytes
 * plus the bytes in level 0), compared with its value at the previous delayed write: grown, the
 * rate falls by a fifth; shrunk, it rises by a quarter; bounded by {@link #MIN_RATE} and the
 * configured rate. A write that is not delayed ends the slowdown: the next one starts again
 * from the configured rate and an empty budget.
 *
 * <p>Not thread-safe: used by the write leader under the database mutex.
 */
final class WriteController {
  /** The lowest rate, in bytes per second (RocksDB's {@code kMinWriteRate}). */
  static final long MIN_RATE = 16 << 10;
  /** The rate after the debt grew, as a fraction of the rate before. */
  static final double SLOWER = 0.8;
  /** The rate after the debt shrank, as a multiple of the rate before. */
  static final double FASTER = 1.25;

  private final long maxRate;
  /** Bytes per second now; a double, so that a fall and a rise give the rate back exactly. */
  private double rate;
  /** Bytes the budget holds at {@link #budgetNanos}. */
  private double budgetBytes;
  /** When the budget was last brought up to date; -1 outside a slowdown. */
  private long budgetNanos = -1;
  private long lastDebt = -1;

  /**
   * A controller pacing to at most {@code maxRate}.
   *
   * @param maxRate bytes per second, at least {@link #MIN_RATE}
   */
  WriteController(long maxRate) {
    checkArgument(maxRate >= MIN_RATE, "rate below %s: %s", MIN_RATE, maxRate);
    this.maxRate = maxRate;
    this.rate = maxRate;
  }

  /**
   * How long a write group of {@code bytes} waits in a slowdown, and takes those bytes from the
   * budget.
   *
   * @param bytes the group's size in bytes
   * @param debt the compaction debt now, in bytes
   * @param nowNanos the ticker's time
   * @return the wait in nanoseconds; 0 if the budget holds the bytes
   */
  long delayNanos(long bytes, long debt, long nowNanos) {
    if (lastDebt >= 0) {
      if (debt > lastDebt) {
        rate = Math.max(MIN_RATE, rate * SLOWER);
      } else if (debt < lastDebt) {
        rate = Math.min(maxRate, rate * FASTER);
      }
    }
    lastDebt = debt;
    if (budgetNanos < 0) {
      budgetNanos = nowNanos;
      budgetBytes = 0;
    } else if (nowNanos > budgetNanos) {
      // At most a millisecond's bytes are saved up, so a pause does not let a burst through.
      budgetBytes = Math.min(budgetBytes + (nowNanos - budgetNanos) * (rate / 1e9),
          Math.max(rate / 1000.0, budgetBytes));
      budgetNanos = nowNanos;
    }
    if (budgetBytes >= bytes) {
      budgetBytes -= bytes;
      return 0;
    }
    long wait = (long) Math.ceil((bytes - budgetBytes) * 1e9 / rate);
    budgetBytes = 0;
    budgetNanos = Math.max(budgetNanos, nowNanos) + wait; // the wait pays for these bytes
    return wait;
  }

  /** Ends a slowdown: the next one starts from the configured rate and an empty budget. */
  void reset() {
    rate = maxRate;
    budgetBytes = 0;
    budgetNanos = -1;
    lastDebt = -1;
  }

  /** {@return the rate now, in bytes per second} */
  long rate() {
    return Math.round(rate);
  }
}
