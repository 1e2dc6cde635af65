package io.strata.examples.experiment;

import com.google.common.base.Ticker;
import io.strata.api.Options;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.examples.experiment.model.ConfigSpec;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The compaction strategies this JVM can run: the built-in providers and those of the
 * {@code --plugin-path} jars, found with {@link ServiceLoader} through a {@link URLClassLoader}
 * over the jars, as the worker finds them. Checks configurations before anything runs, by
 * creating each strategy with its options: a provider's {@code create} rejects an unknown option
 * or a bad value ({@link CompactionStrategyProvider#create}). Not thread-safe.
 */
final class StrategyCatalog implements AutoCloseable {
  /** Directory named in the context of the strategies created only to check their options. */
  private static final Path CHECK_DIRECTORY = Path.of("strata-experiment-check");

  private final Map<String, CompactionStrategyProvider> providers = new LinkedHashMap<>();
  private final URLClassLoader loader;

  /**
   * Loads the providers visible from {@code parent} and from {@code jars}.
   *
   * @throws IllegalArgumentException when a jar is not a readable file
   */
  StrategyCatalog(List<Path> jars, ClassLoader parent) {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
        throw new IllegalArgumentException("--plugin-path " + jar + ": not a readable file");
      }
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("--plugin-path " + jar + ": " + e.getMessage(), e);
      }
    }
    loader = urls.isEmpty() ? null : new URLClassLoader(urls.toArray(new URL[0]), parent);
    for (CompactionStrategyProvider p : ServiceLoader.load(CompactionStrategyProvider.class,
        loader != null ? loader : parent)) {
      providers.putIfAbsent(p.name(), p);
    }
  }

  /** The strategies' names, sorted. */
  List<String> names() {
    return List.copyOf(new TreeSet<>(providers.keySet()));
  }

  /** Whether a provider of strategy {@code name} was found. */
  boolean contains(String name) {
    return providers.containsKey(name);
  }

  /**
   * Checks that {@code c}'s strategy exists, that it accepts {@code c}'s strategy options, and
   * that the engine options are in range.
   *
   * @throws IllegalArgumentException naming the configuration and what is wrong with it (the
   *     valid strategies for an unknown one, the strategy's message for a bad option)
   */
  void validate(ConfigSpec c) {
    CompactionStrategyProvider provider = providers.get(c.strategy());
    String where = "configuration '" + c.name() + "': ";
    if (provider == null) {
      throw new IllegalArgumentException(where + "unknown compaction strategy '" + c.strategy()
          + "'; valid: " + String.join(", ", names()));
    }
    Options options;
    try {
      options = Configurations.engineOptions(c).compactionStrategy(c.strategy())
          .strategyOptions(c.strategyOptions()).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
    try {
      provider.create(new PluginContext(CHECK_DIRECTORY, new LocalFileSystem(), options,
          new InternalKeyComparator(options.comparator()), Ticker.systemTicker()),
          c.strategyOptions());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    if (loader != null) {
      loader.close();
    }
  }
}
