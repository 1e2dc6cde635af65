package io.strata.api.spi;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Set;

/**
 * Parsing and range checks of a plugin's string options (as {@code Options.strategyOptions()}
 * carries them), with messages that name the option, its value and the plugin: {@code bad value
 * 'x' for option 'min_threshold' of strategy tiered: not an integer}. Values are decimal numbers;
 * surrounding white space is ignored. Immutable and thread-safe.
 */
public final class StrategyOptionValues {
  private final String strategy;

  /**
   * Values of the options of the strategy named {@code strategy}, for messages.
   *
   * @param strategy the strategy's plugin name, as the messages show it
   * @throws NullPointerException if {@code strategy} is null
   */
  public StrategyOptionValues(String strategy) {
    this.strategy = checkNotNull(strategy, "strategy");
  }

  /**
   * Checks that {@code key} is one of {@code valid}.
   *
   * @param key the option's name as given; null is unknown
   * @param valid the names the strategy accepts
   * @throws IllegalArgumentException naming the key and the strategy and listing the valid keys
   *     in {@code valid}'s iteration order
   */
  public void checkKnown(String key, Set<String> valid) {
    if (key == null || !valid.contains(key)) {
      throw new IllegalArgumentException("unknown option '" + key + "' for strategy " + strategy
          + "; valid options: " + String.join(", ", valid));
    }
  }

  /**
   * {@code value} as an int.
   *
   * @param key the option's name, for the message
   * @param value the option's value as given
   * @return the parsed value
   * @throws IllegalArgumentException if it is null or not a decimal int
   */
  public int parseInt(String key, String value) {
    String v = requireValue(key, value);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw badValue(key, "'" + value + "'", "not an integer");
    }
  }

  /**
   * {@code value} as a long.
   *
   * @param key the option's name, for the message
   * @param value the option's value as given
   * @return the parsed value
   * @throws IllegalArgumentException if it is null or not a decimal long
   */
  public long parseLong(String key, String value) {
    String v = requireValue(key, value);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw badValue(key, "'" + value + "'", "not an integer");
    }
  }

  /**
   * {@code value} as a finite double.
   *
   * @param key the option's name, for the message
   * @param value the option's value as given
   * @return the parsed value
   * @throws IllegalArgumentException if it is null, not a number, infinite or NaN
   */
  public double parseDouble(String key, String value) {
    String v = requireValue(key, value);
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw badValue(key, "'" + value + "'", "not a number");
    }
    if (!Double.isFinite(d)) {
      throw badValue(key, "'" + value + "'", "not a finite number");
    }
    return d;
  }

  /**
   * Checks {@code min <= value <= max}.
   *
   * @param key the option's name, for the message
   * @param value the parsed value
   * @param min the smallest valid value
   * @param max the largest valid value
   * @throws IllegalArgumentException naming the option and the range otherwise
   */
  public void checkRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw badValue(key, value, "must be in [" + min + ", " + max + "]");
    }
  }

  /**
   * The exception for option {@code key} holding {@code value}, wrong because {@code why}.
   *
   * @param key the option's name
   * @param value the bad value, as the message shows it
   * @param why what is wrong with it, e.g. {@code not an integer}
   * @return the exception, for the caller to throw
   */
  public IllegalArgumentException badValue(String key, Object value, String why) {
    return new IllegalArgumentException("bad value " + value + " for option '" + key
        + "' of strategy " + strategy + ": " + why);
  }

  /**
   * {@code value} without its surrounding white space, for a parser of other values than numbers.
   *
   * @param key the option's name, for the message
   * @param value the option's value as given
   * @return the value, stripped
   * @throws IllegalArgumentException if it is null
   */
  public String requireValue(String key, String value) {
    if (value == null) {
      throw badValue(key, "null", "a value is required");
    }
    return value.strip();
  }
}
