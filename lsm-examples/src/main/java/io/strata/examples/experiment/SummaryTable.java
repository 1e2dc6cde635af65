package io.strata.examples.experiment;

import io.strata.examples.experiment.model.Comparison;
import io.strata.examples.experiment.model.ConfigResult;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.LatencySummary;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.Stat;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The terminal summary of an experiment, or of two experiments' results ({@code experiment
 * compare}): per phase, a table with one row per configuration (two per configuration when
 * comparing: A, then B), and the columns ops/s, p99 latency of the phase's main operation (the
 * type with the most operations), write amplification, peak space amplification, filter probes
 * and tables read per get, stall seconds and compactions. Each cell holds the median, its ratio
 * to the reference row's median ({@code 0.62×}) and, when both have 5 or more runs, the
 * Mann-Whitney p-value. A column no row has a value for is left out. Stateless.
 */
final class SummaryTable {
  /** Operation types in the order that breaks ties when choosing a phase's main operation. */
  private static final List<String> OP_PREFERENCE = List.of("read", "scan", "seek", "update",
      "insert", "readmodifywrite", "write", "delete");

  /**
   * One column.
   *
   * @param header its heading
   * @param metric the metric it shows
   * @param format how a median is printed
   */
  record Column(String header, String metric, String format) {}

  /**
   * One row.
   *
   * @param label the configuration (and, comparing, which results)
   * @param medians per metric, the median
   * @param ratios per metric, the ratio to the reference row's median
   * @param pValues per metric, the p-value against the reference row's runs
   */
  record Row(String label, Map<String, Double> medians, Map<String, Double> ratios,
      Map<String, Double> pValues) {}

  private SummaryTable() {}

  /** The columns of a phase whose main operation is {@code mainOp} (null: none timed). */
  static List<Column> columns(String mainOp) {
    List<Column> c = new ArrayList<>();
    c.add(new Column("ops/s", "opsPerSecond", "%,.0f"));
    if (mainOp != null) {
      c.add(new Column(mainOp + " p99 µs", "latency." + mainOp + ".p99Micros", null));
    }
    c.add(new Column("write-amp", "writeAmp", "%.2f"));
    c.add(new Column("peak space-amp", "spaceAmpPeak", "%.2f"));
    c.add(new Column("probes/get", "filterProbesPerGet", "%.2f"));
    c.add(new Column("tables/get", "tablesReadPerGet", "%.2f"));
    c.add(new Column("stall s", "stallSeconds", "%.1f"));
    c.add(new Column("compactions", "compactions", null));
    return c;
  }

  /**
   * The main operation of phase {@code index}: the type with the most operations over the
   * completed runs, ties broken by {@link #OP_PREFERENCE}; null when no run timed any.
   */
  static String mainOp(List<RunResult> runs, int index) {
    Map<String, Long> counts = new TreeMap<>();
    for (RunResult r : runs) {
      if (r.ok() && index < r.phases().size()) {
        for (Map.Entry<String, LatencySummary> e : r.phases().get(index).latency().entrySet()) {
          counts.merge(e.getKey(), e.getValue().count(), Long::sum);
        }
      }
    }
    String best = null;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      if (best == null || e.getValue() > counts.get(best)
          || (e.getValue().equals(counts.get(best)) && rank(e.getKey()) < rank(best))) {
        best = e.getKey();
      }
    }
    return best;
  }

  private static int rank(String op) {
    int i = OP_PREFERENCE.indexOf(op);
    return i < 0 ? OP_PREFERENCE.size() : i;
  }

  /** Prints the summary of {@code result}: a table per phase, baseline first. */
  static void print(PrintWriter out, ExperimentResult result) {
    Map<String, Comparison> comparisons = new HashMap<>();
    for (Comparison c : result.comparisons()) {
      comparisons.put(c.config() + "\n" + c.phase() + "\n" + c.metric(), c);
    }
    List<String> keys = Aggregation.phaseKeys(result.workloads());
    for (int i = 0; i < keys.size(); i++) {
      String phase = keys.get(i);
      List<Row> rows = new ArrayList<>();
      boolean baseline = true;
      for (ConfigResult cr : result.configs()) {
        Map<String, Stat> stats = cr.metrics().getOrDefault(phase, Map.of());
        Map<String, Double> medians = new LinkedHashMap<>();
        Map<String, Double> ratios = new HashMap<>();
        Map<String, Double> p = new HashMap<>();
        for (Map.Entry<String, Stat> e : stats.entrySet()) {
          medians.put(e.getKey(), e.getValue().median());
          if (baseline) {
            ratios.put(e.getKey(), e.getValue().median() != 0 ? 1.0 : null);
          } else {
            Comparison c = comparisons.get(cr.config().name() + "\n" + phase + "\n" + e.getKey());
            if (c != null) {
              ratios.put(e.getKey(), c.ratio());
              p.put(e.getKey(), c.pValue());
            }
          }
        }
        String label = cr.config().name()
            + (cr.failedRuns() > 0 ? " (" + cr.failedRuns() + " failed)" : "");
        rows.add(new Row(label, medians, ratios, p));
        baseline = false;
      }
      printTable(out, phase, mainOp(result.runs(), i), rows);
    }
    out.flush();
  }

  /**
   * Prints results {@code b} against results {@code a}, for the configurations both hold (by
   * name) and the phases both ran (by key, in {@code a}'s order): per configuration a row for A
   * and one for B, B's ratios and p-values against A's runs.
   */
  static void printCompare(PrintWriter out, ExperimentResult a, ExperimentResult b) {
    List<String> keysA = Aggregation.phaseKeys(a.workloads());
    List<String> keysB = Aggregation.phaseKeys(b.workloads());
    List<String> names = new ArrayList<>();
    for (ConfigResult c : a.configs()) {
      String name = c.config().name();
      if (b.configs().stream().anyMatch(x -> x.config().name().equals(name))) {
        names.add(name);
      }
    }
    reportOnlyIn(out, "A", a, names);
    reportOnlyIn(out, "B", b, names);
    if (names.isEmpty()) {
      out.println("no configuration of the same name in both results");
      out.flush();
      return;
    }
    Map<String, Map<String, Map<String, List<Double>>>> valuesA = new HashMap<>();
    Map<String, Map<String, Map<String, List<Double>>>> valuesB = new HashMap<>();
    for (String name : names) {
      valuesA.put(name, Aggregation.values(a.workloads(), Aggregation.runsOf(name, a.runs())));
      valuesB.put(name, Aggregation.values(b.workloads(), Aggregation.runsOf(name, b.runs())));
    }
    for (int i = 0; i < keysA.size(); i++) {
      String phase = keysA.get(i);
      if (!keysB.contains(phase)) {
        continue;
      }
      List<Row> rows = new ArrayList<>();
      for (String name : names) {
        Map<String, List<Double>> va = valuesA.get(name).getOrDefault(phase, Map.of());
        Map<String, List<Double>> vb = valuesB.get(name).getOrDefault(phase, Map.of());
        Map<String, Double> mediansA = new LinkedHashMap<>();
        Map<String, Double> ratiosA = new HashMap<>();
        va.forEach((m, v) -> {
          double median = Aggregation.stat(v).median();
          mediansA.put(m, median);
          ratiosA.put(m, median != 0 ? 1.0 : null);
        });
        Map<String, Double> mediansB = new LinkedHashMap<>();
        Map<String, Double> ratiosB = new HashMap<>();
        Map<String, Double> pB = new HashMap<>();
        vb.forEach((m, v) -> {
          mediansB.put(m, Aggregation.stat(v).median());
          ratiosB.put(m, Aggregation.ratio(va.get(m), v));
          pB.put(m, va.containsKey(m) ? Aggregation.pValue(va.get(m), v) : null);
        });
        rows.add(new Row(name + "  A", mediansA, ratiosA, Map.of()));
        rows.add(new Row(name + "  B", mediansB, ratiosB, pB));
      }
      printTable(out, phase, mainOp(a.runs(), i), rows);
    }
    out.flush();
  }

  private static void reportOnlyIn(PrintWriter out, String which, ExperimentResult r,
      List<String> common) {
    for (ConfigResult c : r.configs()) {
      if (!common.contains(c.config().name())) {
        out.println("only in " + which + ": " + c.config().name());
      }
    }
  }

  /** Prints one phase's table. */
  static void printTable(PrintWriter out, String phase, String mainOp, List<Row> rows) {
    List<Column> columns = new ArrayList<>();
    for (Column c : columns(mainOp)) {
      if (rows.stream().anyMatch(r -> r.medians().get(c.metric()) != null)) {
        columns.add(c);
      }
    }
    out.println();
    out.println(phase + (mainOp != null ? "  (main operation: " + mainOp + ")" : ""));
    if (columns.isEmpty()) {
      out.println("  no completed run measured this phase");
      return;
    }
    List<String[]> cells = new ArrayList<>();
    String[] header = new String[columns.size() + 1];
    header[0] = "config";
    for (int c = 0; c < columns.size(); c++) {
      header[c + 1] = columns.get(c).header();
    }
    cells.add(header);
    for (Row r : rows) {
      String[] line = new String[columns.size() + 1];
      line[0] = r.label();
      for (int c = 0; c < columns.size(); c++) {
        line[c + 1] = cell(columns.get(c), r);
      }
      cells.add(line);
    }
    int[] width = new int[header.length];
    for (String[] line : cells) {
      for (int c = 0; c < line.length; c++) {
        width[c] = Math.max(width[c], line[c].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder sb = new StringBuilder(" ");
      for (int c = 0; c < line.length; c++) {
        sb.append(' ');
        String pad = " ".repeat(width[c] - line[c].length());
        sb.append(c == 0 ? line[c] + pad : pad + line[c]);
        sb.append(c == 0 ? " " : "");
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  /** A cell: the median, the ratio and the p-value when there is one. */
  static String cell(Column column, Row row) {
    Double median = row.medians().get(column.metric());
    if (median == null) {
      return "-";
    }
    StringBuilder sb = new StringBuilder(value(column, median));
    Double ratio = row.ratios().get(column.metric());
    sb.append(' ').append(ratio == null ? "  -  " : ratio(ratio));
    Double p = row.pValues().get(column.metric());
    if (p != null) {
      sb.append(' ').append(pValue(p));
    }
    return sb.toString();
  }

  static String value(Column column, double v) {
    if (column.format() != null) {
      return String.format(Locale.ROOT, column.format(), v);
    }
    if (v == Math.rint(v) || Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
  }

  /** {@code 0.62×}; {@code 123×} from 100 up. */
  static String ratio(double r) {
    return String.format(Locale.ROOT, r >= 99.995 ? "%.0f×" : "%.2f×", r);
  }

  /** {@code p=0.012}, or {@code p<0.001}. */
  static String pValue(double p) {
    return p < 0.001 ? "p<0.001" : String.format(Locale.ROOT, "p=%.3f", p);
  }
}
