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

  /** The left edge of panel {@code i}, pixels: the widths of the panels before it in its row. */
  int x(int i) {
    int x = 0;
    for (int k = i - i % columns; k < i; k++) {
      x += panels.get(k).getWidth();
    }
    return x;
  }

  /** The top edge of panel {@code i}, pixels: the heights of the rows above it. */
  int y(int i) {
    int y = 0;
    for (int row = 0; row < i / columns; row++) {
      y += rowHeight(row);
    }
    return y;
  }

  /** The width of the whole image, pixels: the widest row. */
  int width() {
    int width = 0;
    for (int row = 0; row < rows(); row++) {
      int last = Math.min(panels.size(), (row + 1) * columns);
      width = Math.max(width, x(last - 1) + panels.get(last - 1).getWidth());
    }
    return width;
  }

  /** The height of the whole image, pixels: the rows' heights. */
  int height() {
    return y((rows() - 1) * columns) + rowHeight(rows() - 1);
  }

  private int rowHeight(int row) {
    int height = 0;
    for (int k = row * columns; k < Math.min(panels.size(), (row + 1) * columns); k++) {
      height = Math.max(height, panels.get(k).getHeight());
    }
    return height;
  }
}
