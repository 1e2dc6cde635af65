package io.strata.examples.experiment.workload;

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

  /** Operations recorded so far in this phase. Thread-safe. */
  long operationsDone();
}
