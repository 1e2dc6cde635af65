package io.strata.examples.experiment.workload;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Records the latency of each operation by type. Confined to the workload thread, except
 * {@link #operationsDone()}, which the sampler reads from its own thread.
 */
public interface OperationRecorder {
  /**
   * Records one operation of type {@code op} (e.g. {@code read}, {@code update}, {@code insert},
   * {@code scan}, {@code readmodifywrite}, {@code write}, {@code delete}) that took
   * {@code nanos} nanoseconds, measured with {@link System#nanoTime()} around the call to the
   * database alone.
   */
  void record(String op, long nanos);

  /**
   * Records {@code count} operations of type {@code op} timed together, {@code nanos}
   * nanoseconds for all of them: each as taking their mean. For operations so short (an
   * iterator's step, about 100 ns) that two reads of the clock around each would cost as much
   * as the operation and hide the engine's share of the phase's time.
   *
   * @throws IllegalArgumentException if {@code count} is not positive
   */
  default void record(String op, long nanos, int count) {
    checkArgument(count > 0, "count must be positive, was %s", count);
    for (int i = 0; i < count; i++) {
      record(op, nanos / count);
    }
  }

  /** Operations recorded so far in this phase. Thread-safe. */
  long operationsDone();
}
