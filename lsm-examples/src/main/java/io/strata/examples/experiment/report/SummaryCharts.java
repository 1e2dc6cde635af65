package io.strata.examples.experiment.report;

import io.strata.examples.experiment.model.ConfigResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of the per-phase statistics: throughput, latency percentiles and the amplification
 * triple, a bar or line per configuration (the median over its completed runs) in the
 * configuration's color. Stateless.
 *
 * <p>XChart's error bars are symmetric around the bar, so the charts cannot show the min–max
 * range of the runs; the report's tables give it.
 */
final class SummaryCharts {
  private SummaryCharts() {}

  /** Grouped bars: phases on x, median operations per second on y, a series per config. */
  static Optional<Figure> throughput(ExperimentView view) {
    List<String> phases = new ArrayList<>();
    for (String phase : view.phases()) {
      if (view.measured(phase, "opsPerSecond")) {
        phases.add(phase);
      }
    }
    if (phases.isEmpty()) {
      return Optional.empty();
    }
    CategoryChart chart = barChart(ChartStyle.WIDTH, ChartStyle.HEIGHT, false,
        "Throughput per phase (median of " + view.result().reps() + " runs)", "phase",
        "throughput (operations/s)");
    for (int i = 0; i < view.configs().size(); i++) {
      ConfigResult c = view.configs().get(i);
      List<Double> y = new ArrayList<>();
      for (String phase : phases) {
        y.add(view.median(c, phase, "opsPerSecond"));
      }
      addBars(chart, c.config().name(), phases, y, i);
    }
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisDecimalPattern("#,##0");
    return Optional.of(Figure.single("throughput", "Throughput per phase",
        "Bars: median over the completed runs; the tables give min–max.", chart));
  }

  /**
   * Per phase, the latency percentiles of its main operation types: a figure each, named
   * {@code latency-<phase>}, with a panel per operation type: p50 to p99.9 on x, microseconds on
   * a log axis, a line per configuration.
   */
  static List<Figure> latency(ExperimentView view) {
    List<Figure> figures = new ArrayList<>();
    List<String> slugs = new ArrayList<>();
    for (String phase : view.phases()) {
      List<String> ops = view.mainOps(phase);
      List<Chart<?, ?>> panels = new ArrayList<>();
      for (String op : ops) {
        boolean panel = ops.size() > 1;
        CategoryChart chart = new CategoryChart(panel ? ChartStyle.PANEL_WIDTH : ChartStyle.WIDTH,
            panel ? ChartStyle.PANEL_HEIGHT : ChartStyle.HEIGHT);
        chart.setTitle("Latency of " + op + " in " + phase);
        chart.setXAxisTitle("percentile (median over runs)");
        chart.setYAxisTitle("latency (µs, log scale)");
        ChartStyle.apply(chart.getStyler(), panel);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(10);
        boolean any = false;
        for (int i = 0; i < view.configs().size(); i++) {
          ConfigResult c = view.configs().get(i);
          List<Double> y = new ArrayList<>();
          for (String percentile : ExperimentView.PERCENTILES) {
            Double v = view.median(c, phase, "latency." + op + "." + percentile);
            // A log axis cannot show 0 (an operation faster than the histogram's resolution).
            y.add(v == null || v <= 0 ? null : v);
            any |= v != null && v > 0;
          }
          if (y.stream().anyMatch(v -> v != null)) {
            CategorySeries s = chart.addSeries(c.config().name(),
                ExperimentView.PERCENTILE_LABELS, y);
            s.setLineColor(ChartStyle.configColor(i));
            s.setMarkerColor(ChartStyle.configColor(i));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineWidth(2.5f);
          }
        }
        if (any) {
          panels.add(chart);
        }
      }
      if (!panels.isEmpty()) {
        String slug = Slugs.unique("latency-" + Slugs.of(phase), slugs);
        figures.add(new Figure(slug, "Latency percentiles, " + phase,
            "Operation types that made at least 5% of the phase: " + String.join(", ", ops)
                + ".", panels, panels.size(), true));
      }
    }
    return figures;
  }

  /**
   * Three panels: write-amp, peak space-amp and read-amp, each from the last phase in which it
   * is defined.
   */
  static Optional<Figure> amplification(ExperimentView view) {
    List<CategoryChart> panels = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    panel(view, "Write amplification", "table bytes written / user bytes (×)",
        List.of("writeAmp"), List.of("write-amp"), panels, notes);
    panel(view, "Peak space amplification", "disk bytes / live logical bytes (×)",
        List.of("spaceAmpPeak"), List.of("peak space-amp"), panels, notes);
    panel(view, "Read amplification", "per get",
        List.of("filterProbesPerGet", "tablesReadPerGet", "dataBlocksPerGet"),
        List.of("filters probed", "tables read", "data blocks"), panels, notes);
    if (panels.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Figure("amplification", "Write, space and read amplification",
        String.join("; ", notes) + ".", List.copyOf(panels), panels.size(), true));
  }

  /** Adds a panel of {@code metrics} from the last phase where the first is defined. */
  private static void panel(ExperimentView view, String title, String yTitle,
      List<String> metrics, List<String> labels, List<CategoryChart> panels, List<String> notes) {
    Optional<String> phase = view.lastPhaseWith(metrics.get(0));
    for (String m : metrics) {
      if (phase.isEmpty()) {
        phase = view.lastPhaseWith(m);
      }
    }
    if (phase.isEmpty()) {
      return;
    }
    String p = phase.get();
    List<String> categories = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    for (int k = 0; k < metrics.size(); k++) {
      if (view.measured(p, metrics.get(k))) {
        categories.add(labels.get(k));
        shown.add(metrics.get(k));
      }
    }
    CategoryChart chart = barChart(ChartStyle.PANEL_WIDTH, ChartStyle.PANEL_HEIGHT, true,
        title, "after " + p, yTitle);
    for (int i = 0; i < view.configs().size(); i++) {
      ConfigResult c = view.configs().get(i);
      List<Double> y = new ArrayList<>();
      for (String m : shown) {
        y.add(view.median(c, p, m));
      }
      addBars(chart, c.config().name(), categories, y, i);
    }
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsRotation(0);
    chart.getStyler().setYAxisDecimalPattern("#,##0.##");
    panels.add(chart);
    notes.add(title.toLowerCase(java.util.Locale.ROOT) + " after " + p);
  }

  /** A bar chart with the shared style and the legend below the plot. */
  static CategoryChart barChart(int width, int height, boolean panel, String title,
      String xTitle, String yTitle) {
    CategoryChart chart = new CategoryChart(width, height);
    chart.setTitle(title);
    chart.setXAxisTitle(xTitle);
    chart.setYAxisTitle(yTitle);
    ChartStyle.apply(chart.getStyler(), panel);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setAvailableSpaceFill(0.8);
    chart.getStyler().setOverlapped(false);
    return chart;
  }

  /** Adds one configuration's bars in its color; null values leave a gap. */
  static void addBars(CategoryChart chart, String name, List<String> categories, List<Double> y,
      int configIndex) {
    CategorySeries s = chart.addSeries(name, categories, y);
    s.setFillColor(ChartStyle.configColor(configIndex));
    s.setLineColor(ChartStyle.configColor(configIndex));
  }
}
