package io.strata.examples.experiment;

import io.strata.api.CompressionType;
import io.strata.api.Options;
import io.strata.examples.cli.ByteSizeConverter;
import io.strata.examples.experiment.model.ConfigSpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The configurations of an experiment, from a strategy's name ({@code --configs}), a properties
 * file ({@code --config FILE}) or a sweep ({@code --sweep STRATEGY:OPTION=v1,v2}). Engine options
 * are normalised: sizes in bytes as decimal strings, compression lower-case; an engine option a
 * configuration does not set takes {@link Options#levelDbDefaults()}'s value, so that every
 * configuration records all four. Names and values are checked for form here; whether the
 * strategy exists and takes the options is {@link StrategyCatalog#validate}'s job. Stateless.
 */
final class Configurations {
  /** Engine option: memtable bytes before a flush; sizes as {@code 4MiB}, {@code 64KB}. */
  static final String WRITE_BUFFER_SIZE = "write_buffer_size";
  /** Engine option: block cache capacity, bytes (0 for none). */
  static final String BLOCK_CACHE_SIZE = "block_cache_size";
  /** Engine option: bloom filter bits per key (0 for none). */
  static final String BLOOM_BITS_PER_KEY = "bloom_bits_per_key";
  /** Engine option: block compression, {@code none} or {@code snappy}. */
  static final String COMPRESSION = "compression";
  /**
   * Engine option: the tree's shape beyond the memory options, {@value #SHAPE_LEVELDB} (every
   * engine on LevelDB's file sizes, level sizes and level-0 triggers, Strata on {@link
   * Options#levelDbDefaults()}) or {@value #SHAPE_OWN} (each engine's shipped defaults: Strata's
   * {@link Options#defaults()}, RocksDB's own).
   */
  static final String SHAPE = "shape";
  /** {@link #SHAPE}: LevelDB's shape for every engine, the default. */
  static final String SHAPE_LEVELDB = "leveldb";
  /** {@link #SHAPE}: each engine's own shipped defaults. */
  static final String SHAPE_OWN = "own";
  /** The engine options a configuration file may set, in the order results list them. */
  static final List<String> ENGINE_OPTIONS =
      List.of(WRITE_BUFFER_SIZE, BLOCK_CACHE_SIZE, BLOOM_BITS_PER_KEY, COMPRESSION, SHAPE);

  static final String NAME_KEY = "name";
  static final String STRATEGY_KEY = "compaction.strategy";
  static final String OPTION_PREFIX = "compaction.option.";

  private Configurations() {}

  /**
   * The engine options of {@link Options#levelDbDefaults()}, normalised: an experiment runs on
   * LevelDB's small sizes, so that its default million keys make a tree of several levels.
   */
  static Map<String, String> defaultEngineOptions() {
    Options d = Options.levelDbDefaults();
    Map<String, String> m = new LinkedHashMap<>();
    m.put(WRITE_BUFFER_SIZE, Long.toString(d.writeBufferSizeBytes()));
    m.put(BLOCK_CACHE_SIZE, Long.toString(d.blockCacheSizeBytes()));
    m.put(BLOOM_BITS_PER_KEY, Integer.toString(d.bloomBitsPerKey()));
    m.put(COMPRESSION, d.compression().name().toLowerCase(Locale.ROOT));
    m.put(SHAPE, SHAPE_LEVELDB);
    return m;
  }

  /** The strategy {@code strategy} with its defaults and the default engine options. */
  static ConfigSpec builtIn(String strategy, List<String> pluginPaths) {
    return new ConfigSpec(strategy, strategy, Map.of(), defaultEngineOptions(), pluginPaths,
        null, null);
  }

  /**
   * The peer engine {@code engine} (an {@code EngineAdapter}'s name), named after it, with the
   * default engine options.
   *
   * @param compactionStyle the engine's compaction style, recorded as its strategy
   */
  static ConfigSpec peer(String engine, String compactionStyle) {
    return new ConfigSpec(engine, compactionStyle, Map.of(), defaultEngineOptions(), List.of(),
        null, null, engine);
  }

  /**
   * {@code c} with engine options {@code overrides} (name to value, not yet normalised) in place
   * of its own.
   *
   * @throws IllegalArgumentException naming the option when one is unknown or does not parse
   */
  static ConfigSpec withEngineOptions(ConfigSpec c, Map<String, String> overrides) {
    Map<String, String> engine = new LinkedHashMap<>(c.engineOptions());
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      if (!ENGINE_OPTIONS.contains(e.getKey())) {
        throw new IllegalArgumentException("unknown engine option '" + e.getKey() + "'; valid: "
            + String.join(", ", ENGINE_OPTIONS));
      }
      try {
        engine.put(e.getKey(), normaliseEngineOption(e.getKey(), e.getValue()));
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(e.getKey() + ": " + x.getMessage(), x);
      }
    }
    return new ConfigSpec(c.name(), c.strategy(), c.strategyOptions(), engine, c.pluginPaths(),
        c.sweepOption(), c.sweepValue(), c.engine());
  }

  /**
   * The configuration in properties file {@code file}: {@code name} (default: the file's name
   * without {@code .properties}), {@code compaction.strategy} (default {@code leveled}),
   * {@code compaction.option.KEY=VALUE}, and the engine options {@link #ENGINE_OPTIONS}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file and the key for an unknown key, an empty
   *     name or option key, or an engine option that does not parse
   */
  static ConfigSpec fromFile(Path file, List<String> pluginPaths) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    String where = " in --config " + file;
    String fileName = file.getFileName().toString();
    String name = p.getProperty(NAME_KEY,
        fileName.endsWith(".properties") ? fileName.substring(0, fileName.length() - 11)
            : fileName).strip();
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty name" + where);
    }
    String strategy = p.getProperty(STRATEGY_KEY, Options.DEFAULT_COMPACTION_STRATEGY).strip();
    Map<String, String> strategyOptions = new TreeMap<>();
    Map<String, String> engine = defaultEngineOptions();
    for (String key : new TreeMap<>(toMap(p)).keySet()) {
      String value = p.getProperty(key).strip();
      if (key.equals(NAME_KEY) || key.equals(STRATEGY_KEY)) {
        continue;
      }
      if (key.startsWith(OPTION_PREFIX)) {
        String option = key.substring(OPTION_PREFIX.length());
        if (option.isEmpty()) {
          throw new IllegalArgumentException("empty strategy option key '" + key + "'" + where);
        }
        strategyOptions.put(option, value);
      } else if (ENGINE_OPTIONS.contains(key)) {
        try {
          engine.put(key, normaliseEngineOption(key, value));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(key + where + ": " + e.getMessage(), e);
        }
      } else {
        throw new IllegalArgumentException("unknown key '" + key + "'" + where + "; valid: "
            + NAME_KEY + ", " + STRATEGY_KEY + ", " + OPTION_PREFIX + "KEY, "
            + String.join(", ", ENGINE_OPTIONS));
      }
    }
    return new ConfigSpec(name, strategy, strategyOptions, engine, pluginPaths, null, null);
  }

  /**
   * {@code value} of engine option {@code key} in normal form: bytes for the sizes, an int for
   * the bloom bits, {@code none} or {@code snappy} for the compression.
   *
   * @throws IllegalArgumentException when it does not parse
   */
  static String normaliseEngineOption(String key, String value) {
    switch (key) {
      case WRITE_BUFFER_SIZE:
      case BLOCK_CACHE_SIZE:
        return Long.toString(ByteSizeConverter.parse(value));
      case BLOOM_BITS_PER_KEY:
        try {
          return Integer.toString(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("expected an integer, was '" + value + "'", e);
        }
      case COMPRESSION:
        String c = value.strip().toLowerCase(Locale.ROOT);
        if (!c.equals("none") && !c.equals("snappy") && !c.equals("zstd")) {
          throw new IllegalArgumentException("expected none, snappy or zstd, was '" + value
              + "'");
        }
        return c;
      case SHAPE:
        String shape = value.strip().toLowerCase(Locale.ROOT);
        if (!shape.equals(SHAPE_LEVELDB) && !shape.equals(SHAPE_OWN)) {
          throw new IllegalArgumentException("expected " + SHAPE_LEVELDB + " or " + SHAPE_OWN
              + ", was '" + value + "'");
        }
        return shape;
      default:
        throw new IllegalArgumentException("unknown engine option '" + key + "'");
    }
  }

  /** {@code c}'s engine options applied to an {@link Options.Builder}. */
  static Options.Builder engineOptions(ConfigSpec c) {
    Map<String, String> e = new LinkedHashMap<>(defaultEngineOptions());
    e.putAll(c.engineOptions());
    Options.Builder b = Options.builder();
    if (!SHAPE_OWN.equals(e.get(SHAPE))) {
      b.levelDbDefaults();
    }
    return b
        .writeBufferSizeBytes(Long.parseLong(e.get(WRITE_BUFFER_SIZE)))
        .blockCacheSizeBytes(Long.parseLong(e.get(BLOCK_CACHE_SIZE)))
        .bloomBitsPerKey(Integer.parseInt(e.get(BLOOM_BITS_PER_KEY)))
        .compression(CompressionType.valueOf(e.get(COMPRESSION).toUpperCase(Locale.ROOT)));
  }

  /**
   * The configurations of one {@code --sweep STRATEGY:OPTION=v1,v2,...}: the strategy with its
   * defaults but {@code OPTION}, and the default engine options, once per value, named
   * {@code STRATEGY OPTION=v}.
   *
   * @throws IllegalArgumentException when {@code text} is not of that form or lists no value
   */
  static List<ConfigSpec> sweep(String text, List<String> pluginPaths) {
    int colon = text.indexOf(':');
    int eq = text.indexOf('=', colon + 1);
    if (colon <= 0 || eq < 0) {
      throw new IllegalArgumentException("--sweep '" + text
          + "' must be STRATEGY:OPTION=v1,v2,... (e.g. leveled:l0_compaction_trigger=2,4,8)");
    }
    String strategy = text.substring(0, colon).strip();
    String option = text.substring(colon + 1, eq).strip();
    if (strategy.isEmpty() || option.isEmpty()) {
      throw new IllegalArgumentException("--sweep '" + text + "' has an empty "
          + (strategy.isEmpty() ? "strategy" : "option"));
    }
    List<ConfigSpec> configs = new ArrayList<>();
    for (String raw : text.substring(eq + 1).split(",", -1)) {
      String value = raw.strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException("--sweep '" + text + "' has an empty value");
      }
      configs.add(new ConfigSpec(strategy + " " + option + "=" + value, strategy,
          Map.of(option, value), defaultEngineOptions(), pluginPaths, option, value));
    }
    return configs;
  }

  /**
   * A file-name-safe form of configuration name {@code name}: lower-case, every run of
   * characters other than letters, digits, {@code .}, {@code _} and {@code -} replaced by one
   * {@code -}, e.g. {@code leveled-l0_compaction_trigger-4}.
   */
  static String slug(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
        .replaceAll("^-+|-+$", "");
    return s.isEmpty() || s.startsWith(".") ? "config" + s : s;
  }

  private static Map<String, String> toMap(Properties p) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : p.stringPropertyNames()) {
      m.put(k, p.getProperty(k));
    }
    return m;
  }
}
