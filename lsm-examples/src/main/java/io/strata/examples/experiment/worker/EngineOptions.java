package io.strata.examples.experiment.worker;

import io.strata.api.CompressionType;
import io.strata.api.Options;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.examples.cli.ByteSizeConverter;
import io.strata.examples.experiment.model.ConfigSpec;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Turns a {@link ConfigSpec} into the {@link Options} a worker opens its database with, starting
 * from {@link Options#levelDbDefaults()} (and, for {@code leveled}, LevelDB's file and level sizes
 * under the configuration's own strategy options), so that an experiment's million keys make a
 * tree of several levels: the strategy (from the built-ins on the class path or the
 * configuration's plugin jars, loaded through {@link ServiceLoader} on an extra class loader),
 * its options, and the engine options
 * {@code write_buffer_size} and {@code block_cache_size} (bytes, or with a unit k, m, g: powers
 * of 1024), {@code bloom_bits_per_key} and {@code compression} ({@code none}, {@code snappy}, {@code zstd}).
 * With the engine option {@code shape=own} it starts from {@link Options#defaults()} instead, the
 * strategy on its own defaults: Strata as it ships.
 */
final class EngineOptions {
  private EngineOptions() {}

  /**
   * The options of {@code config}, strategy options not yet checked (open checks them).
   *
   * @throws IllegalArgumentException an unknown engine option, a bad value, or a strategy no
   *     provider has, naming the valid ones
   * @throws IOException a plugin jar could not be read
   */
  static Options of(ConfigSpec config) throws IOException {
    boolean ownShape = ownShape(config);
    // LevelDB's sizes, so that the default million keys make a tree of several levels.
    Map<String, String> strategyOptions = new java.util.LinkedHashMap<>();
    if (!ownShape && config.strategy().equals(Options.DEFAULT_COMPACTION_STRATEGY)) {
      strategyOptions.putAll(Options.LEVELDB_LEVELED_OPTIONS);
    }
    strategyOptions.putAll(config.strategyOptions());
    Options.Builder b = Options.builder();
    if (!ownShape) {
      b.levelDbDefaults();
    }
    b.compactionStrategy(config.strategy()).strategyOptions(strategyOptions);
    for (Map.Entry<String, String> e : config.engineOptions().entrySet()) {
      String v = e.getValue().strip();
      switch (e.getKey()) {
        case "shape" -> { } // read above
        case "write_buffer_size" -> b.writeBufferSizeBytes(bytes(e.getKey(), v));
        case "block_cache_size" -> b.blockCacheSizeBytes(bytes(e.getKey(), v));
        case "bloom_bits_per_key" -> b.bloomBitsPerKey(Integer.parseInt(v));
        case "compression" -> b.compression(
            CompressionType.valueOf(v.toUpperCase(Locale.ROOT)));
        default -> throw new IllegalArgumentException("unknown engine option '" + e.getKey()
            + "'; valid: block_cache_size, bloom_bits_per_key, compression, shape,"
            + " write_buffer_size");
      }
    }
    if (!config.pluginPaths().isEmpty()) {
      b.compactionStrategyProvider(provider(config.strategy(), config.pluginPaths()));
    }
    return b.build();
  }

  /**
   * Whether {@code config} runs every engine on its own shipped defaults (engine option {@code
   * shape=own}) rather than on LevelDB's shape ({@code leveldb}, the default).
   *
   * @throws IllegalArgumentException when {@code shape} is neither
   */
  static boolean ownShape(ConfigSpec config) {
    String shape = config.engineOptions().getOrDefault("shape", "leveldb").strip();
    return switch (shape) {
      case "leveldb" -> false;
      case "own" -> true;
      default -> throw new IllegalArgumentException(
          "engine option shape: expected leveldb or own, was '" + shape + "'");
    };
  }

  /**
   * The provider named {@code name} among those of the plugin jars and the class path.
   *
   * @throws IllegalArgumentException no provider has that name
   */
  static CompactionStrategyProvider provider(String name, List<String> pluginPaths)
      throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String p : pluginPaths) {
      try {
        urls.add(Path.of(p).toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IOException("bad plugin path " + p, e);
      }
    }
    // Never closed: the strategy's classes are used until the worker exits.
    ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
        EngineOptions.class.getClassLoader());
    TreeSet<String> found = new TreeSet<>();
    for (CompactionStrategyProvider p : ServiceLoader.load(CompactionStrategyProvider.class,
        loader)) {
      if (p.name().equals(name)) {
        return p;
      }
      found.add(p.name());
    }
    throw new IllegalArgumentException("unknown compaction strategy '" + name + "'; found: "
        + (found.isEmpty() ? "none" : String.join(", ", found)));
  }

  private static long bytes(String key, String v) {
    try {
      return ByteSizeConverter.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }
}
