package io.strata.examples.experiment;

import io.strata.examples.experiment.model.ConfigResult;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.PeerRatio;
import io.strata.examples.experiment.model.Stat;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The terminal summary of an experiment with peer engines, printed after {@link SummaryTable}'s:
 * per phase and configuration the median ops/s with its spread (min–max over the repetitions),
 * write amplification and disk bytes once settled; then Strata's ratio to each peer, taken within
 * each repetition ({@link PeerRatio}), one row per phase and one column per Strata configuration
 * and peer, as {@code median× (min–max)}. Prints nothing when the experiment ran no peer.
 * Stateless.
 */
final class PeerTable {
  private PeerTable() {}

  /** Prints both tables of {@code result}, or nothing when it holds no peer ratio. */
  static void print(PrintWriter out, ExperimentResult result) {
    if (result.peerRatios().isEmpty()) {
      return;
    }
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
    printRows(out, rows);

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
    printRows(out, ratios);
    out.flush();
  }

  /** {@code 1.23× (1.10-1.31)}; the range is left out for a single repetition. */
  static String cell(Stat s) {
    String median = fmt("%.2f×", s.median());
    return s.n() < 2 ? median : median + " (" + fmt("%.2f", s.min()) + "-" + fmt("%.2f", s.max())
        + ")";
  }

  private static void printRows(PrintWriter out, List<String[]> rows) {
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
        sb.append("  ").append(c < 2 ? r[c] + pad : pad + r[c]);
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  private static String fmt(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }
}
