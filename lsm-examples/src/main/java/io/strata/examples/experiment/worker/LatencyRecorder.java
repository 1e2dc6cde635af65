package io.strata.examples.experiment.worker;

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
    Histogram h = histograms.get(op);
    if (h == null) {
      h = new Histogram(HIGHEST_NANOS, 3);
      histograms.put(op, h);
    }
    h.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
    done.lazySet(done.get() + 1);
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
