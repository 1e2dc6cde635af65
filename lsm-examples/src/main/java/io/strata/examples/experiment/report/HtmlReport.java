package io.strata.examples.experiment.report;

import static io.strata.examples.experiment.report.Html.escape;

import io.strata.examples.experiment.model.Comparison;
import io.strata.examples.experiment.model.ConfigResult;
import io.strata.examples.experiment.model.ConfigSpec;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.Metrics;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.Stat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The report page: one self-contained HTML document with the experiment's settings, a summary
 * table per phase, the charts as inline SVG, the failures and a glossary of the metrics. It loads
 * nothing: the style sheet is inline and links point only at the files beside it. Every text
 * taken from the experiment is escaped. Confined to one thread.
 */
final class HtmlReport {
  /**
   * A chart of the page: the figure and its SVG markup, ready to inline; empty markup for a
   * figure only linked to.
   */
  record Embedded(Figure figure, String svgMarkup) {}

  private record Column(String metric, String label) {}

  private static final String STYLE = """
      body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
        margin:0 auto;max-width:1280px;padding:0 24px 48px;color:#222;background:#fff}
      h1{margin:24px 0 4px}h2{margin-top:40px;border-bottom:1px solid #ddd;padding-bottom:4px}
      table{border-collapse:collapse;margin:8px 0 16px}
      th,td{border:1px solid #ddd;padding:4px 8px;vertical-align:top}
      th{background:#f4f6f8;text-align:left;font-weight:600}
      table.summary td{text-align:right;white-space:nowrap}
      table.summary td.name{text-align:left}
      .rng,.cmp{display:block;font-size:12px;color:#666}
      .better{color:#1a7f37;font-weight:600}.worse{color:#b42318;font-weight:600}
      .swatch{display:inline-block;width:11px;height:11px;margin-right:6px;border-radius:2px}
      code{font:13px ui-monospace,"DejaVu Sans Mono",monospace;background:#f4f6f8;padding:1px 3px}
      figure{margin:16px 0 32px}figcaption{font-size:13px;color:#555;margin-top:4px}
      svg.chart{width:100%;height:auto;display:block}
      .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:8px}
      dt{font-weight:600;margin-top:8px}dd{margin-left:16px}
      pre{white-space:pre-wrap;background:#fbf3f2;padding:8px;border:1px solid #f0d0cc}
      """;

  private final ExperimentView view;
  private final StringBuilder out = new StringBuilder(1 << 16);

  private HtmlReport(ExperimentView view) {
    this.view = view;
  }

  /**
   * The page.
   *
   * @param charts the charts to embed, in order; the staircase panels ({@code staircase-*}) are
   *     laid out in a grid
   * @param files names of the files beside the report to link to, e.g. {@code results.json}
   */
  static String render(ExperimentView view, List<Embedded> charts, List<String> files) {
    HtmlReport r = new HtmlReport(view);
    r.page(charts, files);
    return r.out.toString();
  }

  private void page(List<Embedded> charts, List<String> files) {
    ExperimentResult e = view.result();
    String title = "Strata experiment: " + String.join(", ", e.workloads());
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(title)).append("</title>\n<style>\n")
        .append(STYLE).append("</style>\n</head>\n<body>\n");
    out.append("<h1>").append(escape(title)).append("</h1>\n");
    header(e);
    configurations(e);
    out.append("<h2 id=\"summary\">Summary</h2>\n<p>Each cell: the median over the completed ")
        .append("runs, then min–max, then the ratio to the baseline (")
        .append(escape(e.configs().isEmpty() ? "" : e.configs().get(0).config().name()))
        .append(") and, with 5 or more runs, the Mann-Whitney p-value; significant ")
        .append("(p&lt;0.05) ratios are colored <span class=\"better\">better</span> or ")
        .append("<span class=\"worse\">worse</span>.</p>\n");
    for (String phase : view.phases()) {
      summary(phase);
    }
    out.append("<h2 id=\"charts\">Charts</h2>\n");
    charts(charts);
    failures(e);
    glossary();
    links(files);
    out.append("</body>\n</html>\n");
  }

  private void header(ExperimentResult e) {
    out.append("<table class=\"meta\">\n");
    row("Strata version", e.strataVersion());
    row("Started at", e.startedAt());
    row("Workloads (phases, in order)", String.join(", ", e.workloads()));
    row("Keys or records (--num)", String.format("%,d", e.num()));
    row("Value size", e.valueSizeBytes() + " bytes");
    row("Repetitions per configuration", Integer.toString(e.reps()));
    row("Seed", Long.toString(e.seed()));
    row("Sampling interval", e.sampleMillis() + " ms");
    out.append("<tr><th>JVM flags</th><td>");
    if (e.jvmFlags().isEmpty()) {
      out.append("(none)");
    }
    for (String flag : e.jvmFlags()) {
      out.append("<code>").append(escape(flag)).append("</code> ");
    }
    out.append("</td></tr>\n</table>\n");
  }

  private void row(String label, String value) {
    out.append("<tr><th>").append(escape(label)).append("</th><td>").append(escape(value))
        .append("</td></tr>\n");
  }

  private void configurations(ExperimentResult e) {
    out.append("<h2 id=\"configurations\">Configurations</h2>\n<table>\n<tr><th>name</th>")
        .append("<th>strategy</th><th>strategy options</th><th>engine options</th>")
        .append("<th>runs completed</th><th>runs failed</th></tr>\n");
    for (int i = 0; i < e.configs().size(); i++) {
      ConfigResult c = e.configs().get(i);
      ConfigSpec s = c.config();
      out.append("<tr><td>");
      swatch(i);
      out.append(escape(s.name())).append(i == 0 ? " (baseline)" : "").append("</td><td>")
          .append(escape(s.strategy())).append("</td><td>").append(options(s.strategyOptions()))
          .append("</td><td>").append(options(s.engineOptions())).append("</td><td>")
          .append(c.runs()).append("</td><td>").append(c.failedRuns()).append("</td></tr>\n");
    }
    out.append("</table>\n");
  }

  private static String options(Map<String, String> options) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(options).forEach((k, v) ->
        b.append("<code>").append(escape(k + "=" + v)).append("</code> "));
    return b.length() == 0 ? "(defaults)" : b.toString().strip();
  }

  private void swatch(int configIndex) {
    out.append(String.format("<span class=\"swatch\" style=\"background:#%06x\"></span>",
        ChartStyle.configColor(configIndex).getRGB() & 0xFFFFFF));
  }

  private void summary(String phase) {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("opsPerSecond", "ops/s"));
    for (String op : view.mainOps(phase)) {
      columns.add(new Column("latency." + op + ".p99Micros", op + " p99 (µs)"));
    }
    columns.add(new Column("writeAmp", "write-amp"));
    columns.add(new Column("spaceAmpPeak", "peak space-amp"));
    columns.add(new Column("filterProbesPerGet", "filters probed / get"));
    columns.add(new Column("tablesReadPerGet", "tables read / get"));
    columns.add(new Column("dataBlocksPerGet", "data blocks / get"));
    columns.add(new Column("filterUsefulness", "filter usefulness"));
    columns.add(new Column("stallSeconds", "stalls (s)"));
    columns.add(new Column("compactions", "compactions"));
    columns.removeIf(c -> !view.measured(phase, c.metric()));
    if (columns.isEmpty()) {
      return;
    }
    out.append("<h3>").append(escape(phase)).append("</h3>\n<table class=\"summary\">\n<tr>")
        .append("<th>configuration</th>");
    for (Column c : columns) {
      out.append("<th>").append(escape(c.label())).append("</th>");
    }
    out.append("</tr>\n");
    for (int i = 0; i < view.configs().size(); i++) {
      ConfigResult config = view.configs().get(i);
      out.append("<tr><td class=\"name\">");
      swatch(i);
      out.append(escape(config.config().name())).append("</td>");
      for (Column c : columns) {
        cell(config, i == 0, phase, c.metric());
      }
      out.append("</tr>\n");
    }
    out.append("</table>\n");
  }

  private void cell(ConfigResult config, boolean baseline, String phase, String metric) {
    Optional<Stat> stat = view.stat(config, phase, metric);
    out.append("<td>");
    if (stat.isEmpty()) {
      out.append("–</td>");
      return;
    }
    Stat s = stat.get();
    out.append(Html.number(s.median()));
    if (s.n() > 1) {
      out.append("<span class=\"rng\">").append(Html.number(s.min())).append("–")
          .append(Html.number(s.max())).append("</span>");
    }
    if (baseline) {
      out.append("<span class=\"cmp\">baseline</span>");
    } else {
      Optional<Comparison> c = view.comparison(config.config().name(), phase, metric);
      if (c.isPresent() && c.get().ratio() != null) {
        Double p = c.get().pValue();
        String verdict = "";
        if (p != null && p < 0.05 && c.get().ratio() != 1.0) {
          boolean higher = c.get().ratio() > 1.0;
          verdict = higher == Metrics.higherIsBetter(metric) ? " better" : " worse";
        }
        out.append("<span class=\"cmp").append(verdict).append("\">×")
            .append(Html.number(c.get().ratio()));
        if (p != null) {
          out.append(' ').append(escape(Html.pValue(p)));
        }
        out.append("</span>");
      }
    }
    out.append("</td>");
  }

  private void charts(List<Embedded> charts) {
    boolean inGrid = false;
    for (Embedded c : charts) {
      boolean staircase = c.figure().slug().startsWith("staircase-");
      if (staircase && !inGrid) {
        out.append("<div class=\"grid\">\n");
      } else if (!staircase && inGrid) {
        out.append("</div>\n");
      }
      inGrid = staircase;
      String slug = escape(c.figure().slug());
      if (c.svgMarkup().isEmpty()) {
        out.append("<p>").append(escape(c.figure().title())).append(": <a href=\"charts/")
            .append(slug).append(".png\">PNG</a> <a href=\"charts/").append(slug)
            .append(".svg\">SVG</a></p>\n");
        continue;
      }
      out.append("<figure id=\"").append(slug).append("\">\n").append(c.svgMarkup())
          .append("\n<figcaption>").append(escape(c.figure().title()));
      if (!c.figure().note().isEmpty()) {
        out.append(". ").append(escape(c.figure().note()));
      }
      out.append(" <a href=\"charts/").append(slug).append(".png\">PNG</a> <a href=\"charts/")
          .append(slug).append(".svg\">SVG</a></figcaption>\n</figure>\n");
    }
    if (inGrid) {
      out.append("</div>\n");
    }
  }

  private void failures(ExperimentResult e) {
    out.append("<h2 id=\"failures\">Failures</h2>\n");
    boolean any = false;
    for (ConfigResult c : e.configs()) {
      List<String> reasons = new ArrayList<>(c.failures());
      if (reasons.isEmpty() && c.failedRuns() > 0) {
        for (RunResult r : e.runs()) {
          if (!r.ok() && r.config().equals(c.config().name())) {
            reasons.add("run " + r.repetition() + ": " + (r.error() == null ? "" : r.error()));
          }
        }
      }
      if (c.failedRuns() == 0 && reasons.isEmpty()) {
        continue;
      }
      any = true;
      out.append("<h3>").append(escape(c.config().name())).append(": ").append(c.failedRuns())
          .append(" of ").append(c.runs() + c.failedRuns()).append(" runs failed</h3>\n");
      for (String reason : reasons) {
        out.append("<pre>").append(escape(reason)).append("</pre>\n");
      }
    }
    if (!any) {
      out.append("<p>Every run completed.</p>\n");
    }
  }

  private void glossary() {
    out.append("""
        <h2 id="how-to-read">How to read this</h2>
        <dl>
        <dt>ops/s</dt><dd>operations the phase completed per second of its wall-clock time.</dd>
        <dt>latency percentiles (µs)</dt><dd>per operation type, from a histogram of every \
        operation's time; the tables and charts show the median of the runs' percentiles.</dd>
        <dt>write-amp</dt><dd>table bytes written by flushes and compactions / user key+value \
        bytes written, both since the database was opened: after a fill and an overwrite it \
        covers both phases. Write-ahead log bytes are not counted.</dd>
        <dt>space-amp</dt><dd>bytes on disk (live tables + live logs) / live logical bytes \
        (the workload's live keys × their key and value lengths). Peak space-amp is the \
        largest value among the phase's samples.</dd>
        <dt>read-amp</dt><dd>per get: <em>filters probed</em>, tables whose filter was \
        probed; <em>tables read</em>, tables whose data blocks were read; <em>data \
        blocks</em>, data blocks read, cache hits included.</dd>
        <dt>filter usefulness</dt><dd>filter negatives / filter probes: the share of probes \
        that saved a table read.</dd>
        <dt>stalls (s)</dt><dd>seconds writers spent slowed down or stopped by the engine \
        (too many level-0 files, too many memtables, or the strategy's request).</dd>
        <dt>compactions</dt><dd>compactions completed in the phase, trivial moves included.</dd>
        <dt>bytes per level</dt><dd>live table bytes of each level over time, stacked, level 0 \
        at the bottom, from one run per configuration (the one with median throughput).</dd>
        </dl>
        """);
  }

  private void links(List<String> files) {
    if (files.isEmpty()) {
      return;
    }
    out.append("<h2 id=\"files\">Files</h2>\n<ul>\n");
    for (String f : files) {
      out.append("<li><a href=\"").append(escape(Html.urlPath(f))).append("\">")
          .append(escape(f)).append("</a></li>\n");
    }
    out.append("</ul>\n");
  }
}
