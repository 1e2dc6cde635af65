package io.strata.examples.experiment.report;

import java.util.Locale;

/** Escaping and number formatting for the report's HTML. Stateless. */
final class Html {
  private Html() {}

  /** {@code text} with {@code & < > " '} replaced by character references; null as empty. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * {@code v} with about three significant digits, thousands grouped: {@code 12,345},
   * {@code 123}, {@code 12.3}, {@code 1.23}, {@code 0.123}; whole numbers (counts) without a
   * fraction; "–" for null or not finite.
   */
  static String number(Double v) {
    if (v == null || !Double.isFinite(v)) {
      return "–";
    }
    double a = Math.abs(v);
    String pattern;
    if (a >= 100 || v == Math.rint(v)) {
      pattern = "%,.0f";
    } else if (a >= 10) {
      pattern = "%.1f";
    } else if (a >= 1) {
      pattern = "%.2f";
    } else if (a >= 0.001) {
      pattern = "%.3f";
    } else {
      pattern = "%.2g";
    }
    return String.format(Locale.ROOT, pattern, v);
  }

  /**
   * {@code path}, a relative file name, as a URL path: every byte outside letters, digits and
   * {@code - . _ ~ /} percent-encoded from UTF-8.
   */
  static String urlPath(String path) {
    StringBuilder b = new StringBuilder();
    for (byte x : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~/".indexOf(c) >= 0) {
        b.append(c);
      } else {
        b.append(String.format(Locale.ROOT, "%%%02X", (int) c));
      }
    }
    return b.toString();
  }

  /** A p-value: {@code p=0.031}, or {@code p<0.001}. */
  static String pValue(double p) {
    return p < 0.001 ? "p<0.001" : String.format(Locale.ROOT, "p=%.3f", p);
  }
}
