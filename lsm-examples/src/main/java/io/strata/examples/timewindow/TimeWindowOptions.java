package io.strata.examples.timewindow;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableSet;
import io.strata.api.spi.StrategyOptionValues;
import java.util.Map;

/**
 * The tuning of the {@code time-window} strategy. Immutable; every value is validated by {@link
 * #fromMap}.
 *
 * <table>
 *   <caption>Option keys, units and defaults</caption>
 *   <tr><th>key</th><th>unit</th><th>default</th><th>range</th><th>meaning</th></tr>
 *   <tr><td>{@code window_seconds}</td><td>seconds</td><td>3600</td>
 *       <td>[1, 3153600000] (100 years)</td>
 *       <td>length of a time window; no level-1 file spans a window boundary</td></tr>
 *   <tr><td>{@code l0_trigger}</td><td>files</td><td>4</td><td>&gt;= 1</td>
 *       <td>level 0 is compacted into level 1 once it holds this many files</td></tr>
 *   <tr><td>{@code l0_slowdown_trigger}</td><td>files</td><td>8</td>
 *       <td>&gt;= l0_trigger</td>
 *       <td>from this many level-0 files each write is delayed once</td></tr>
 *   <tr><td>{@code l0_stop_trigger}</td><td>files</td><td>12</td>
 *       <td>&gt;= l0_slowdown_trigger</td>
 *       <td>from this many level-0 files writes wait for compaction</td></tr>
 *   <tr><td>{@code max_compaction_bytes}</td><td>bytes</td><td>268435456 (256 MiB)</td>
 *       <td>&gt;= 1</td>
 *       <td>input bytes one compaction takes, level-1 files included; at least one level-0 file
 *       is always taken</td></tr>
 *   <tr><td>{@code target_file_size}</td><td>bytes</td><td>67108864 (64 MiB)</td>
 *       <td>&gt;= 1</td><td>output files are cut at this size, and at window boundaries</td></tr>
 * </table>
 *
 * @param windowMillis {@code window_seconds} in milliseconds
 * @param l0TriggerFiles {@code l0_trigger}
 * @param l0SlowdownTriggerFiles {@code l0_slowdown_trigger}
 * @param l0StopTriggerFiles {@code l0_stop_trigger}
 * @param maxCompactionBytes {@code max_compaction_bytes}
 * @param targetFileSizeBytes {@code target_file_size}
 */
record TimeWindowOptions(long windowMillis, int l0TriggerFiles, int l0SlowdownTriggerFiles,
    int l0StopTriggerFiles, long maxCompactionBytes, long targetFileSizeBytes) {
  static final String WINDOW_SECONDS = "window_seconds";
  static final String L0_TRIGGER = "l0_trigger";
  static final String L0_SLOWDOWN_TRIGGER = "l0_slowdown_trigger";
  static final String L0_STOP_TRIGGER = "l0_stop_trigger";
  static final String MAX_COMPACTION_BYTES = "max_compaction_bytes";
  static final String TARGET_FILE_SIZE = "target_file_size";

  /** Every option key. */
  static final ImmutableSet<String> NAMES = ImmutableSet.of(WINDOW_SECONDS, L0_TRIGGER,
      L0_SLOWDOWN_TRIGGER, L0_STOP_TRIGGER, MAX_COMPACTION_BYTES, TARGET_FILE_SIZE);

  /** Longest window: 100 years of 365 days, in seconds. */
  static final long MAX_WINDOW_SECONDS = 100L * 365 * 24 * 3600;

  private static final StrategyOptionValues VALUES =
      new StrategyOptionValues(TimeWindowCompactionStrategyProvider.NAME);

  /**
   * Parses string options; absent keys keep their defaults. Values are decimal integers,
   * surrounding white space ignored.
   *
   * @throws IllegalArgumentException naming an unknown key and listing the valid ones; naming key
   *     and value when a value is not an integer or out of its range, or the level-0 triggers are
   *     not ordered {@code l0_trigger <= l0_slowdown_trigger <= l0_stop_trigger}
   * @throws NullPointerException if {@code options} is null
   */
  static TimeWindowOptions fromMap(Map<String, String> options) {
    checkNotNull(options, "options");
    for (String key : options.keySet()) {
      VALUES.checkKnown(key, NAMES);
    }
    long windowSeconds = parse(options, WINDOW_SECONDS, 3600, 1, MAX_WINDOW_SECONDS);
    int trigger = (int) parse(options, L0_TRIGGER, 4, 1, Integer.MAX_VALUE);
    int slowdown = (int) parse(options, L0_SLOWDOWN_TRIGGER, 8, trigger, Integer.MAX_VALUE);
    int stop = (int) parse(options, L0_STOP_TRIGGER, 12, slowdown, Integer.MAX_VALUE);
    long maxCompaction = parse(options, MAX_COMPACTION_BYTES, 256L << 20, 1, Long.MAX_VALUE);
    long target = parse(options, TARGET_FILE_SIZE, 64L << 20, 1, Long.MAX_VALUE);
    return new TimeWindowOptions(windowSeconds * 1000, trigger, slowdown, stop, maxCompaction,
        target);
  }

  private static long parse(Map<String, String> options, String key, long defaultValue,
      long min, long max) {
    String text = options.get(key);
    if (text == null) {
      if (defaultValue < min) {
        throw new IllegalArgumentException("option '" + key + "' of compaction strategy '"
            + TimeWindowCompactionStrategyProvider.NAME + "' must be set to at least " + min
            + " (its default " + defaultValue + " is below a trigger it must not be under)");
      }
      return defaultValue;
    }
    long value = VALUES.parseLong(key, text);
    VALUES.checkRange(key, value, min, max);
    return value;
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper("TimeWindowOptions")
        .add(WINDOW_SECONDS, windowMillis / 1000)
        .add(L0_TRIGGER, l0TriggerFiles)
        .add(L0_SLOWDOWN_TRIGGER, l0SlowdownTriggerFiles)
        .add(L0_STOP_TRIGGER, l0StopTriggerFiles)
        .add(MAX_COMPACTION_BYTES, maxCompactionBytes)
        .add(TARGET_FILE_SIZE, targetFileSizeBytes)
        .toString();
  }
}
