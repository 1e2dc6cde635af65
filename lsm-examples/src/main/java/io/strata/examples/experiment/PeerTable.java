package io.strata.examples.experiment;

import io.strata.examples.experiment.model.ConfigResult;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.LatencySummary;
import io.strata.examples.experiment.model.PeerRatio;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.Stat;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The terminal summary of an experiment with peer engines, printed after {@link SummaryTable}'s:
 * per phase and configuration the median ops/s with its spread (min–max over the repetitions),
 * write amplification and disk bytes once settled; then Strata's ratio to each peer, taken within
 * each repetition ({@link PeerRatio}), one row per phase and one column per Strata configuration
 * and peer, as {@code median× (min–max)}; and for YCSB phases, per operation type, throughput
 * and p50/p99/p99.9 ({@link #printOperations}). Prints nothing for an experiment of Strata alone
 * without YCSB phases. Stateless.
 */
final class PeerTable {
  private PeerTable() {}

  /**
   * Prints both tables of {@code result} when it holds peer ratios, and the per-operation table
   * of its YCSB phases when it has some.
   */
  static void print(PrintWriter out, ExperimentResult result) {
    if (!result.peerRatios().isEmpty()) {
      printPeers(out, result);
    }
    printOperations(out, result);
    out.flush();
  }

  /**
   * Per YCSB phase ({@code ycsb-*}), configuration and operation type: operations, their
   * throughput (operations ÷ the time spent in them, one over the mean latency, so that time
   * outside the operations, such as a peer's log replay at open, is not counted), p50, p99 and
   * p99.9 in microseconds; medians over the completed runs.
   */
  static void printOperations(PrintWriter out, ExperimentResult result) {
    List<String> phases = Aggregation.phaseKeys(result.workloads());
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"workload", "engine", "operation", "ops", "ops/s", "p50 µs",
        "p99 µs", "p99.9 µs"});
    for (int i = 0; i < phases.size(); i++) {
      if (!phases.get(i).startsWith("ycsb")) {
        continue;
      }
      for (ConfigResult c : result.configs()) {
        Map<String, List<LatencySummary>> byOp = new TreeMap<>();
        for (RunResult r : Aggregation.runsOf(c.config().name(), result.runs())) {
          if (r.ok() && i < r.phases().size()) {
            r.phases().get(i).latency().forEach((op, l) ->
                byOp.computeIfAbsent(op, k -> new ArrayList<>()).add(l));
          }
        }
        for (Map.Entry<String, List<LatencySummary>> e : byOp.entrySet()) {
          List<LatencySummary> l = e.getValue();
          rows.add(new String[] {phases.get(i), c.config().name(), e.getKey(),
              fmt("%,.0f", median(l, x -> (double) x.count())),
              fmt("%,.0f", median(l, x -> x.meanMicros() > 0 ? 1e6 / x.meanMicros() : 0)),
              fmt("%.1f", median(l, LatencySummary::p50Micros)),
              fmt("%.1f", median(l, LatencySummary::p99Micros)),
              fmt("%.1f", median(l, LatencySummary::p999Micros))});
        }
      }
    }
    if (rows.size() == 1) {
      return;
    }
    out.println();
    out.println("per operation type (YCSB phases): ops/s = operations / time spent in them;"
        + " medians over the runs");
    printRows(out, rows, 3);
  }

  private static double median(List<LatencySummary> values,
      ToDoubleFunction<LatencySummary> f) {
    return Aggregation.stat(values.stream().map(v -> f.applyAsDouble(v)).toList()).median();
  }

  private static void printPeers(PrintWriter out, ExperimentResult result) {
    List<String> phases = Aggregation.phaseKeys(result.workloads());
    out.println();
    out.println("per engine: ops/s median (min-max over " + result.reps()
        + " repetitions), write-amp and disk MB after the phase, settled");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"workload", "engine", "ops/s", "(min-max)", "write-amp", "disk MB"});
    for (String phase : phases) {
      for (ConfigResult c : result.configs()) {
        Map<String, Stat> m = c.metrics().getOrDefault(phase, Map.of());
        Stat ops = m.get("opsPerSecond");
        if (ops == null) {
          continue;
        }
        Stat amp = m.get("writeAmp");
        Stat disk = m.get("diskBytesFinal");
        rows.add(new String[] {phase, c.config().name(), fmt("%,.0f", ops.median()),
            "(" + fmt("%,.0f", ops.min()) + "-" + fmt("%,.0f", ops.max()) + ")",
            amp == null ? "-" : fmt("%.2f", amp.median()),
            disk == null ? "-" : fmt("%.1f", disk.median() / 1e6)});
      }
    }
    printRows(out, rows, 2);

    Map<String, Map<String, PeerRatio>> byColumn = new LinkedHashMap<>();
    for (PeerRatio r : result.peerRatios()) {
      if (r.metric().equals("opsPerSecond")) {
        byColumn.computeIfAbsent(r.config() + " / " + r.peer(), k -> new LinkedHashMap<>())
            .put(r.phase(), r);
      }
    }
    out.println();
    out.println("Strata / peer, ops/s ratio within each repetition: median (min-max)");
    List<String[]> ratios = new ArrayList<>();
    List<String> columns = new ArrayList<>(byColumn.keySet());
    String[] header = new String[columns.size() + 1];
    header[0] = "workload";
    for (int i = 0; i < columns.size(); i++) {
      header[i + 1] = columns.get(i);
    }
    ratios.add(header);
    for (String phase : phases) {
      String[] line = new String[columns.size() + 1];
      line[0] = phase;
      for (int i = 0; i < columns.size(); i++) {
        PeerRatio r = byColumn.get(columns.get(i)).get(phase);
        line[i + 1] = r == null ? "-" : cell(r.ratio());
      }
      ratios.add(line);
    }
    printRows(out, ratios, 1);
  }

  /** {@code 1.23× (1.10-1.31)}; the range is left out for a single repetition. */
  static String cell(Stat s) {
    String median = fmt("%.2f×", s.median());
    return s.n() < 2 ? median : median + " (" + fmt("%.2f", s.min()) + "-" + fmt("%.2f", s.max())
        + ")";
  }

  /** Prints {@code rows} in aligned columns, the first {@code left} of them left-aligned. */
  private static void printRows(PrintWriter out, List<String[]> rows, int left) {
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder(" ");
      for (int c = 0; c < r.length; c++) {
        String pad = " ".repeat(width[c] - r[c].length());
        sb.append("  ").append(c < left ? r[c] + pad : pad + r[c]);
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  private static String fmt(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }
}
