package io.strata.core.inject;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
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
  /**
   * The artifact that holds each built-in provider, by kind and name, so that a missing one is
   * reported with the dependency to add. Names are the providers' {@code NAME} constants; the
   * plugin modules are not on lsm-core's compile path, hence strings.
   */
  private static final ImmutableMap<String, ImmutableMap<String, String>> BUILT_INS =
      ImmutableMap.of(
          "compaction strategy", ImmutableMap.of(
              "leveled", "io.strata:lsm-compaction-leveled",
              "tiered", "io.strata:lsm-compaction-tiered"),
          "memtable", ImmutableMap.of("skiplist", "io.strata:lsm-core", "arena", "io.strata:lsm-core",
              "arena-offheap", "io.strata:lsm-core"),
          "merge operator", ImmutableMap.of("uint64add", "io.strata:lsm-core",
              "stringappend", "io.strata:lsm-core"),
          "table format", ImmutableMap.of("block-based", "io.strata:lsm-core"),
          "version set", ImmutableMap.of("manifest", "io.strata:lsm-manifest"));

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
          + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
          + builtInHint(kind, name));
    }
    return p;
  }

  /**
   * For a built-in provider's name, where it lives, starting with "; "; otherwise empty. A
   * built-in is missing when its jar is not on the class path, or when a merged jar dropped its
   * {@code META-INF/services} file.
   */
  static String builtInHint(String kind, String name) {
    String artifact = BUILT_INS.getOrDefault(kind, ImmutableMap.of()).get(name);
    if (artifact == null) {
      return "";
    }
    return "; the built-in '" + name + "' is in " + artifact
        + " (or add io.strata:strata, which brings every built-in)";
  }

  /** The names found, sorted. */
  public Collection<String> names() {
    return byName.keySet();
  }
}
