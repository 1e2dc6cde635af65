package io.strata.api.spi.table;

import io.strata.api.spi.PluginContext;
import io.strata.api.spi.PluginProvider;
import java.util.Map;

/**
 * The provider of a table format, found through {@code ServiceLoader}. Block size, restart
 * interval, compression, bloom bits and block-cache size come from {@code context.options()}.
 */
public interface TableFormatProvider extends PluginProvider {
  /** @throws IllegalArgumentException for an option not in {@link #optionNames()} or a bad value */
  TableFormat create(PluginContext context, Map<String, String> options);
}
