package io.strata.examples.experiment.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of a phase as one flat, ordered map from a metric's name to its value, the form in
 * which {@code summary.csv}, the medians, the comparisons and the charts take them. Names are the
 * {@link PhaseMetrics} components, latencies as {@code latency.<op>.<percentile>} (e.g.
 * {@code latency.read.p99Micros}), stalls per cause as {@code stallSeconds.<CAUSE>}.
 */
public final class Metrics {
  private Metrics() {}

  /** The metric names and values of {@code p}, in a fixed order; absent ratios are null. */
  public static Map<String, Double> flatten(PhaseMetrics p) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("operations", (double) p.operations());
    m.put("seconds", p.seconds());
    m.put("opsPerSecond", p.opsPerSecond());
    p.latency().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      String prefix = "latency." + e.getKey() + ".";
      LatencySummary l = e.getValue();
      m.put(prefix + "p50Micros", l.p50Micros());
      m.put(prefix + "p95Micros", l.p95Micros());
      m.put(prefix + "p99Micros", l.p99Micros());
      m.put(prefix + "p999Micros", l.p999Micros());
      m.put(prefix + "maxMicros", l.maxMicros());
    });
    m.put("writeAmp", p.writeAmp());
    m.put("writeAmpWithLog", p.writeAmpWithLog());
    m.put("spaceAmpFinal", p.spaceAmpFinal());
    m.put("spaceAmpPeak", p.spaceAmpPeak());
    m.put("diskBytesFinal", (double) p.diskBytesFinal());
    m.put("diskBytesPeak", (double) p.diskBytesPeak());
    m.put("liveLogicalBytes", (double) p.liveLogicalBytes());
    m.put("filterProbesPerGet", p.filterProbesPerGet());
    m.put("tablesReadPerGet", p.tablesReadPerGet());
    m.put("dataBlocksPerGet", p.dataBlocksPerGet());
    m.put("filterUsefulness", p.filterUsefulness());
    m.put("blocksPerScan", p.blocksPerScan());
    m.put("stallSeconds", p.stallSeconds());
    p.stallSecondsByCause().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> m.put("stallSeconds." + e.getKey(), e.getValue()));
    p.stallCountByCause().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> m.put("stallCount." + e.getKey(), (double) e.getValue()));
    m.put("compactions", (double) p.compactions());
    m.put("compactionBytesIn", (double) p.compactionBytesIn());
    m.put("compactionBytesOut", (double) p.compactionBytesOut());
    m.put("compactionP50Millis", p.compactionP50Millis());
    m.put("compactionP99Millis", p.compactionP99Millis());
    m.put("compactionMaxMillis", p.compactionMaxMillis());
    m.put("userBytes", (double) p.userBytes());
    m.put("logBytes", (double) p.logBytes());
    m.put("tableBytesWritten", (double) p.tableBytesWritten());
    return m;
  }

  /**
   * Whether a higher value of metric {@code name} is better: throughput and filter usefulness;
   * for every other metric (latencies, amplifications, stalls, bytes, durations) lower is better.
   */
  public static boolean higherIsBetter(String name) {
    return name.equals("opsPerSecond") || name.equals("filterUsefulness");
  }
}
