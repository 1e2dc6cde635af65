package io.strata.api.spi.memtable;

import io.strata.api.spi.PluginContext;
import io.strata.api.spi.PluginProvider;
import java.util.Map;

/** The provider of a memtable implementation, found through {@code ServiceLoader}. */
public interface MemTableProvider extends PluginProvider {
  /**
   * Creates the memtable factory for one database.
   *
   * @param context the database's directory, file system, options, key order and clock
   * @param options the memtable's options as strings
   * @return a new factory
   * @throws IllegalArgumentException for an option not in {@link #optionNames()} or a bad value
   */
  MemTableFactory create(PluginContext context, Map<String, String> options);
}
