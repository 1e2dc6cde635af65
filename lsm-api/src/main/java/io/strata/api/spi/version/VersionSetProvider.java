package io.strata.api.spi.version;

import io.strata.api.spi.PluginContext;
import io.strata.api.spi.PluginProvider;
import java.util.Map;

/** The provider of a metadata log, found through {@code ServiceLoader}; the default is {@code manifest}. */
public interface VersionSetProvider extends PluginProvider {
  /**
   * Creates the VersionSet of {@code context.dbDirectory()}; does no I/O until {@code create} or
   * {@code recover}.
   *
   * @param context the database's directory, file system, options, key order and clock
   * @param options the VersionSet's own options as strings
   * @return a new VersionSet
   * @throws IllegalArgumentException for an option not in {@link #optionNames()} or a bad value
   */
  VersionSet create(PluginContext context, Map<String, String> options);
}
