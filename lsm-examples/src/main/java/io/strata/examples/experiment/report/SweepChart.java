package io.strata.examples.experiment.report;

import io.strata.examples.experiment.model.ConfigResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.MarkerSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The sweep curve: how write-amp, read-amp (tables whose filter a get probed: the sorted runs it
 * consults) and peak space-amp move with a swept strategy option, three panels side by side,
 * the option's value on x (a numeric axis when every value parses as a number, log-scaled when
 * they span two decades or more). Only the sweep's own configurations are drawn, one figure per
 * swept option. Stateless.
 */
final class SweepChart {
  private SweepChart() {}

  private record Point(ConfigResult config, String label, Double x) {}

  /**
   * One sweep curve per swept strategy option, in the order the configurations name them: the
   * figure is {@code sweep} when the experiment sweeps one option, else
   * {@code sweep-<strategy>-<option>} for each.
   */
  static List<Figure> sweeps(ExperimentView view) {
    Map<String, List<Point>> groups = new LinkedHashMap<>();
    for (ConfigResult c : view.configs()) {
      String o = c.config().sweepOption();
      if (o != null) {
        String v = c.config().sweepValue() == null ? c.config().name() : c.config().sweepValue();
        groups.computeIfAbsent(c.config().strategy() + " " + o, k -> new ArrayList<>())
            .add(new Point(c, v, parse(v)));
      }
    }
    List<Figure> figures = new ArrayList<>();
    for (Map.Entry<String, List<Point>> g : groups.entrySet()) {
      String name = groups.size() == 1 ? "sweep" : "sweep-" + Slugs.of(g.getKey());
      sweep(view, name, g.getKey(), g.getValue()).ifPresent(figures::add);
    }
    return figures;
  }

  private static Optional<Figure> sweep(ExperimentView view, String name, String swept,
      List<Point> points) {
    String option = swept.substring(swept.indexOf(' ') + 1);
    boolean numeric = points.stream().allMatch(p -> p.x() != null);
    if (numeric) {
      points.sort(Comparator.comparingDouble(Point::x));
    }
    List<Chart<?, ?>> panels = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String[][] curves = {
      {"writeAmp", "Write amplification", "table bytes written / user bytes (×)"},
      {"filterProbesPerGet", "Read amplification", "tables probed per get (filters)"},
      {"spaceAmpPeak", "Peak space amplification", "disk bytes / live logical bytes (×)"},
    };
    for (String[] curve : curves) {
      Optional<String> phase = view.lastPhaseWith(curve[0]);
      if (phase.isEmpty()) {
        continue;
      }
      List<Double> y = new ArrayList<>();
      for (Point p : points) {
        y.add(view.median(p.config(), phase.get(), curve[0]));
      }
      String title = curve[1];
      String xTitle = option + " (after " + phase.get() + ")";
      panels.add(numeric ? numeric(points, y, title, xTitle, curve[2])
          : categorical(points, y, title, xTitle, curve[2]));
      notes.add(curve[1].toLowerCase(Locale.ROOT) + " after " + phase.get());
    }
    if (panels.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Figure(name, "Sweep of " + swept,
        "Medians over the runs: " + String.join("; ", notes) + ".", panels, panels.size(),
        true));
  }

  private static XYChart numeric(List<Point> points, List<Double> y, String title,
      String xTitle, String yTitle) {
    XYChart chart = new XYChart(ChartStyle.PANEL_WIDTH, ChartStyle.PANEL_HEIGHT);
    style(chart.getStyler(), chart, title, xTitle, yTitle);
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      if (y.get(i) != null) {
        xs.add(points.get(i).x());
        ys.add(y.get(i));
      }
    }
    if (xs.isEmpty()) {
      // XChart refuses an empty series; an invisible point keeps the panel's axes.
      xs.add(points.get(0).x());
      ys.add(0.0);
    }
    double min = xs.stream().mapToDouble(Double::doubleValue).min().orElse(1);
    double max = xs.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    chart.getStyler().setXAxisLogarithmic(min > 0 && max / min >= 100);
    XYSeries s = chart.addSeries("median", xs, ys);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    curve(s);
    return chart;
  }

  private static CategoryChart categorical(List<Point> points, List<Double> y, String title,
      String xTitle, String yTitle) {
    CategoryChart chart = new CategoryChart(ChartStyle.PANEL_WIDTH, ChartStyle.PANEL_HEIGHT);
    style(chart.getStyler(), chart, title, xTitle, yTitle);
    List<String> labels = points.stream().map(Point::label).toList();
    CategorySeries s = chart.addSeries("median", labels, y);
    s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    curve(s);
    return chart;
  }

  /** The one curve of a panel: a thick neutral line with a dot at each value. */
  private static void curve(MarkerSeries s) {
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(ChartStyle.NEUTRAL);
    s.setLineColor(ChartStyle.NEUTRAL);
    s.setLineWidth(2.5f);
  }

  private static void style(org.knowm.xchart.style.AxesChartStyler styler, Chart<?, ?> chart,
      String title, String xTitle, String yTitle) {
    chart.setTitle(title);
    chart.setXAxisTitle(xTitle);
    chart.setYAxisTitle(yTitle);
    ChartStyle.apply(styler, true);
    styler.setLegendVisible(false);
    styler.setYAxisDecimalPattern("#,##0.##");
    styler.setYAxisMin(0.0);
    styler.setMarkerSize(9);
  }

  /** {@code value} as a number (a byte size such as {@code 64m} included), or null. */
  static Double parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    double scale = 1;
    if (!v.isEmpty()) {
      int unit = "kmgt".indexOf(v.charAt(v.length() - 1));
      if (unit >= 0) {
        scale = Math.pow(1024, unit + 1);
        v = v.substring(0, v.length() - 1);
      }
    }
    try {
      double d = Double.parseDouble(v) * scale;
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      // Not a number: the sweep's values are then categories.
      return null;
    }
  }
}
