package io.strata.examples.experiment.report;

import java.util.List;
import java.util.Locale;

/** File-name slugs: lower case ASCII letters and digits joined by hyphens. Stateless. */
final class Slugs {
  private Slugs() {}

  /** {@code text} in lower case, each run of other characters a hyphen; {@code x} if empty. */
  static String of(String text) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "x" : s;
  }

  /** {@code slug}, or {@code slug-2}, {@code slug-3}... if taken; adds the result to taken. */
  static String unique(String slug, List<String> taken) {
    String s = slug;
    for (int n = 2; taken.contains(s); n++) {
      s = slug + "-" + n;
    }
    taken.add(s);
    return s;
  }
}
