package io.strata.api.spi.memtable;

import io.strata.api.spi.PluginContext;
import io.strata.api.spi.PluginProvider;
import java.util.Map;

/** The provider of a memtable implementation, found through {@code ServiceLoader}. */
public interface MemTableProvider extends PluginProvider {
  /** @throws IllegalArgumentException for an option not in {@link #optionNames()} or a bad value */
  MemTableFactory create(PluginContext context, Map<String, String> options);
}
