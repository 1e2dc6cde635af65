package io.strata.api.spi.compaction;

import io.strata.api.spi.PluginContext;
import io.strata.api.spi.PluginProvider;
import java.util.Map;

/** The provider of a compaction strategy, found through {@code ServiceLoader} by {@link #name()}. */
public interface CompactionStrategyProvider extends PluginProvider {
  /**
   * Creates the strategy for one database.
   *
   * @param context the database's directory, file system, options, key order and clock
   * @param options the strategy's options as strings, e.g. {@code l0_compaction_trigger=4}
   * @return a new strategy
   * @throws IllegalArgumentException naming an option not in {@link #optionNames()} (and listing
   *     the valid ones) or a value out of range
   */
  CompactionStrategy create(PluginContext context, Map<String, String> options);
}
