package io.strata.examples.timewindow;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import io.strata.api.BytewiseComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import java.util.Map;

/**
 * Provides the {@code time-window} strategy ({@link TimeWindowCompactionStrategy}), found through
 * {@code META-INF/services/io.strata.api.spi.compaction.CompactionStrategyProvider} in this jar.
 * Stateless and thread-safe.
 */
public final class TimeWindowCompactionStrategyProvider implements CompactionStrategyProvider {
  /** The name {@code Options.compactionStrategy} and {@code strata --strategy} select it by. */
  public static final String NAME = "time-window";

  /** Public no-argument constructor, for {@code ServiceLoader}. */
  public TimeWindowCompactionStrategyProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * {@code window_seconds}, {@code l0_trigger}, {@code l0_slowdown_trigger}, {@code
   * l0_stop_trigger}, {@code max_compaction_bytes}, {@code target_file_size}; see {@link
   * TimeWindowOptions} for units, defaults and ranges.
   */
  @Override
  public ImmutableSet<String> optionNames() {
    return TimeWindowOptions.NAMES;
  }

  /**
   * A strategy tuned by {@code options}.
   *
   * @throws IllegalArgumentException for an unknown option (listing the valid ones), a bad value
   *     (naming key and value), or a database whose comparator is not bytewise (windows are
   *     computed from the key's bytes)
   * @throws NullPointerException if an argument is null
   */
  @Override
  public CompactionStrategy create(PluginContext context, Map<String, String> options) {
    checkNotNull(context, "context");
    checkOptionNames("compaction strategy", options);
    String comparator = context.options().comparator().name();
    if (!comparator.equals(BytewiseComparator.INSTANCE.name())) {
      throw new IllegalArgumentException("compaction strategy '" + NAME + "' needs the bytewise"
          + " comparator (" + BytewiseComparator.INSTANCE.name() + "), not " + comparator);
    }
    return new TimeWindowCompactionStrategy(TimeWindowOptions.fromMap(options));
  }
}
