package io.strata.examples.experiment;

import io.strata.examples.experiment.model.Comparison;
import io.strata.examples.experiment.model.ConfigResult;
import io.strata.examples.experiment.model.ConfigSpec;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.Metrics;
import io.strata.examples.experiment.model.PeerRatio;
import io.strata.examples.experiment.model.PhaseMetrics;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.Stat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * From runs to statistics: per configuration, phase and metric ({@link Metrics#flatten}) the
 * median, min and max over the completed runs; per later configuration the ratio of its median
 * to the baseline's and, with {@value #MIN_RUNS_FOR_P_VALUE} or more runs on both sides, the
 * two-sided Mann-Whitney U test's p-value; per Strata configuration and peer engine, ratios taken
 * within each repetition ({@link #peerRatios}).
 *
 * <p>Phases are keyed by name; a name that appears more than once in the workloads is keyed
 * {@code name#2}, {@code name#3}, ... from its second appearance ({@link #phaseKeys}), and a
 * run's i-th {@link PhaseMetrics} is the i-th phase. A metric a run left null (a ratio with a
 * zero denominator) or not finite is not counted: {@link Stat#n()} says how many runs measured
 * it. Stateless.
 */
final class Aggregation {
  /** Runs needed on each side for a p-value: fewer give no test worth the name. */
  static final int MIN_RUNS_FOR_P_VALUE = 5;

  private Aggregation() {}

  /** The key of each phase of {@code workloads}, in order (see the class comment). */
  static List<String> phaseKeys(List<String> workloads) {
    Map<String, Integer> seen = new HashMap<>();
    List<String> keys = new ArrayList<>();
    for (String w : workloads) {
      int n = seen.merge(w, 1, Integer::sum);
      keys.add(n == 1 ? w : w + "#" + n);
    }
    return keys;
  }

  /**
   * The values of the completed ({@code ok}) runs among {@code runs}: per phase key, per metric,
   * one value per run that measured it, phases and metrics in order of first appearance.
   */
  static Map<String, Map<String, List<Double>>> values(List<String> workloads,
      List<RunResult> runs) {
    List<String> keys = phaseKeys(workloads);
    Map<String, Map<String, List<Double>>> byPhase = new LinkedHashMap<>();
    for (String key : keys) {
      byPhase.put(key, new LinkedHashMap<>());
    }
    for (RunResult run : runs) {
      if (!run.ok()) {
        continue;
      }
      for (int i = 0; i < run.phases().size() && i < keys.size(); i++) {
        Map<String, List<Double>> metrics = byPhase.get(keys.get(i));
        for (Map.Entry<String, Double> e : Metrics.flatten(run.phases().get(i)).entrySet()) {
          Double v = e.getValue();
          if (v != null && Double.isFinite(v)) {
            metrics.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(v);
          }
        }
      }
    }
    return byPhase;
  }

  /** The median (mean of the middle two for an even count), min, max and count of values. */
  static Stat stat(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return new Stat(median, v[0], v[n - 1], n);
  }

  /**
   * The two-sided Mann-Whitney U p-value of samples {@code a} and {@code b} (normal
   * approximation, as commons-math computes it), or null when either has fewer than
   * {@value #MIN_RUNS_FOR_P_VALUE} values.
   */
  static Double pValue(List<Double> a, List<Double> b) {
    if (a.size() < MIN_RUNS_FOR_P_VALUE || b.size() < MIN_RUNS_FOR_P_VALUE) {
      return null;
    }
    double p = new MannWhitneyUTest().mannWhitneyUTest(toArray(a), toArray(b));
    return Double.isFinite(p) ? p : null;
  }

  /** {@code other}'s median over {@code base}'s, or null if either is absent or base's is 0. */
  static Double ratio(List<Double> base, List<Double> other) {
    if (base == null || other == null || base.isEmpty() || other.isEmpty()) {
      return null;
    }
    double b = stat(base).median();
    return b == 0 ? null : stat(other).median() / b;
  }

  /** {@code config}'s result over {@code runs}, the runs of that configuration. */
  static ConfigResult configResult(ConfigSpec config, List<String> workloads,
      List<RunResult> runs) {
    Map<String, Map<String, Stat>> metrics = new LinkedHashMap<>();
    values(workloads, runs).forEach((phase, byMetric) -> {
      Map<String, Stat> stats = new LinkedHashMap<>();
      byMetric.forEach((metric, v) -> stats.put(metric, stat(v)));
      metrics.put(phase, stats);
    });
    List<String> failures = new ArrayList<>();
    int ok = 0;
    for (RunResult r : runs) {
      if (r.ok()) {
        ok++;
      } else {
        failures.add("repetition " + r.repetition() + ": " + r.error());
      }
    }
    return new ConfigResult(config, ok, runs.size() - ok, failures, metrics);
  }

  /**
   * Each metric of each phase of configuration {@code config} against {@code baseline}, over
   * the values of their runs, for the metrics both measured.
   */
  static List<Comparison> compare(String baseline, String config,
      Map<String, Map<String, List<Double>>> baseValues,
      Map<String, Map<String, List<Double>>> values) {
    List<Comparison> out = new ArrayList<>();
    baseValues.forEach((phase, baseMetrics) -> {
      Map<String, List<Double>> metrics = values.getOrDefault(phase, Map.of());
      baseMetrics.forEach((metric, base) -> {
        List<Double> other = metrics.get(metric);
        if (other != null && !other.isEmpty() && !base.isEmpty()) {
          out.add(new Comparison(baseline, config, phase, metric, ratio(base, other),
              pValue(base, other)));
        }
      });
    });
    return out;
  }

  /** The runs of configuration {@code name} among {@code runs}, by repetition. */
  static List<RunResult> runsOf(String name, List<RunResult> runs) {
    return runs.stream().filter(r -> r.config().equals(name))
        .sorted((x, y) -> Integer.compare(x.repetition(), y.repetition())).toList();
  }

  /**
   * The experiment's result: {@code runs} of {@code plan}, aggregated per configuration, and the
   * later configurations compared with the first.
   */
  static ExperimentResult result(ExperimentPlan plan, String strataVersion, String startedAt,
      List<RunResult> runs) {
    List<ConfigResult> configs = new ArrayList<>();
    List<Comparison> comparisons = new ArrayList<>();
    ConfigSpec baseline = plan.configs().get(0);
    Map<String, Map<String, List<Double>>> baseValues =
        values(plan.workloads(), runsOf(baseline.name(), runs));
    for (ConfigSpec c : plan.configs()) {
      List<RunResult> mine = runsOf(c.name(), runs);
      configs.add(configResult(c, plan.workloads(), mine));
      if (c != baseline) {
        comparisons.addAll(compare(baseline.name(), c.name(), baseValues,
            values(plan.workloads(), mine)));
      }
    }
    return new ExperimentResult(ExperimentResult.SCHEMA_VERSION, strataVersion, startedAt,
        plan.workloads(), plan.num(), plan.valueSizeBytes(), plan.reps(), plan.seed(),
        plan.sampleMillis(), plan.jvmFlags(), configs, comparisons, runs,
        peerRatios(plan.configs(), plan.workloads(), plan.reps(), runs));
  }

  /** The metrics whose ratios to each peer are taken within each repetition. */
  static final List<String> PEER_RATIO_METRICS = List.of("opsPerSecond", "writeAmp",
      "diskBytesFinal");

  /**
   * Every Strata configuration of {@code configs} against every peer engine of it, per phase
   * and metric of {@link #PEER_RATIO_METRICS}: in each repetition, the Strata run's value over
   * the peer run's, both runs completed and both values present (the peer's not 0); then their
   * median, min and max. A pair with no such repetition for a metric is left out.
   */
  static List<PeerRatio> peerRatios(List<ConfigSpec> configs, List<String> workloads, int reps,
      List<RunResult> runs) {
    List<String> keys = phaseKeys(workloads);
    List<PeerRatio> out = new ArrayList<>();
    for (ConfigSpec strata : configs) {
      if (strata.isPeer()) {
        continue;
      }
      for (ConfigSpec peer : configs) {
        if (!peer.isPeer()) {
          continue;
        }
        Map<Integer, RunResult> mine = byRepetition(runsOf(strata.name(), runs));
        Map<Integer, RunResult> theirs = byRepetition(runsOf(peer.name(), runs));
        for (int i = 0; i < keys.size(); i++) {
          for (String metric : PEER_RATIO_METRICS) {
            List<Double> perRep = new ArrayList<>();
            List<Double> present = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
              Double ratio = ratioIn(mine.get(r), theirs.get(r), i, metric);
              perRep.add(ratio);
              if (ratio != null) {
                present.add(ratio);
              }
            }
            if (!present.isEmpty()) {
              out.add(new PeerRatio(strata.name(), peer.name(), keys.get(i), metric,
                  stat(present), perRep));
            }
          }
        }
      }
    }
    return out;
  }

  private static Map<Integer, RunResult> byRepetition(List<RunResult> runs) {
    Map<Integer, RunResult> m = new HashMap<>();
    for (RunResult r : runs) {
      if (r.ok()) {
        m.put(r.repetition(), r);
      }
    }
    return m;
  }

  /** {@code a}'s value of {@code metric} in phase {@code index} over {@code b}'s, or null. */
  private static Double ratioIn(RunResult a, RunResult b, int index, String metric) {
    if (a == null || b == null || index >= a.phases().size() || index >= b.phases().size()) {
      return null;
    }
    Double x = Metrics.flatten(a.phases().get(index)).get(metric);
    Double y = Metrics.flatten(b.phases().get(index)).get(metric);
    if (x == null || y == null || y == 0 || !Double.isFinite(x) || !Double.isFinite(y)) {
      return null;
    }
    return x / y;
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
