package io.strata.examples.cli;

import picocli.CommandLine;

/**
 * One {@code --strategy-option KEY=VALUE}: the key is everything before the first {@code =}, the
 * value everything after it (it may itself hold {@code =} or be empty). Immutable.
 *
 * @param key the strategy's option name, not blank, surrounding spaces removed
 * @param value the option's value as the strategy will parse it
 */
record StrategyOption(String key, String value) {
  /**
   * Parses {@code text} in {@code KEY=VALUE} form.
   *
   * @throws IllegalArgumentException when {@code text} has no {@code =} or an empty key
   */
  static StrategyOption parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException(
          "strategy option '" + text + "' must be KEY=VALUE (no '=' found)");
    }
    String key = text.substring(0, eq).strip();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("strategy option '" + text + "' has an empty key");
    }
    return new StrategyOption(key, text.substring(eq + 1));
  }

  /** The picocli converter: a bad value is a usage error (exit code 2) with the message above. */
  static final class Converter implements CommandLine.ITypeConverter<StrategyOption> {
    @Override
    public StrategyOption convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
