package io.strata.api.spi;

import com.google.common.collect.ImmutableSet;

/**
 * What every extension-point provider has: a stable name and the option keys it accepts.
 * Providers are listed in {@code META-INF/services} under their extension point's provider
 * interface and must have a public no-argument constructor. Thread-safe and stateless.
 */
public interface PluginProvider {
  /** The short lower-case name that {@code Options} selects it by, e.g. {@code leveled}. */
  String name();

  /** The option keys {@code create} accepts; others fail open. Default: none. */
  default ImmutableSet<String> optionNames() {
    return ImmutableSet.of();
  }
}
