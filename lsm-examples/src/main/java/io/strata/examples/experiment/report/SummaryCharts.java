package io.strata.examples.experiment.report;

import io.strata.examples.experiment.model.ConfigResult;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        // Not side by side as bars would be: each percentile's points share its position.
        chart.getStyler().setOverlapped(true);
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

  /** One panel of the amplification figure: metrics that share a unit, with their labels. */
  private record Panel(String title, String yTitle, List<String> metrics, List<String> labels) {}

  /**
   * Three panels: write-amp, peak space-amp and read-amp, each from the last phase in which it
   * is defined, with one legend right of the last panel.
   */
  static Optional<Figure> amplification(ExperimentView view) {
    List<Panel> wanted = List.of(
        new Panel("Write amplification", "table bytes written / user bytes (×)",
            List.of("writeAmp"), List.of("write-amp")),
        new Panel("Peak space amplification", "disk bytes / live logical bytes (×)",
            List.of("spaceAmpPeak"), List.of("peak space-amp")),
        new Panel("Read amplification", "per get",
            List.of("filterProbesPerGet", "tablesReadPerGet", "dataBlocksPerGet"),
            List.of("filters probed", "tables read", "data blocks")));
    List<Panel> panels = new ArrayList<>();
    List<String> phases = new ArrayList<>();
    for (Panel p : wanted) {
      Optional<String> phase = Optional.empty();
      for (String m : p.metrics()) {
        phase = phase.or(() -> view.lastPhaseWith(m));
      }
      if (phase.isPresent()) {
        panels.add(p);
        phases.add(phase.get());
      }
    }
    if (panels.isEmpty()) {
      return Optional.empty();
    }
    List<Chart<?, ?>> charts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int k = 0; k < panels.size(); k++) {
      boolean last = k == panels.size() - 1;
      charts.add(panel(view, panels.get(k), phases.get(k), last));
      notes.add(panels.get(k).title().toLowerCase(Locale.ROOT) + " after " + phases.get(k));
    }
    return Optional.of(new Figure("amplification", "Write, space and read amplification",
        String.join("; ", notes) + ".", charts, charts.size(), true));
  }

  private static CategoryChart panel(ExperimentView view, Panel panel, String phase,
      boolean legend) {
    List<String> categories = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    for (int k = 0; k < panel.metrics().size(); k++) {
      if (view.measured(phase, panel.metrics().get(k))) {
        categories.add(panel.labels().get(k));
        shown.add(panel.metrics().get(k));
      }
    }
    // A single-metric panel is narrower; the last one widens by its legend's width.
    int width = shown.size() > 1 ? ChartStyle.PANEL_WIDTH : ChartStyle.PANEL_WIDTH * 4 / 5;
    if (legend) {
      width += legendWidth(view);
    }
    CategoryChart chart = barChart(width, ChartStyle.PANEL_HEIGHT, true, panel.title(),
        "after " + phase, panel.yTitle());
    chart.getStyler().setLegendVisible(legend);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    for (int i = 0; i < view.configs().size(); i++) {
      ConfigResult c = view.configs().get(i);
      List<Double> y = new ArrayList<>();
      for (String m : shown) {
        y.add(view.median(c, phase, m));
      }
      addBars(chart, c.config().name(), categories, y, i);
    }
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setLabelsVisible(view.configs().size() * shown.size() <= 16);
    chart.getStyler().setLabelsRotation(0);
    chart.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    chart.getStyler().setYAxisDecimalPattern("#,##0.##");
    return chart;
  }

  /** Pixels a vertical legend of the configurations' names takes, about. */
  private static int legendWidth(ExperimentView view) {
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    FontRenderContext frc = new FontRenderContext(null, true, true);
    double widest = 0;
    for (ConfigResult c : view.configs()) {
      widest = Math.max(widest, font.getStringBounds(c.config().name(), frc).getWidth());
    }
    return (int) Math.ceil(widest) + 60;
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
