package io.strata.examples.experiment.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an SVG file into markup to embed in an HTML page: drops the XML declaration and the
 * document type, prefixes every {@code id} and the references to it (so that the clip paths of
 * one chart do not capture another's on the same page), and lets the image scale to the page's
 * width. Stateless.
 */
final class SvgInliner {
  private static final Pattern PROLOG = Pattern.compile("(?s)\\A.*?(?=<svg[\\s>])");
  private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]*)\"");
  private static final Pattern URL_REF = Pattern.compile("url\\(#([^)]*)\\)");
  private static final Pattern HREF = Pattern.compile("href=\"#([^\"]*)\"");
  private static final Pattern ROOT = Pattern.compile("<svg\\b([^>]*)>");
  private static final Pattern SIZE = Pattern.compile("\\s(width|height)=\"([0-9.]+)(?:px)?\"");

  private SvgInliner() {}

  /**
   * The embeddable markup of {@code svg}.
   *
   * @param svg an SVG document as written by VectorGraphics2D
   * @param prefix prepended to every id; unique per image on the page
   * @throws IllegalArgumentException if {@code svg} has no {@code <svg>} element
   */
  static String inline(String svg, String prefix) {
    Matcher prolog = PROLOG.matcher(svg);
    if (!prolog.find()) {
      throw new IllegalArgumentException("not an SVG document: no <svg> element");
    }
    String s = svg.substring(prolog.end());
    s = ID.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
        "id=\"" + prefix + m.group(1) + "\""));
    s = URL_REF.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
        "url(#" + prefix + m.group(1) + ")"));
    s = HREF.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
        "href=\"#" + prefix + m.group(1) + "\""));
    Matcher root = ROOT.matcher(s);
    if (root.find()) {
      String attributes = root.group(1);
      String width = null;
      String height = null;
      Matcher size = SIZE.matcher(attributes);
      while (size.find()) {
        if (size.group(1).equals("width")) {
          width = size.group(2);
        } else {
          height = size.group(2);
        }
      }
      StringBuilder a = new StringBuilder(SIZE.matcher(attributes).replaceAll(""));
      if (!attributes.contains("viewBox") && width != null && height != null) {
        a.append(" viewBox=\"0 0 ").append(width).append(' ').append(height).append('"');
      }
      a.append(" class=\"chart\" role=\"img\"");
      s = s.substring(0, root.start()) + "<svg" + a + ">" + s.substring(root.end());
    }
    return s.strip();
  }
}
