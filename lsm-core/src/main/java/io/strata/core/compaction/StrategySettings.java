package io.strata.core.compaction;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedMap;
import io.strata.api.Options;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A compaction strategy's plugin name and its options, as strings: what a database records in its
 * {@link OptionsFile} and opens with. Immutable; options sorted by key.
 *
 * @param name the strategy's plugin name, not blank
 * @param options the strategy's options; empty means its defaults
 */
public record StrategySettings(String name, ImmutableSortedMap<String, String> options) {
  /** {@link Options#DEFAULT_COMPACTION_STRATEGY} with its defaults: LevelDB's. */
  public static final StrategySettings DEFAULT =
      new StrategySettings(Options.DEFAULT_COMPACTION_STRATEGY, ImmutableSortedMap.of());

  public StrategySettings {
    checkNotNull(name, "name");
    checkArgument(!name.isBlank(), "strategy name must not be blank, was '%s'", name);
    options = ImmutableSortedMap.copyOf(checkNotNull(options, "options"));
  }

  /** Settings with a copy of {@code options}. */
  public static StrategySettings of(String name, Map<String, String> options) {
    return new StrategySettings(name, ImmutableSortedMap.copyOf(options));
  }

  /** The options as {@code key=value, ...}, or {@code defaults} when there are none. */
  public String describeOptions() {
    if (options.isEmpty()) {
      return "defaults";
    }
    StringJoiner j = new StringJoiner(", ");
    options.forEach((k, v) -> j.add(k + "=" + v));
    return j.toString();
  }
}
