package io.strata.examples.experiment.engine;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The peer engines on the class path: every {@link EngineAdapter} {@link ServiceLoader} finds
 * through a class loader, by name. Immutable once built.
 */
public final class EngineAdapters {
  private final TreeMap<String, EngineAdapter> byName = new TreeMap<>();

  private EngineAdapters(ClassLoader loader) {
    for (EngineAdapter a : ServiceLoader.load(EngineAdapter.class, loader)) {
      byName.putIfAbsent(a.name(), a);
    }
  }

  /**
   * The adapters {@code loader} sees.
   *
   * @param loader where to look for {@code META-INF/services} entries
   * @return the adapters found, maybe none
   */
  public static EngineAdapters load(ClassLoader loader) {
    return new EngineAdapters(loader);
  }

  /**
   * The adapter named {@code name}.
   *
   * @param name an adapter's {@link EngineAdapter#name()}
   * @return the adapter, or empty when none of that name is on the class path
   */
  public Optional<EngineAdapter> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The adapter named {@code name}.
   *
   * @param name an adapter's {@link EngineAdapter#name()}
   * @return the adapter
   * @throws IllegalArgumentException naming the engines found when none has that name
   */
  public EngineAdapter get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("unknown engine '" + name
        + "'; on the class path: " + (byName.isEmpty() ? "none (the peer engines are in"
        + " lsm-bench; run them with ./strata-bench experiment)" : String.join(", ", names()))));
  }

  /** The adapters' names, sorted. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
