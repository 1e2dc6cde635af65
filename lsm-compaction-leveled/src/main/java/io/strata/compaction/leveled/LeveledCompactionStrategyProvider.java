package io.strata.compaction.leveled;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import java.util.Map;

/**
 * Provides the {@code leveled} strategy ({@link LeveledCompactionStrategy}), found through
 * {@code META-INF/services/io.strata.api.spi.compaction.CompactionStrategyProvider}. Stateless
 * and thread-safe.
 */
public final class LeveledCompactionStrategyProvider implements CompactionStrategyProvider {
  /** The name {@code Options} selects this strategy by. */
  public static final String NAME = LeveledCompactionOptions.STRATEGY_NAME;

  /** Public no-argument constructor, for {@code ServiceLoader}. */
  public LeveledCompactionStrategyProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /** The keys of {@link LeveledCompactionOptions}. */
  @Override
  public ImmutableSet<String> optionNames() {
    return LeveledCompactionOptions.OPTION_NAMES;
  }

  /**
   * A strategy tuned by {@code options}; see {@link LeveledCompactionOptions} for keys, units and
   * defaults. Of the context, the strategy keeps the table stats, by which it weighs each file's
   * deletions ({@code PluginContext#tableStats()}); decisions use the comparator of each
   * Version.
   *
   * @throws IllegalArgumentException for an unknown key (listing the valid ones) or a bad value
   *     (naming key and value), as {@link LeveledCompactionOptions#fromMap}
   * @throws NullPointerException if an argument is null
   */
  @Override
  public CompactionStrategy create(PluginContext context, Map<String, String> options) {
    checkNotNull(context, "context");
    return new LeveledCompactionStrategy(LeveledCompactionOptions.fromMap(options),
        context.tableStats());
  }
}
