package io.strata.compaction.tiered;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import java.util.Map;

/**
 * Provides the {@code tiered} strategy ({@link TieredCompactionStrategy}), found through
 * {@code META-INF/services/io.strata.api.spi.compaction.CompactionStrategyProvider}. Stateless
 * and thread-safe.
 */
public final class TieredCompactionStrategyProvider implements CompactionStrategyProvider {
  /** The name {@code Options} selects this strategy by. */
  public static final String NAME = TieredCompactionOptions.STRATEGY_NAME;

  /** Public no-argument constructor, for {@code ServiceLoader}. */
  public TieredCompactionStrategyProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  /** The keys of {@link TieredCompactionOptions}. */
  @Override
  public ImmutableSet<String> optionNames() {
    return TieredCompactionOptions.OPTION_NAMES;
  }

  /**
   * A strategy tuned by {@code options}; see {@link TieredCompactionOptions} for keys, units and
   * defaults. Of the context, the strategy keeps the table stats, by which it finds
   * deletion-heavy files ({@code PluginContext#tableStats()}).
   *
   * @throws IllegalArgumentException for an unknown key (listing the valid ones) or a bad value
   *     (naming key and value), as {@link TieredCompactionOptions#fromMap}
   * @throws NullPointerException if an argument is null
   */
  @Override
  public CompactionStrategy create(PluginContext context, Map<String, String> options) {
    checkNotNull(context, "context");
    return new TieredCompactionStrategy(TieredCompactionOptions.fromMap(options),
        context.tableStats(), context.ticker());
  }
}
