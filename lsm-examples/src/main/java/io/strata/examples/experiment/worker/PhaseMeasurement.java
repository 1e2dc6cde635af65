package io.strata.examples.experiment.worker;

import io.strata.api.Statistics;
import io.strata.api.WriteStallCause;
import io.strata.examples.experiment.engine.EngineStore;
import io.strata.examples.experiment.model.CompactionRecord;
import io.strata.examples.experiment.model.PhaseMetrics;
import io.strata.examples.experiment.workload.LiveKeys;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures one phase: {@link EngineStore#statistics()} at its start and end, its latencies,
 * its samples' peak and the compactions that completed during it, into a {@link PhaseMetrics}.
 * How each figure is derived is documented on {@link PhaseMetrics}; in short, per-phase figures
 * are differences of the engine's counters between the phase's start and end (the end taken
 * once the worker has settled the tree), and amplifications are cumulative since open.
 */
final class PhaseMeasurement {
  private final String phase;
  private final EngineStore db;
  private final Sampler sampler;
  private final LatencyRecorder recorder;
  private final LiveKeys liveKeys;
  private final Statistics before;
  private final long startNanos;
  private long endNanos = -1;

  PhaseMeasurement(String phase, EngineStore db, Sampler sampler, LatencyRecorder recorder,
      LiveKeys liveKeys) {
    this.phase = phase;
    this.db = db;
    this.sampler = sampler;
    this.recorder = recorder;
    this.liveKeys = liveKeys;
    this.before = db.statistics();
    this.startNanos = System.nanoTime();
  }

  /**
   * Marks the end of the phase's operations: its seconds and throughput end here, before the
   * tree is settled and measured.
   */
  void operationsEnded() {
    endNanos = System.nanoTime();
  }

  /**
   * The phase's metrics, now that its last operation returned (at {@link #operationsEnded}, if
   * called); its compaction figures from
   * {@code compactions}, those completed so far (see {@link #withCompactions}).
   */
  PhaseMetrics finish(List<CompactionRecord> compactions) {
    double seconds = ((endNanos >= 0 ? endNanos : System.nanoTime()) - startNanos) / 1e9;
    Statistics after = db.statistics();
    sampler.sampleNow(); // the end of the phase is one of its samples
    long ops = recorder.operationsDone();
    long live = liveKeys.liveBytes();
    long disk = after.liveTableBytes() + after.liveLogBytes();
    long user = after.userBytesWritten();
    long gets = after.gets() - before.gets();
    long seeks = after.iteratorSeeks() - before.iteratorSeeks();
    long probes = after.filterProbes() - before.filterProbes();
    long blocks = after.dataBlocksRead() - before.dataBlocksRead();
    Map<String, Double> stallSeconds = new TreeMap<>();
    Map<String, Long> stallCounts = new TreeMap<>();
    long stallMicros = 0;
    for (WriteStallCause cause : WriteStallCause.values()) {
      long micros = after.stallMicros().getOrDefault(cause, 0L)
          - before.stallMicros().getOrDefault(cause, 0L);
      long count = after.stallCounts().getOrDefault(cause, 0L)
          - before.stallCounts().getOrDefault(cause, 0L);
      stallMicros += micros;
      stallSeconds.put(cause.name(), micros / 1e6);
      stallCounts.put(cause.name(), count);
    }
    PhaseMetrics measured = new PhaseMetrics(phase, ops, seconds,
        seconds > 0 ? ops / seconds : 0, recorder.summaries(),
        ratio(after.tableBytesWritten(), user),
        ratio(after.tableBytesWritten() + after.logBytesWritten(), user),
        ratio(disk, live),
        live > 0 ? Math.max(sampler.peakSpaceAmp(), (double) disk / live) : null,
        disk, Math.max(sampler.peakDiskBytes(), disk), live,
        gets,
        ratio(probes, gets),
        ratio(after.tablesRead() - before.tablesRead(), gets),
        // Iterators read data blocks too: per get only where seeks are too few to matter (a
        // YCSB phase positions itself with one seek), at most one per thousand gets.
        seeks * 1000 <= gets ? ratio(blocks, gets) : null,
        ratio(after.filterNegatives() - before.filterNegatives(), probes),
        seeks,
        gets == 0 ? ratio(blocks, seeks) : null,
        stallMicros / 1e6, stallSeconds, stallCounts,
        0, 0, 0, null, null, null,
        user, after.logBytesWritten(), after.tableBytesWritten());
    return withCompactions(measured, compactions);
  }

  /** {@code p} with its compaction figures taken from {@code compactions}, the phase's. */
  static PhaseMetrics withCompactions(PhaseMetrics p, List<CompactionRecord> compactions) {
    double[] durations = compactions.stream().mapToDouble(CompactionRecord::durationMillis)
        .sorted().toArray();
    return new PhaseMetrics(p.phase(), p.operations(), p.seconds(), p.opsPerSecond(),
        p.latency(), p.writeAmp(), p.writeAmpWithLog(), p.spaceAmpFinal(), p.spaceAmpPeak(),
        p.diskBytesFinal(), p.diskBytesPeak(), p.liveLogicalBytes(), p.gets(),
        p.filterProbesPerGet(), p.tablesReadPerGet(), p.dataBlocksPerGet(),
        p.filterUsefulness(), p.scans(), p.blocksPerScan(), p.stallSeconds(),
        p.stallSecondsByCause(), p.stallCountByCause(), compactions.size(),
        compactions.stream().mapToLong(CompactionRecord::inputBytes).sum(),
        compactions.stream().mapToLong(CompactionRecord::outputBytes).sum(),
        percentile(durations, 50), percentile(durations, 99),
        durations.length == 0 ? null : durations[durations.length - 1],
        p.userBytes(), p.logBytes(), p.tableBytesWritten());
  }

  /** {@code num / den}, or null when {@code den} is 0. */
  static Double ratio(long num, long den) {
    return den == 0 ? null : (double) num / den;
  }

  /** The nearest-rank percentile of sorted {@code values}, or null if there are none. */
  static Double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

}
