package io.strata.api.spi;

import com.google.common.collect.ImmutableSet;
import java.util.Map;
import java.util.TreeSet;

/**
 * What every extension-point provider has: a stable name and the option keys it accepts.
 * Providers are listed in {@code META-INF/services} under their extension point's provider
 * interface and must have a public no-argument constructor. Thread-safe and stateless.
 */
public interface PluginProvider {
  /** {@return the short lower-case name {@code Options} selects it by, e.g. {@code leveled}} */
  String name();

  /** {@return the option keys {@code create} accepts; others fail open. Default: none} */
  default ImmutableSet<String> optionNames() {
    return ImmutableSet.of();
  }

  /**
   * Checks that every key of {@code options} is one of {@link #optionNames()}.
   *
   * @param kind what the provider provides, for the message, e.g. {@code "memtable"}
   * @param options the options given to the provider, key to value
   * @throws IllegalArgumentException naming the first unknown key (in sorted order) and listing
   *     the valid ones
   */
  default void checkOptionNames(String kind, Map<String, String> options) {
    for (String key : new TreeSet<>(options.keySet())) {
      if (!optionNames().contains(key)) {
        throw new IllegalArgumentException("unknown option '" + key + "' for " + kind + " '"
            + name() + "'; valid options: " + (optionNames().isEmpty() ? "(none)"
                : String.join(", ", new TreeSet<>(optionNames()))));
      }
    }
  }
}
