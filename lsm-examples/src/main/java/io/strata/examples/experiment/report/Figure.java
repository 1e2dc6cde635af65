package io.strata.examples.experiment.report;

import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One image of the report: a chart, or several panels drawn side by side in a grid, written as
 * {@code <slug>.png} and {@code <slug>.svg}.
 *
 * @param slug the file name without extension: lower case, hyphenated
 * @param title what the report's caption calls it
 * @param note a sentence on how it was made (which run, which phase), or empty
 * @param panels the charts, left to right, then top to bottom
 * @param columns panels per row
 * @param inline whether the report embeds it; false for a composite of panels embedded singly
 */
record Figure(String slug, String title, String note, List<Chart<?, ?>> panels, int columns,
    boolean inline) {
  Figure {
    panels = List.copyOf(panels);
  }

  static Figure single(String slug, String title, String note, Chart<?, ?> chart) {
    return new Figure(slug, title, note, List.of(chart), 1, true);
  }

  int rows() {
    return (panels.size() + columns - 1) / columns;
  }

  /** The width of the whole image, pixels: the widest panel times the columns. */
  int width() {
    return columns * panels.stream().mapToInt(Chart::getWidth).max().orElse(0);
  }

  /** The height of the whole image, pixels: the tallest panel times the rows. */
  int height() {
    return rows() * panels.stream().mapToInt(Chart::getHeight).max().orElse(0);
  }
}
