package io.strata.examples.experiment.report;

import static com.google.common.base.Preconditions.checkNotNull;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.examples.experiment.model.ExperimentResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the human-readable report of an experiment: the charts, each as PNG and SVG under
 * {@code charts/}, and {@code report.html}, one self-contained page that embeds the charts as
 * SVG and links to the other files of the output directory.
 *
 * <p>The charts:
 *
 * <ul>
 *   <li>{@code throughput}: median operations per second per phase and configuration;
 *   <li>{@code latency-<phase>}: p50, p95, p99 and p99.9 latency of the phase's main operation
 *       types, per configuration, microseconds on a log axis;
 *   <li>{@code amplification}: write-amp, peak space-amp and read-amp, each after the last phase
 *       in which it is defined;
 *   <li>{@code staircase-<config>}: live table bytes per level over time, stacked, from the
 *       configuration's run of median throughput, every panel on the same axes; and
 *       {@code staircase}, every panel in one image;
 *   <li>{@code stalls}: cumulative stalled seconds over time, per configuration;
 *   <li>{@code sweep}: when the configurations sweep a strategy option, write-amp, read-amp and
 *       peak space-amp against the option's value.
 * </ul>
 *
 * A chart with nothing to show (no gets, hence no read-amp; no sweep) is left out. A
 * configuration has the same color in every chart. Rendering needs no display: {@link #write}
 * sets {@code java.awt.headless} to true unless it is already set.
 *
 * <p>Stateless; concurrent calls must write to different directories.
 */
public final class ReportWriter {
  /** The page's file name in the output directory. */
  public static final String REPORT_FILE = "report.html";

  /** The charts' directory in the output directory. */
  public static final String CHARTS_DIR = "charts";

  private ReportWriter() {}

  /**
   * Writes the charts under {@code outDir/charts/} and {@code outDir/report.html}, replacing
   * files of the same names. The page links to the {@code .json} and {@code .csv} files already
   * in {@code outDir}.
   *
   * @param result the experiment's results
   * @param outDir the output directory; created if missing
   * @return the files written: each chart's PNG and SVG, then the page
   * @throws IOException if a directory or file cannot be written; files written before the
   *     failure stay
   * @throws NullPointerException if an argument is null
   */
  public static List<Path> write(ExperimentResult result, Path outDir) throws IOException {
    checkNotNull(result, "result");
    checkNotNull(outDir, "outDir");
    if (System.getProperty("java.awt.headless") == null) {
      // Before any AWT class loads: the charts are drawn off screen, also without a display.
      System.setProperty("java.awt.headless", "true");
    }
    ExperimentView view = new ExperimentView(result);
    Path chartsDir = Files.createDirectories(outDir.resolve(CHARTS_DIR));
    List<Path> written = new ArrayList<>();
    List<HtmlReport.Embedded> embedded = new ArrayList<>();
    for (Figure f : figures(view)) {
      List<Path> files = ChartEncoder.write(f, chartsDir);
      written.addAll(files);
      String markup = "";
      if (f.inline()) {
        String svg = Files.readString(files.get(1), UTF_8);
        markup = SvgInliner.inline(svg, "c" + embedded.size() + "-");
      }
      embedded.add(new HtmlReport.Embedded(f, markup));
    }
    Path page = outDir.resolve(REPORT_FILE);
    Files.writeString(page, HtmlReport.render(view, embedded, dataFiles(outDir)), UTF_8);
    written.add(page);
    return List.copyOf(written);
  }

  /** Every chart, in the order the page shows them. */
  private static List<Figure> figures(ExperimentView view) {
    List<Figure> figures = new ArrayList<>();
    List<String> slugs = new ArrayList<>(List.of("throughput", "amplification", "stalls",
        "sweep"));
    SummaryCharts.throughput(view).ifPresent(figures::add);
    figures.addAll(SummaryCharts.latency(view));
    SummaryCharts.amplification(view).ifPresent(figures::add);
    figures.addAll(SweepChart.sweeps(view));
    figures.addAll(TimeSeriesCharts.staircase(view, slugs));
    figures.addAll(TimeSeriesCharts.stalls(view));
    return figures;
  }

  /** The names of the JSON and CSV files in {@code outDir}, sorted. */
  private static List<String> dataFiles(Path outDir) throws IOException {
    try (Stream<Path> files = Files.list(outDir)) {
      return files.filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json") || n.endsWith(".csv"))
          .sorted()
          .toList();
    }
  }
}
