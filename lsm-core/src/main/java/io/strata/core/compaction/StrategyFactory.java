package io.strata.core.compaction;

import io.strata.api.spi.compaction.CompactionStrategy;

/**
 * Creates a database's compaction strategy from its settings, once open has decided them (see
 * {@link StrategyChoice}). Implementations are thread-safe.
 */
@FunctionalInterface
public interface StrategyFactory {
  /**
   * A new strategy named {@code settings.name()} with {@code settings.options()}.
   *
   * @throws IllegalArgumentException if no provider has that name (listing the names found), or
   *     an option is unknown to it or has a bad value
   */
  CompactionStrategy create(StrategySettings settings);
}
