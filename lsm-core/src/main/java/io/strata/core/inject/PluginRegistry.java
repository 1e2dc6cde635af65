package io.strata.core.inject;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedMap;
import io.strata.api.spi.PluginProvider;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The providers of one extension point by name. Immutable and thread-safe.
 *
 * @param <P> the provider interface
 */
public final class PluginRegistry<P extends PluginProvider> {
  private final String kind;
  private final ImmutableSortedMap<String, P> byName;

  /**
   * @param kind what the providers provide, for messages (e.g. "compaction strategy")
   * @throws IllegalArgumentException if two providers share a name, naming both classes
   */
  public PluginRegistry(String kind, Collection<? extends P> providers) {
    this.kind = checkNotNull(kind, "kind");
    Map<String, P> m = new TreeMap<>();
    for (P p : providers) {
      P old = m.put(p.name(), p);
      if (old != null && old.getClass() != p.getClass()) {
        throw new IllegalArgumentException("duplicate " + kind + " name '" + p.name() + "': "
            + old.getClass().getName() + " and " + p.getClass().getName());
      }
    }
    this.byName = ImmutableSortedMap.copyOf(m);
  }

  /** The provider named {@code name}, or the one handed in directly when present. */
  public P require(String name, Optional<? extends P> direct) {
    if (direct.isPresent()) {
      return direct.get();
    }
    P p = byName.get(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown " + kind + " '" + name + "'; found: "
          + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
    }
    return p;
  }

  /** The names found, sorted. */
  public Collection<String> names() {
    return byName.keySet();
  }
}
