package io.strata.examples.experiment.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The look every report chart shares: fonts large enough to read at half size, a white plot with
 * light grid lines, and the colors: one per configuration (by its position in the experiment, so
 * that a configuration keeps its color across charts) and one per level for the staircase.
 * Stateless.
 */
final class ChartStyle {
  /** A single chart's size, pixels. */
  static final int WIDTH = 1000;

  static final int HEIGHT = 600;

  /** One panel of a row of three (amplification, sweep), pixels. */
  static final int PANEL_WIDTH = 560;

  static final int PANEL_HEIGHT = 480;

  /** One configuration's staircase panel, pixels. */
  static final int STAIRCASE_WIDTH = 900;

  static final int STAIRCASE_HEIGHT = 500;

  // Okabe and Ito's colorblind-safe palette (black left out, it is the text's color), then
  // Tableau's for experiments with more configurations.
  private static final Color[] CONFIG_COLORS = {
    new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
    new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x8C564B),
    new Color(0x7F7F7F), new Color(0xBCBD22), new Color(0x17BECF), new Color(0x9467BD),
  };

  // Viridis at seven evenly spaced points: level 0 dark, deeper levels light.
  private static final Color[] LEVEL_COLORS = {
    new Color(0x440154), new Color(0x443983), new Color(0x31688E), new Color(0x21918C),
    new Color(0x35B779), new Color(0x90D743), new Color(0xFDE725),
  };

  /** The color of a neutral series (the sweep's curves), dark gray-blue. */
  static final Color NEUTRAL = new Color(0x33505F);

  private ChartStyle() {}

  /** The color of the configuration at 0-based position {@code index} in the experiment. */
  static Color configColor(int index) {
    return CONFIG_COLORS[Math.floorMod(index, CONFIG_COLORS.length)];
  }

  /** The color of 0-based {@code level}; levels past 6 reuse the palette. */
  static Color levelColor(int level) {
    return LEVEL_COLORS[Math.floorMod(level, LEVEL_COLORS.length)];
  }

  /** Applies the shared fonts, colors and grid to {@code styler}, sized for a chart or panel. */
  static void apply(AxesChartStyler styler, boolean panel) {
    int base = panel ? 14 : 15;
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, base + 3));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, base));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, base - 2));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, base - 1));
    styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, base - 2));
    styler.setAnnotationTextFontColor(new Color(0x333333));
    styler.setAnnotationLineColor(new Color(0x555555));
    styler.setAnnotationLineStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
        BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderColor(new Color(0x999999));
    styler.setPlotGridLinesColor(new Color(0xDDDDDD));
    styler.setChartFontColor(new Color(0x222222));
    styler.setAxisTickLabelsColor(new Color(0x222222));
    styler.setLegendBorderColor(new Color(0xCCCCCC));
    styler.setLegendBackgroundColor(new Color(255, 255, 255, 230));
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setChartTitleBoxVisible(false);
    styler.setChartPadding(12);
    styler.setToolTipsEnabled(false);
    styler.setAntiAlias(true);
  }
}
