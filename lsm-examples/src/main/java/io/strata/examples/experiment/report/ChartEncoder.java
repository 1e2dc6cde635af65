package io.strata.examples.experiment.report;

import static java.nio.charset.StandardCharsets.UTF_8;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes a {@link Figure} as PNG (through Java 2D, as XChart's {@code BitmapEncoder} does) and as
 * SVG (through VectorGraphics2D, as XChart's {@code VectorGraphicsEncoder} does), painting each
 * panel at its place in the grid so that a figure of several panels is one image in both formats.
 * Stateless; needs no display.
 */
final class ChartEncoder {
  private static final Pattern FRACTION = Pattern.compile("(\\d\\.\\d{2})\\d+");

  private ChartEncoder() {}

  /**
   * Writes {@code figure} to {@code dir/<slug>.png} and {@code dir/<slug>.svg}.
   *
   * @return the two files, PNG first
   * @throws IOException if a file cannot be written; a file may then be left half written
   */
  static List<Path> write(Figure figure, Path dir) throws IOException {
    Path png = dir.resolve(figure.slug() + ".png");
    Path svg = dir.resolve(figure.slug() + ".svg");
    BufferedImage image =
        new BufferedImage(figure.width(), figure.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      paint(figure, g);
    } finally {
      g.dispose();
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(png))) {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer for " + png);
      }
    }
    VectorGraphics2D vg = new VectorGraphics2D();
    paint(figure, vg);
    ByteArrayOutputStream doc = new ByteArrayOutputStream();
    new SVGProcessor()
        .getDocument(vg.getCommands(), new PageSize(0, 0, figure.width(), figure.height()))
        .writeTo(doc);
    Files.writeString(svg, round(doc.toString(UTF_8)), UTF_8);
    return List.of(png, svg);
  }

  /**
   * {@code svg} with every decimal fraction cut to two digits. Text is drawn as glyph outlines,
   * written with up to 15 digits; a hundredth of a pixel is invisible and the file shrinks by
   * about half.
   */
  static String round(String svg) {
    return FRACTION.matcher(svg).replaceAll("$1");
  }

  private static void paint(Figure figure, Graphics2D g) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, figure.width(), figure.height());
    for (int i = 0; i < figure.panels().size(); i++) {
      Chart<?, ?> chart = figure.panels().get(i);
      Graphics2D cell = (Graphics2D) g.create(
          figure.x(i), figure.y(i),
          chart.getWidth(), chart.getHeight());
      try {
        chart.paint(cell, chart.getWidth(), chart.getHeight());
      } finally {
        cell.dispose();
      }
    }
  }
}
