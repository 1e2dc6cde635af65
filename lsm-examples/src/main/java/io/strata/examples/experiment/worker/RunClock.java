package io.strata.examples.experiment.worker;

/** Seconds since a run's first phase started, from {@link System#nanoTime()}. Thread-safe. */
final class RunClock {
  private final long startNanos = System.nanoTime();

  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
