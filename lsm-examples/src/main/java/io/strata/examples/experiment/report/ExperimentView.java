package io.strata.examples.experiment.report;

import com.google.common.collect.ImmutableList;
import io.strata.examples.experiment.model.Comparison;
import io.strata.examples.experiment.model.ConfigResult;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.PhaseMetrics;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.Stat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The questions the charts and tables ask of an {@link ExperimentResult}: the phases in order, a
 * configuration's statistic of a metric, the comparison with the baseline, a phase's main
 * operation types, a configuration's representative run. Immutable.
 */
final class ExperimentView {
  /** The latency percentiles shown, as {@code Metrics} suffixes, with their labels. */
  static final List<String> PERCENTILES =
      List.of("p50Micros", "p95Micros", "p99Micros", "p999Micros");

  static final List<String> PERCENTILE_LABELS = List.of("p50", "p95", "p99", "p99.9");

  /** At most this many operation types of a phase count as its main ones. */
  private static final int MAX_MAIN_OPS = 3;

  /** An operation type counts as main if it made at least this share of the phase's operations. */
  private static final double MAIN_OP_SHARE = 0.05;

  private static final Pattern LATENCY = Pattern.compile("latency\\.(.+)\\.p99Micros");

  private final ExperimentResult result;
  private final ImmutableList<String> phases;
  private final Map<String, Comparison> comparisons = new HashMap<>();

  ExperimentView(ExperimentResult result) {
    this.result = result;
    Set<String> p = new LinkedHashSet<>(result.workloads());
    for (ConfigResult c : result.configs()) {
      p.addAll(c.metrics().keySet());
    }
    this.phases = ImmutableList.copyOf(p);
    for (Comparison c : result.comparisons()) {
      comparisons.put(key(c.config(), c.phase(), c.metric()), c);
    }
  }

  ExperimentResult result() {
    return result;
  }

  /** The phases: the workloads in order, then any other phase a configuration measured. */
  ImmutableList<String> phases() {
    return phases;
  }

  List<ConfigResult> configs() {
    return result.configs();
  }

  /** The statistic of {@code metric} for {@code config} in {@code phase}, if it was measured. */
  Optional<Stat> stat(ConfigResult config, String phase, String metric) {
    Map<String, Stat> m = config.metrics().get(phase);
    Stat s = m == null ? null : m.get(metric);
    if (s == null || s.n() == 0 || !Double.isFinite(s.median())) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** The median of {@code metric}, or null if it was not measured: the form XChart takes. */
  Double median(ConfigResult config, String phase, String metric) {
    return stat(config, phase, metric).map(Stat::median).orElse(null);
  }

  /** Whether any configuration measured {@code metric} in {@code phase}. */
  boolean measured(String phase, String metric) {
    return configs().stream().anyMatch(c -> stat(c, phase, metric).isPresent());
  }

  /** The last phase in which some configuration measured {@code metric}. */
  Optional<String> lastPhaseWith(String metric) {
    for (int i = phases.size() - 1; i >= 0; i--) {
      if (measured(phases.get(i), metric)) {
        return Optional.of(phases.get(i));
      }
    }
    return Optional.empty();
  }

  /** {@code config}'s comparison with the baseline on {@code metric} in {@code phase}. */
  Optional<Comparison> comparison(String config, String phase, String metric) {
    return Optional.ofNullable(comparisons.get(key(config, phase, metric)));
  }

  /**
   * The main operation types of {@code phase}: those with a p99 latency that made at least 5% of
   * the phase's operations in some run (all of them if no run says), at most three, the most
   * frequent first.
   */
  List<String> mainOps(String phase) {
    Set<String> ops = new LinkedHashSet<>();
    for (ConfigResult c : configs()) {
      Map<String, Stat> m = c.metrics().get(phase);
      if (m != null) {
        for (String name : m.keySet()) {
          Matcher matcher = LATENCY.matcher(name);
          if (matcher.matches()) {
            ops.add(matcher.group(1));
          }
        }
      }
    }
    Map<String, Double> share = new HashMap<>();
    for (RunResult r : result.runs()) {
      for (PhaseMetrics p : r.phases()) {
        if (p.phase().equals(phase) && p.operations() > 0) {
          p.latency().forEach((op, l) -> share.merge(op,
              (double) l.count() / p.operations(), Math::max));
        }
      }
    }
    List<String> main = new ArrayList<>();
    for (String op : ops) {
      if (share.isEmpty() || share.getOrDefault(op, 0.0) >= MAIN_OP_SHARE) {
        main.add(op);
      }
    }
    main.sort(Comparator.comparing((String op) -> -share.getOrDefault(op, 0.0)));
    return main.subList(0, Math.min(MAX_MAIN_OPS, main.size()));
  }

  /**
   * The run that stands for {@code config} in the time-series charts: among its completed runs
   * with samples, the one with the median throughput over all phases (the lower of the two
   * middle ones for an even count).
   */
  Optional<RunResult> representativeRun(String config) {
    List<RunResult> runs = new ArrayList<>();
    for (RunResult r : result.runs()) {
      if (r.config().equals(config) && r.ok() && !r.samples().isEmpty()) {
        runs.add(r);
      }
    }
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    runs.sort(Comparator.comparingDouble(ExperimentView::throughput)
        .thenComparingInt(RunResult::repetition));
    return Optional.of(runs.get((runs.size() - 1) / 2));
  }

  /** Operations per second over all of {@code run}'s phases. */
  private static double throughput(RunResult run) {
    double ops = 0;
    double seconds = 0;
    for (PhaseMetrics p : run.phases()) {
      ops += p.operations();
      seconds += p.seconds();
    }
    return seconds > 0 ? ops / seconds : 0;
  }

  private static String key(String config, String phase, String metric) {
    return config + '\u0000' + phase + '\u0000' + metric;
  }
}
