package io.strata.examples.experiment.model;

/**
 * The latency of one operation type in one phase of one run, from an HdrHistogram of the time
 * each operation took (microseconds, three significant digits).
 *
 * @param count operations of this type
 * @param meanMicros mean latency, microseconds
 * @param p50Micros median latency, microseconds
 * @param p95Micros 95th percentile, microseconds
 * @param p99Micros 99th percentile, microseconds
 * @param p999Micros 99.9th percentile, microseconds
 * @param maxMicros the slowest operation, microseconds
 */
public record LatencySummary(long count, double meanMicros, double p50Micros, double p95Micros,
    double p99Micros, double p999Micros, double maxMicros) {}
