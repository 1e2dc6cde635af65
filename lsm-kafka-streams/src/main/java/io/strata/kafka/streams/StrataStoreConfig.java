package io.strata.kafka.streams;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import io.strata.api.CompressionType;
import io.strata.api.Options;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * The Strata settings of a Kafka Streams application, read from its {@code StreamsConfig}
 * (every {@code strata.*} entry of {@code ProcessorContext.appConfigs()}).
 *
 * <p>A setting applies to every Strata store of the application; the same setting under
 * {@code strata.store.<store name>.} applies to one store and wins over the application-wide one.
 * For example:
 *
 * <pre>{@code
 * strata.compaction.strategy=leveled
 * strata.store.counts-store.compaction.strategy=tiered
 * strata.strategy.max_bytes_for_level_base=33554432
 * }</pre>
 *
 * <p>An entry under {@code strata.} that names no setting fails the application's start with a
 * {@link ConfigException} naming the entry and the valid settings, so a misspelt setting is never
 * silently ignored.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StrataStoreConfig {

  /** The prefix of every Strata setting in a {@code StreamsConfig}. */
  public static final String PREFIX = "strata.";

  /** The prefix of a setting that applies to one store: {@code strata.store.<name>.<setting>}. */
  public static final String STORE_PREFIX = PREFIX + "store.";

  /** The compaction strategy's plugin name, e.g. {@code leveled} or {@code tiered}. */
  public static final String COMPACTION_STRATEGY = PREFIX + "compaction.strategy";

  /** The prefix of the compaction strategy's own options: {@code strata.strategy.<key>}. */
  public static final String STRATEGY_OPTION_PREFIX = PREFIX + "strategy.";

  /** The memtable size at which it is flushed to a table, in bytes (a positive integer). */
  public static final String WRITE_BUFFER_BYTES = PREFIX + "write.buffer.bytes";

  /** The bloom filter's bits per key; 0 builds no filter. */
  public static final String BLOOM_BITS_PER_KEY = PREFIX + "bloom.bits.per.key";

  /** The store's own block cache, in bytes. */
  public static final String BLOCK_CACHE_BYTES = PREFIX + "block.cache.bytes";

  /** The block compression: {@code none}, {@code snappy} or {@code zstd}. */
  public static final String COMPRESSION = PREFIX + "compression";

  /**
   * A {@link StrataConfigSetter}: its class, or the class's fully qualified name. Application-wide
   * only (the setter is told the store's name).
   */
  public static final String CONFIG_SETTER = PREFIX + "config.setter";

  private static final ImmutableSortedSet<String> SETTINGS = ImmutableSortedSet.of(
      COMPACTION_STRATEGY, WRITE_BUFFER_BYTES, BLOOM_BITS_PER_KEY, BLOCK_CACHE_BYTES, COMPRESSION,
      CONFIG_SETTER);

  private final ImmutableMap<String, String> entries;
  private final Class<? extends StrataConfigSetter> configSetter;

  private StrataStoreConfig(ImmutableMap<String, String> entries,
      Class<? extends StrataConfigSetter> configSetter) {
    this.entries = entries;
    this.configSetter = configSetter;
  }

  /**
   * Reads and checks the {@code strata.*} entries of an application's configuration.
   *
   * @param appConfigs the application's configuration, as {@code ProcessorContext.appConfigs()}
   *     gives it; entries outside {@code strata.} are ignored
   * @return the settings
   * @throws NullPointerException if {@code appConfigs} is null
   * @throws ConfigException if an entry under {@code strata.} names no setting, or its value is
   *     null or not valid for the setting
   */
  public static StrataStoreConfig from(Map<String, ?> appConfigs) {
    checkNotNull(appConfigs, "appConfigs");
    TreeMap<String, String> entries = new TreeMap<>();
    Class<? extends StrataConfigSetter> setter = null;
    for (Map.Entry<String, ?> e : appConfigs.entrySet()) {
      String key = e.getKey();
      if (key == null || !key.startsWith(PREFIX)) {
        continue;
      }
      if (key.equals(CONFIG_SETTER)) {
        setter = setterClass(key, e.getValue());
        continue;
      }
      String setting = settingOf(key);
      if (!setting.startsWith(STRATEGY_OPTION_PREFIX) && !SETTINGS.contains(setting)) {
        throw new ConfigException(key, e.getValue(), "not a Strata setting; valid settings are "
            + SETTINGS + ", " + STRATEGY_OPTION_PREFIX + "<option>, and each of them under "
            + STORE_PREFIX + "<store name>.");
      }
      if (setting.equals(CONFIG_SETTER)) {
        throw new ConfigException(key, e.getValue(), "the config setter is application-wide only: "
            + "set " + CONFIG_SETTER + " (the setter is told each store's name)");
      }
      if (e.getValue() == null) {
        throw new ConfigException(key, null, "a Strata setting needs a value");
      }
      String value = e.getValue().toString().trim();
      check(key, setting, value);
      entries.put(key, value);
    }
    return new StrataStoreConfig(ImmutableMap.copyOf(entries), setter);
  }

  /**
   * A new instance of the configured {@link StrataConfigSetter}, if {@link #CONFIG_SETTER} names
   * one.
   *
   * @return the setter, or empty if none is configured
   * @throws ConfigException if the class cannot be instantiated through a public no-argument
   *     constructor
   */
  public java.util.Optional<StrataConfigSetter> newConfigSetter() {
    if (configSetter == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(configSetter.getConstructor().newInstance());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ConfigException(CONFIG_SETTER, configSetter.getName(),
          "cannot be instantiated through a public no-argument constructor: " + e);
    }
  }

  private static Class<? extends StrataConfigSetter> setterClass(String key, Object value) {
    Class<?> c;
    if (value instanceof Class<?> given) {
      c = given;
    } else if (value instanceof String name && !name.isBlank()) {
      try {
        c = Class.forName(name.trim(), true, Thread.currentThread().getContextClassLoader() != null
            ? Thread.currentThread().getContextClassLoader()
            : StrataStoreConfig.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new ConfigException(key, value, "no such class");
      }
    } else {
      throw new ConfigException(key, value, "must name a class implementing "
          + StrataConfigSetter.class.getName());
    }
    if (!StrataConfigSetter.class.isAssignableFrom(c)) {
      throw new ConfigException(key, value, "does not implement "
          + StrataConfigSetter.class.getName());
    }
    return c.asSubclass(StrataConfigSetter.class);
  }

  /**
   * The options of one store: the shipped defaults, then the application-wide settings, then the
   * store's own ({@code strata.store.<storeName>.*}).
   *
   * @param storeName the store's name, as Kafka Streams gives it
   * @param defaultStrategy the compaction strategy when no setting names one
   * @return a builder of the store's options, for the caller to complete
   * @throws NullPointerException if an argument is null
   */
  public Options.Builder optionsFor(String storeName, String defaultStrategy) {
    checkNotNull(storeName, "storeName");
    checkNotNull(defaultStrategy, "defaultStrategy");
    Map<String, String> merged = new TreeMap<>();
    String own = STORE_PREFIX + storeName + ".";
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (!e.getKey().startsWith(STORE_PREFIX)) {
        merged.put(e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (e.getKey().startsWith(own)) {
        merged.put(PREFIX + e.getKey().substring(own.length()), e.getValue());
      }
    }
    Options.Builder b = Options.builder()
        .compactionStrategy(merged.getOrDefault(COMPACTION_STRATEGY, defaultStrategy));
    for (Map.Entry<String, String> e : merged.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (key.startsWith(STRATEGY_OPTION_PREFIX)) {
        b.strategyOption(key.substring(STRATEGY_OPTION_PREFIX.length()), value);
      } else if (key.equals(WRITE_BUFFER_BYTES)) {
        b.writeBufferSizeBytes(Long.parseLong(value));
      } else if (key.equals(BLOOM_BITS_PER_KEY)) {
        b.bloomBitsPerKey(Integer.parseInt(value));
      } else if (key.equals(BLOCK_CACHE_BYTES)) {
        b.blockCacheSizeBytes(Long.parseLong(value));
      } else if (key.equals(COMPRESSION)) {
        b.compression(CompressionType.valueOf(value.toUpperCase(Locale.ROOT)));
      }
    }
    return b;
  }

  /** The entry's setting with any {@code strata.store.<name>.} part replaced by {@code strata.}. */
  private static String settingOf(String key) {
    if (!key.startsWith(STORE_PREFIX)) {
      return key;
    }
    // The store name may itself hold dots, so match the setting from the end.
    for (String setting : SETTINGS) {
      if (key.endsWith("." + setting.substring(PREFIX.length()))) {
        return setting;
      }
    }
    int option = key.indexOf("." + STRATEGY_OPTION_PREFIX.substring(PREFIX.length()),
        STORE_PREFIX.length());
    if (option > STORE_PREFIX.length()) {
      return PREFIX + key.substring(option + 1);
    }
    return key;
  }

  private static void check(String key, String setting, String value) {
    try {
      switch (setting) {
        case WRITE_BUFFER_BYTES, BLOCK_CACHE_BYTES -> {
          if (Long.parseLong(value) <= 0) {
            throw new ConfigException(key, value, "must be a positive number of bytes");
          }
        }
        case BLOOM_BITS_PER_KEY -> {
          if (Integer.parseInt(value) < 0) {
            throw new ConfigException(key, value, "must be 0 (no filter) or more bits per key");
          }
        }
        case COMPRESSION -> CompressionType.valueOf(value.toUpperCase(Locale.ROOT));
        case COMPACTION_STRATEGY -> {
          if (value.isEmpty()) {
            throw new ConfigException(key, value, "must name a compaction strategy");
          }
        }
        default -> { }
      }
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "must be a whole number");
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, value, "must be one of none, snappy, zstd");
    }
  }
}
