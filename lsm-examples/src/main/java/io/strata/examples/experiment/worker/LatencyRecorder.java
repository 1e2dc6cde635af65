package io.strata.examples.experiment.worker;

import static com.google.common.base.Preconditions.checkArgument;

import io.strata.examples.experiment.model.LatencySummary;
import io.strata.examples.experiment.workload.OperationRecorder;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The latencies of one phase: an HdrHistogram per operation type, in nanoseconds with three
 * significant digits (up to an hour; longer operations are clamped to an hour). Recording is
 * confined to the workload thread; {@link #operationsDone()} is read by the sampler.
 */
final class LatencyRecorder implements OperationRecorder {
  private static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);

  private final Map<String, Histogram> histograms = new HashMap<>();
  private final AtomicLong done = new AtomicLong();

  @Override
  public void record(String op, long nanos) {
    histogram(op).recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
    done.lazySet(done.get() + 1);
  }

  /** Records {@code count} values of {@code nanos / count} in one step. */
  @Override
  public void record(String op, long nanos, int count) {
    checkArgument(count > 0, "count must be positive, was %s", count);
    histogram(op).recordValueWithCount(Math.max(0, Math.min(nanos / count, HIGHEST_NANOS)),
        count);
    done.lazySet(done.get() + count);
  }

  private Histogram histogram(String op) {
    return histograms.computeIfAbsent(op, k -> new Histogram(HIGHEST_NANOS, 3));
  }

  @Override
  public long operationsDone() {
    return done.get();
  }

  /** Per operation type, its latency summary in microseconds. Call on the workload thread. */
  Map<String, LatencySummary> summaries() {
    Map<String, LatencySummary> out = new TreeMap<>();
    histograms.forEach((op, h) -> out.put(op, new LatencySummary(h.getTotalCount(),
        h.getMean() / 1e3, micros(h, 50), micros(h, 95), micros(h, 99), micros(h, 99.9),
        h.getMaxValue() / 1e3)));
    return out;
  }

  private static double micros(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1e3;
  }
}
