package io.strata.api.spi.compaction;

import io.strata.api.spi.PluginContext;
import io.strata.api.spi.PluginProvider;
import java.util.Map;

/**
 * The provider of a {@link CompactionFilterFactory}, found through {@code ServiceLoader} by the
 * name {@code Options.Builder.compactionFilter} gives. Thread-safe and stateless.
 */
public interface CompactionFilterProvider extends PluginProvider {
  /**
   * Creates the factory for one database.
   *
   * @param context the database's directory, file system, options, key order and clock
   * @param options the filter's options as strings ({@code Options.compactionFilterOptions()})
   * @return a new factory
   * @throws IllegalArgumentException for an option not in {@link #optionNames()} or a bad value
   */
  CompactionFilterFactory create(PluginContext context, Map<String, String> options);
}
