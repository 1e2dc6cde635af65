package io.strata.examples.experiment.report;

import io.strata.examples.experiment.model.Comparison;
import io.strata.examples.experiment.model.CompactionRecord;
import io.strata.examples.experiment.model.ConfigResult;
import io.strata.examples.experiment.model.ConfigSpec;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.LatencySummary;
import io.strata.examples.experiment.model.Metrics;
import io.strata.examples.experiment.model.PhaseMetrics;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.Sample;
import io.strata.examples.experiment.model.Stat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small made-up experiments for the report's tests: a fill then a read phase, a few samples per
 * second with levels that fill up, some compactions, the statistics computed from the runs.
 */
final class SyntheticExperiments {
  static final List<String> PHASES = List.of("fillrandom", "readrandom");

  private SyntheticExperiments() {}

  /** {@code configs} compared over {@code reps} runs each; a seed makes it repeatable. */
  static ExperimentResult experiment(List<ConfigSpec> configs, int reps, long seed) {
    Random random = new Random(seed);
    List<RunResult> runs = new ArrayList<>();
    List<ConfigResult> results = new ArrayList<>();
    for (int c = 0; c < configs.size(); c++) {
      ConfigSpec spec = configs.get(c);
      List<RunResult> mine = new ArrayList<>();
      for (int rep = 0; rep < reps; rep++) {
        mine.add(run(spec.name(), c, rep, random));
      }
      runs.addAll(mine);
      results.add(new ConfigResult(spec, reps, 0, List.of(), stats(mine)));
    }
    List<Comparison> comparisons = new ArrayList<>();
    ConfigResult base = results.get(0);
    for (ConfigResult r : results.subList(1, results.size())) {
      for (String phase : PHASES) {
        base.metrics().get(phase).forEach((metric, b) -> {
          Stat s = r.metrics().get(phase).get(metric);
          if (s != null) {
            comparisons.add(new Comparison(base.config().name(), r.config().name(), phase,
                metric, b.median() == 0 ? null : s.median() / b.median(), reps >= 5 ? 0.01 : null));
          }
        });
      }
    }
    return new ExperimentResult(ExperimentResult.SCHEMA_VERSION, "0.1.0-SNAPSHOT",
        "2025-01-02T03:04:05Z", PHASES, 100_000, 100, reps, seed, 250,
        List.of("-Xmx1g", "-XX:+UseG1GC"), results, comparisons, runs);
  }

  static ConfigSpec config(String name, String strategy) {
    return new ConfigSpec(name, strategy, Map.of("max_bytes_for_level_base", "10m"),
        Map.of("write_buffer_size", "4194304"), List.of(), null, null);
  }

  static ConfigSpec sweep(String option, String value) {
    return new ConfigSpec("tiered " + option + "=" + value, "tiered", Map.of(option, value),
        Map.of(), List.of(), option, value);
  }

  private static RunResult run(String config, int configIndex, int rep, Random random) {
    double speed = (1.0 + 0.4 * configIndex) * (0.9 + 0.2 * random.nextDouble());
    double fillSeconds = 12 / speed;
    double readSeconds = 6 / speed;
    List<Sample> samples = new ArrayList<>();
    long stall = 0;
    double writeAmp = 6 + 3 * configIndex + random.nextDouble();
    for (double t = 0; t <= fillSeconds + readSeconds; t += 0.25) {
      boolean fill = t < fillSeconds;
      double progress = Math.min(1, t / fillSeconds);
      long total = (long) (progress * 12_000_000);
      List<Long> levels = new ArrayList<>();
      long l0 = (long) ((1 + Math.sin(t * 3)) * 1_000_000 * (fill ? 1 : 0.2));
      levels.add(l0);
      long rest = total;
      for (int l = 1; l < 7; l++) {
        long cap = (long) (100_000 * Math.pow(10, l - 1) * (1 + configIndex));
        long here = l < 4 ? Math.min(rest, cap) : rest;
        if (l >= 4) {
          here = 0;
        }
        levels.add(here);
        rest -= here;
      }
      if (rest > 0) {
        levels.set(3, levels.get(3) + rest);
      }
      if (fill && random.nextInt(8) == 0) {
        stall += 20_000L * (1 + configIndex);
      }
      samples.add(new Sample(t, fill ? PHASES.get(0) : PHASES.get(1),
          (long) ((fill ? progress : (t - fillSeconds) / readSeconds) * 100_000),
          levels, List.of(2, 1, 3, 5, 0, 0, 0), 500_000, 1_000_000, 0,
          stall > 0 && fill ? "SLOWDOWN" : "NORMAL", stall, fill ? 1 : 0, total));
    }
    List<CompactionRecord> compactions = List.of(
        new CompactionRecord(2.0, PHASES.get(0), "leveled", "level0 files", false, false,
            List.of(0, 1), 5, 4_000_000, 1, 3, 3_900_000, 40_000, 500, 0, 120.5),
        new CompactionRecord(fillSeconds + 1, PHASES.get(1), "leveled", "size", true, false,
            List.of(1), 1, 2_000_000, 2, 1, 2_000_000, 20_000, 0, 0, 0.2));
    List<PhaseMetrics> phases = List.of(
        phase(PHASES.get(0), fillSeconds, Map.of("write", latency(random, 3)), writeAmp,
            1.2 + 0.3 * configIndex, null, null, stall / 1e6, 12),
        phase(PHASES.get(1), readSeconds, Map.of("read", latency(random, 8)), writeAmp,
            1.1 + 0.2 * configIndex, 1.5 + configIndex, 1.1 + 0.5 * configIndex, 0, 2));
    return new RunResult(config, rep, configIndex, true, null, Map.of(), phases, samples,
        compactions, fillSeconds + readSeconds);
  }

  private static LatencySummary latency(Random random, double p50) {
    double m = p50 * (0.9 + 0.2 * random.nextDouble());
    return new LatencySummary(100_000, m * 1.2, m, m * 3, m * 8, m * 40, m * 400);
  }

  private static PhaseMetrics phase(String name, double seconds, Map<String, LatencySummary> lat,
      double writeAmp, double spaceAmp, Double probes, Double tablesRead, double stallSeconds,
      int compactions) {
    return new PhaseMetrics(name, 100_000, seconds, 100_000 / seconds, lat, writeAmp,
        writeAmp + 1, spaceAmp * 0.9, spaceAmp, 13_000_000, 14_000_000, 11_000_000,
        probes == null ? 0 : 100_000, probes, tablesRead,
        tablesRead == null ? null : tablesRead * 1.2, probes == null ? null : 0.8, 0, null,
        stallSeconds, Map.of("LEVEL0_FILES", stallSeconds), Map.of("LEVEL0_FILES", 3L),
        compactions, 50_000_000, 45_000_000, 80.0, 300.0, 400.0, 11_000_000, 11_500_000,
        (long) (11_000_000 * writeAmp));
  }

  /** Median, min and max of every metric, per phase, as the experiment computes them. */
  private static Map<String, Map<String, Stat>> stats(List<RunResult> runs) {
    Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
    for (RunResult r : runs) {
      for (PhaseMetrics p : r.phases()) {
        Metrics.flatten(p).forEach((k, v) -> {
          if (v != null) {
            values.computeIfAbsent(p.phase(), x -> new LinkedHashMap<>())
                .computeIfAbsent(k, x -> new ArrayList<>()).add(v);
          }
        });
      }
    }
    Map<String, Map<String, Stat>> stats = new LinkedHashMap<>();
    values.forEach((phase, metrics) -> metrics.forEach((k, v) -> {
      List<Double> sorted = v.stream().sorted().toList();
      int n = sorted.size();
      double median = n % 2 == 1 ? sorted.get(n / 2)
          : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      stats.computeIfAbsent(phase, x -> new LinkedHashMap<>())
          .put(k, new Stat(median, sorted.get(0), sorted.get(n - 1), n));
    }));
    return stats;
  }
}
