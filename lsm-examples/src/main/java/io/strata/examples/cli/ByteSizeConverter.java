package io.strata.examples.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * Parses a byte count: digits, optionally followed by a binary unit {@code k}, {@code m} or
 * {@code g} (also written {@code KiB}, {@code MiB}, {@code GiB}, {@code KB}, ...; any case; all
 * powers of 1024) or {@code b}. Stateless. Public for {@code strata experiment}'s configuration
 * files, whose sizes take the same forms.
 */
public final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  /**
   * The number of bytes {@code text} denotes.
   *
   * @throws IllegalArgumentException when {@code text} is not a non-negative size or overflows a
   *     long
   */
  public static long parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    int end = 0;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    if (end == 0) {
      throw new IllegalArgumentException("expected a byte count such as 4194304 or 4MiB, was '"
          + text + "'");
    }
    int shift;
    switch (s.substring(end).strip()) {
      case "":
      case "b":
        shift = 0;
        break;
      case "k":
      case "kb":
      case "kib":
        shift = 10;
        break;
      case "m":
      case "mb":
      case "mib":
        shift = 20;
        break;
      case "g":
      case "gb":
      case "gib":
        shift = 30;
        break;
      default:
        throw new IllegalArgumentException("unknown size unit in '" + text
            + "' (use k, m or g, powers of 1024)");
    }
    long n;
    try {
      n = Long.parseLong(s.substring(0, end));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("byte count '" + text + "' is too large", e);
    }
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("byte count '" + text + "' is too large");
    }
    return n << shift;
  }
}
