package io.strata.examples.cli;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Timing of one benchmark workload on one thread, mergeable across threads, as db_bench's
 * {@code Stats}: operations done, bytes moved, the thread's elapsed time, and a latency histogram
 * (nanoseconds, 3 significant digits).
 *
 * <p>Confined to its thread until {@link #stop}; merged and reported by the coordinating thread.
 */
final class BenchStats {
  private final Histogram latencyNanos = new Histogram(3);
  private long startNanos;
  private long finishNanos;
  private double seconds;
  private long done;
  private long bytes;
  private String message = "";

  /** Marks the start of the measured interval at {@code nowNanos}. */
  void start(long nowNanos) {
    startNanos = nowNanos;
    finishNanos = nowNanos;
  }

  /** Marks its end at {@code nowNanos}. */
  void stop(long nowNanos) {
    finishNanos = nowNanos;
    seconds = (finishNanos - startNanos) / 1e9;
  }

  /** Records one operation that took {@code nanos}; a negative value records no latency. */
  void finishedOp(long nanos) {
    if (nanos >= 0) {
      latencyNanos.recordValue(nanos);
    }
    done++;
  }

  /** Adds {@code n} bytes moved (key plus value sizes, as db_bench counts). */
  void addBytes(long n) {
    bytes += n;
  }

  /** Appends {@code text} to the message shown after the figures, space-separated. */
  void addMessage(String text) {
    message = message.isEmpty() ? text : message + " " + text;
  }

  /** Operations recorded. */
  long done() {
    return done;
  }

  /**
   * Adds {@code other}'s figures: ops, bytes and per-thread seconds add up; the interval widens to
   * cover both; the histograms merge; the first non-empty message is kept.
   */
  void merge(BenchStats other) {
    latencyNanos.add(other.latencyNanos);
    done += other.done;
    bytes += other.bytes;
    seconds += other.seconds;
    startNanos = Math.min(startNanos, other.startNanos);
    finishNanos = Math.max(finishNanos, other.finishNanos);
    if (message.isEmpty()) {
      message = other.message;
    }
  }

  /**
   * The report, db_bench's line plus a latency line:
   *
   * <pre>
   * fillrandom   :       3.512 micros/op    284738 ops/sec;   31.5 MB/s (1000000 ops)
   *                latency micros: p50 2.9 p99 11.4 p99.9 40.1 max 2314.0
   * </pre>
   *
   * Micros/op is the per-thread time divided by the operations (sum over threads, as db_bench);
   * ops/sec is the operations over the wall-clock interval; MB/s is the bytes over that interval,
   * blank for workloads that move no bytes (random reads and seeks, deletes). Ends with a
   * newline.
   */
  String report(String name) {
    long ops = Math.max(1, done);
    StringBuilder sb = new StringBuilder();
    double elapsed = Math.max(1e-9, (finishNanos - startNanos) / 1e9);
    sb.append(String.format(Locale.ROOT, "%-12s : %11.3f micros/op %9d ops/sec;", name,
        seconds * 1e6 / ops, Math.round(done / elapsed)));
    if (bytes > 0) {
      sb.append(String.format(Locale.ROOT, " %6.1f MB/s", bytes / 1048576.0 / elapsed));
    } else {
      sb.append(" ".repeat(12)); // keeps the op counts in one column
    }
    sb.append(String.format(Locale.ROOT, " (%d ops)", done));
    if (!message.isEmpty()) {
      sb.append(' ').append(message);
    }
    sb.append('\n');
    if (latencyNanos.getTotalCount() > 0) {
      sb.append(String.format(Locale.ROOT,
          "%-12s   latency micros: p50 %.1f p99 %.1f p99.9 %.1f max %.1f%n", "",
          micros(latencyNanos.getValueAtPercentile(50)),
          micros(latencyNanos.getValueAtPercentile(99)),
          micros(latencyNanos.getValueAtPercentile(99.9)),
          micros(latencyNanos.getMaxValue())));
    }
    return sb.toString();
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }
}
