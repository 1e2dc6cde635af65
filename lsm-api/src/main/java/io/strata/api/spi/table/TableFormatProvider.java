package io.strata.api.spi.table;

import io.strata.api.spi.PluginContext;
import io.strata.api.spi.PluginProvider;
import java.util.Map;

/**
 * The provider of a table format, found through {@code ServiceLoader}. Block size, restart
 * interval, compression, bloom bits and block-cache size come from {@code context.options()}.
 */
public interface TableFormatProvider extends PluginProvider {
  /**
   * Creates the table format for one database.
   *
   * @param context the database's directory, file system, options, key order and clock
   * @param options the format's own options as strings
   * @return a new table format
   * @throws IllegalArgumentException for an option not in {@link #optionNames()} or a bad value
   */
  TableFormat create(PluginContext context, Map<String, String> options);
}
