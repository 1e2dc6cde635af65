package io.strata.examples.experiment;

import io.strata.examples.experiment.model.CompactionRecord;
import io.strata.examples.experiment.model.LatencySummary;
import io.strata.examples.experiment.model.PhaseMetrics;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made phases and runs for the experiment's tests. */
final class ExperimentFixtures {
  private ExperimentFixtures() {}

  /** A phase of {@code name} with throughput {@code opsPerSecond} and {@code writeAmp}. */
  static PhaseMetrics phase(String name, double opsPerSecond, double writeAmp) {
    return new PhaseMetrics(name, 1000, 1.0, opsPerSecond,
        Map.of("write", new LatencySummary(1000, 5, 4, 8, 10, 20, 50),
            "read", new LatencySummary(10, 3, 2, 4, 6, 7, 9)),
        writeAmp, writeAmp + 1, 1.1, 1.2, 1000, 1200, 900, 0, null, null, null, null, 0, null,
        0.5, Map.of("LEVEL0_FILES", 0.5), Map.of("LEVEL0_FILES", 2L), 3, 100, 90, 1.0, 2.0, 3.0,
        500, 600, 700);
  }

  /** A completed run of {@code config} whose phases have throughputs {@code opsPerSecond}. */
  static RunResult run(String config, int repetition, List<String> phases,
      double... opsPerSecond) {
    List<PhaseMetrics> p = new ArrayList<>();
    for (int i = 0; i < phases.size(); i++) {
      p.add(phase(phases.get(i), opsPerSecond[i], 2.0 + i));
    }
    return new RunResult(config, repetition, 0, true, null, Map.of("write_buffer_size", "4194304"),
        p, List.of(sample(0.25, phases.get(0)), sample(0.5, phases.get(0))),
        List.of(compaction(0.4, phases.get(0))), 1.5);
  }

  static Sample sample(double seconds, String phase) {
    return new Sample(seconds, phase, 100, List.of(1000L, 2000L), List.of(1, 2), 300, 50, 0,
        "NORMAL", 10, 1, 2650);
  }

  static CompactionRecord compaction(double seconds, String phase) {
    return new CompactionRecord(seconds, phase, "leveled", "L0 files, \"score\" 1.5", false,
        false, List.of(0, 1), 3, 3000, 1, 2, 2800, 100, 10, 1, 12.5);
  }
}
