package io.strata.examples.experiment.report;

import io.strata.examples.experiment.model.ConfigResult;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.Sample;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of the runs' time series, from each configuration's representative run
 * ({@link ExperimentView#representativeRun}): the staircase of bytes per level, and the
 * cumulative stall time. Stateless.
 */
final class TimeSeriesCharts {
  /** Samples drawn per series at most; longer series keep every k-th sample and the last. */
  private static final int MAX_POINTS = 600;

  private static final String[] BYTE_UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB"};

  private TimeSeriesCharts() {}

  /**
   * One stacked-area panel per configuration, {@code staircase-<config>}, all on the same axes,
   * with the phase boundaries drawn as dashed lines; and {@code staircase}, the panels in a grid.
   */
  static List<Figure> staircase(ExperimentView view, List<String> slugs) {
    Map<Integer, RunResult> runs = representativeRuns(view);
    if (runs.isEmpty()) {
      return List.of();
    }
    int levels = 1;
    double maxSeconds = 0;
    long maxBytes = 0;
    for (RunResult r : runs.values()) {
      for (Sample s : r.samples()) {
        for (int l = 0; l < s.levelBytes().size(); l++) {
          if (s.levelBytes().get(l) > 0) {
            levels = Math.max(levels, l + 1);
          }
        }
        maxSeconds = Math.max(maxSeconds, s.seconds());
        maxBytes = Math.max(maxBytes, s.levelBytes().stream().mapToLong(Long::longValue).sum());
      }
    }
    int unit = byteUnit(maxBytes);
    double scale = Math.pow(1024, unit);
    double yMax = Math.max(maxBytes / scale * 1.08, 1e-9);
    List<Figure> figures = new ArrayList<>();
    List<Chart<?, ?>> panels = new ArrayList<>();
    for (Map.Entry<Integer, RunResult> e : runs.entrySet()) {
      ConfigResult c = view.configs().get(e.getKey());
      RunResult run = e.getValue();
      XYChart chart = new XYChart(ChartStyle.STAIRCASE_WIDTH, ChartStyle.STAIRCASE_HEIGHT);
      chart.setTitle("Bytes per level: " + c.config().name() + " (run " + run.repetition() + ")");
      chart.setXAxisTitle("time since the first phase started (s)");
      chart.setYAxisTitle("live table bytes (" + BYTE_UNITS[unit] + ")");
      ChartStyle.apply(chart.getStyler(), true);
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
      chart.getStyler().setXAxisMin(0.0);
      chart.getStyler().setXAxisMax(Math.max(maxSeconds, 1e-9));
      chart.getStyler().setYAxisMin(0.0);
      chart.getStyler().setYAxisMax(yMax);
      chart.getStyler().setYAxisDecimalPattern("#,##0.#");
      List<Sample> samples = thin(run.samples());
      double[] x = samples.stream().mapToDouble(Sample::seconds).toArray();
      // Areas fill down to zero, so the stack is drawn as running totals, deepest level first:
      // each shallower total paints over the one before, leaving level l's band in its color.
      for (int l = levels - 1; l >= 0; l--) {
        double[] y = new double[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
          List<Long> b = samples.get(i).levelBytes();
          long sum = 0;
          for (int k = 0; k <= l && k < b.size(); k++) {
            sum += b.get(k);
          }
          y[i] = sum / scale;
        }
        XYSeries s = chart.addSeries("L" + l, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(ChartStyle.levelColor(l));
        s.setLineColor(ChartStyle.levelColor(l).darker());
        s.setLineWidth(0.8f);
      }
      markPhases(chart, run.samples(), yMax);
      String slug = Slugs.unique("staircase-" + Slugs.of(c.config().name()), slugs);
      figures.add(Figure.single(slug, "Bytes per level, " + c.config().name(),
          "Run " + run.repetition() + " (median throughput); every panel has the same axes.",
          chart));
      panels.add(chart);
    }
    if (panels.size() > 1) {
      String slug = Slugs.unique("staircase", slugs);
      figures.add(new Figure(slug, "Bytes per level, every configuration", "",
          panels, 2, false));
    }
    return figures;
  }

  /** One line per configuration: seconds writers had spent stalled, over time. */
  static List<Figure> stalls(ExperimentView view) {
    Map<Integer, RunResult> runs = representativeRuns(view);
    if (runs.isEmpty()) {
      return List.of();
    }
    XYChart chart = new XYChart(ChartStyle.WIDTH, ChartStyle.HEIGHT);
    chart.setTitle("Write stalls: cumulative time writers were stalled");
    chart.setXAxisTitle("time since the first phase started (s)");
    chart.setYAxisTitle("stalled time since open (s)");
    ChartStyle.apply(chart.getStyler(), false);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisDecimalPattern("#,##0.##");
    double maxStall = 0;
    List<String> notes = new ArrayList<>();
    for (Map.Entry<Integer, RunResult> e : runs.entrySet()) {
      ConfigResult c = view.configs().get(e.getKey());
      List<Sample> samples = thin(e.getValue().samples());
      double[] x = samples.stream().mapToDouble(Sample::seconds).toArray();
      double[] y = samples.stream().mapToDouble(s -> s.stallMicros() / 1e6).toArray();
      for (double v : y) {
        maxStall = Math.max(maxStall, v);
      }
      XYSeries s = chart.addSeries(c.config().name(), x, y);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(ChartStyle.configColor(e.getKey()));
      s.setLineWidth(2.5f);
      notes.add(c.config().name() + ": run " + e.getValue().repetition());
    }
    if (maxStall == 0) {
      // A flat line at zero: give the axis a range instead of a degenerate one.
      chart.getStyler().setYAxisMax(1.0);
    }
    return List.of(Figure.single("stalls", "Write stalls over time",
        "Representative runs (median throughput): " + String.join(", ", notes) + ".", chart));
  }

  /** Each configuration's representative run, by its position in the experiment. */
  private static Map<Integer, RunResult> representativeRuns(ExperimentView view) {
    Map<Integer, RunResult> runs = new LinkedHashMap<>();
    for (int i = 0; i < view.configs().size(); i++) {
      int index = i;
      view.representativeRun(view.configs().get(i).config().name())
          .ifPresent(r -> runs.put(index, r));
    }
    return runs;
  }

  /** Dashed vertical lines where the phase changes, each labeled with the phase it starts. */
  private static void markPhases(XYChart chart, List<Sample> samples, double yMax) {
    Font font = chart.getStyler().getAnnotationTextFont();
    FontRenderContext frc = new FontRenderContext(null, true, true);
    double xMax = chart.getStyler().getXAxisMax();
    // Seconds per pixel, about: the plot is the chart less the axis, the legend and padding.
    double secondsPerPixel = xMax / Math.max(100, chart.getWidth() - 200);
    String phase = null;
    for (Sample s : samples) {
      if (!s.phase().equals(phase)) {
        if (phase != null) {
          chart.addAnnotation(new AnnotationLine(s.seconds(), true, false));
        }
        phase = s.phase();
        // AnnotationText centers on its point: half the text's width and a gap right of the line.
        double halfWidth = font.getStringBounds(phase, frc).getWidth() / 2 + 6;
        chart.addAnnotation(new AnnotationText(phase, s.seconds() + halfWidth * secondsPerPixel,
            yMax * 0.965, false));
      }
    }
  }

  /** At most {@link #MAX_POINTS} of {@code samples}: every k-th, and always the last. */
  private static List<Sample> thin(List<Sample> samples) {
    if (samples.size() <= MAX_POINTS) {
      return samples;
    }
    int step = (samples.size() + MAX_POINTS - 1) / MAX_POINTS;
    List<Sample> kept = new ArrayList<>();
    for (int i = 0; i < samples.size(); i += step) {
      kept.add(samples.get(i));
    }
    if (kept.get(kept.size() - 1) != samples.get(samples.size() - 1)) {
      kept.add(samples.get(samples.size() - 1));
    }
    return kept;
  }

  /** The power of 1024 that shows {@code maxBytes} as a number below 1024. */
  private static int byteUnit(long maxBytes) {
    int unit = 0;
    double v = maxBytes;
    while (v >= 1024 && unit < BYTE_UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return unit;
  }
}
