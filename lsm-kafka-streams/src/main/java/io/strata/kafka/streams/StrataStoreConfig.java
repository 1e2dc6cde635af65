package io.strata.kafka.streams;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import io.strata.api.CompressionType;
import io.strata.api.Options;
import io.strata.api.SharedResources;
import io.strata.core.Strata;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

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
 * <p><b>Small stores by default.</b> An application holds many stores (one per store and
 * partition), so a store keeps the memory sizes of {@code Options.levelDbDefaults()} rather than
 * {@code Options.defaults()}'s, which are sized for one large database: a 4 MiB write buffer
 * ({@link #WRITE_BUFFER_BYTES}) and an 8 MiB block cache ({@link #BLOCK_CACHE_BYTES}), at most
 * 2 &times; 4 MiB of memtables and 8 MiB of cache per store, in the {@code skiplist} memtable,
 * whose per-entry accounting keeps a shared write buffer budget (below) to within one entry where
 * an {@code arena} memtable counts whole slabs. The strategy's options are its own defaults and
 * the {@code strata.strategy.*} settings, so that a config setter may still name another
 * strategy.
 *
 * <p><b>One memory budget for every store.</b> With any of {@link #SHARED_BLOCK_CACHE_BYTES},
 * {@link #SHARED_WRITE_BUFFER_BYTES} or {@link #SHARED_BACKGROUND_THREADS} set, every Strata store
 * of the application in this JVM shares one {@link SharedResources}: one block cache, one budget
 * for all memtables (a store over its share flushes early) and one pool of flush and compaction
 * threads, as RocksDB's shared {@code Cache} and {@code WriteBufferManager} do when a
 * {@code rocksdb.config.setter} hands them to every store. A setting left out takes its default
 * (64 MiB of block cache, 64 MiB of memtables, 2 threads). The resources live as long as the JVM
 * (their threads are daemons), one set per application id and sizes, so that stores closed and
 * reopened by a rebalance find the same ones. These settings are application-wide only.
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

  /**
   * The memtable size at which it is flushed to a table, in bytes (a positive integer); default
   * 4 MiB, LevelDB's, not {@code Options.defaults()}'s 64 MiB: an application holds many stores.
   */
  public static final String WRITE_BUFFER_BYTES = PREFIX + "write.buffer.bytes";

  /** The bloom filter's bits per key; 0 builds no filter. */
  public static final String BLOOM_BITS_PER_KEY = PREFIX + "bloom.bits.per.key";

  /** The store's own block cache, in bytes; default 8 MiB, LevelDB's (see the class comment). */
  public static final String BLOCK_CACHE_BYTES = PREFIX + "block.cache.bytes";

  /** The block compression: {@code none}, {@code snappy} or {@code zstd}. */
  public static final String COMPRESSION = PREFIX + "compression";

  /**
   * A {@link StrataConfigSetter}: its class, or the class's fully qualified name. Application-wide
   * only (the setter is told the store's name).
   */
  public static final String CONFIG_SETTER = PREFIX + "config.setter";

  /** The block cache all stores share, in bytes; see the class comment. */
  public static final String SHARED_BLOCK_CACHE_BYTES = PREFIX + "shared.block.cache.bytes";

  /** The bytes all stores' memtables may hold together; see the class comment. */
  public static final String SHARED_WRITE_BUFFER_BYTES = PREFIX + "shared.write.buffer.bytes";

  /** The flush and compaction threads all stores share; see the class comment. */
  public static final String SHARED_BACKGROUND_THREADS = PREFIX + "shared.background.threads";

  private static final long DEFAULT_SHARED_BLOCK_CACHE_BYTES = 64L << 20;
  private static final long DEFAULT_SHARED_WRITE_BUFFER_BYTES = 64L << 20;
  private static final int DEFAULT_SHARED_BACKGROUND_THREADS = 2;

  private static final ImmutableSortedSet<String> SHARED_SETTINGS = ImmutableSortedSet.of(
      SHARED_BLOCK_CACHE_BYTES, SHARED_WRITE_BUFFER_BYTES, SHARED_BACKGROUND_THREADS);

  private static final ImmutableSortedSet<String> SETTINGS =
      ImmutableSortedSet.<String>naturalOrder().add(COMPACTION_STRATEGY, WRITE_BUFFER_BYTES,
          BLOOM_BITS_PER_KEY, BLOCK_CACHE_BYTES, COMPRESSION, CONFIG_SETTER)
          .addAll(SHARED_SETTINGS).build();

  /** The shared resources of this JVM, by application id and sizes. */
  private static final ConcurrentHashMap<List<Object>, SharedResources> SHARED =
      new ConcurrentHashMap<>();

  private final ImmutableMap<String, String> entries;
  private final Class<? extends StrataConfigSetter> configSetter;
  private final String applicationId;

  private StrataStoreConfig(ImmutableMap<String, String> entries,
      Class<? extends StrataConfigSetter> configSetter, String applicationId) {
    this.entries = entries;
    this.configSetter = configSetter;
    this.applicationId = applicationId;
  }

  /**
   * The resources every Strata store of the application shares in this JVM, if a
   * {@code strata.shared.*} setting asks for them; created by the first store that asks.
   *
   * @return the shared resources, or empty if no {@code strata.shared.*} setting is given
   */
  public Optional<SharedResources> sharedResources() {
    if (SHARED_SETTINGS.stream().noneMatch(entries::containsKey)) {
      return Optional.empty();
    }
    long cache = entries.containsKey(SHARED_BLOCK_CACHE_BYTES)
        ? Long.parseLong(entries.get(SHARED_BLOCK_CACHE_BYTES)) : DEFAULT_SHARED_BLOCK_CACHE_BYTES;
    long writeBuffers = entries.containsKey(SHARED_WRITE_BUFFER_BYTES)
        ? Long.parseLong(entries.get(SHARED_WRITE_BUFFER_BYTES))
        : DEFAULT_SHARED_WRITE_BUFFER_BYTES;
    int threads = entries.containsKey(SHARED_BACKGROUND_THREADS)
        ? Integer.parseInt(entries.get(SHARED_BACKGROUND_THREADS))
        : DEFAULT_SHARED_BACKGROUND_THREADS;
    return Optional.of(SHARED.computeIfAbsent(List.of(applicationId, cache, writeBuffers, threads),
        k -> Strata.newSharedResources(cache, writeBuffers, threads)));
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
      if (SHARED_SETTINGS.contains(setting) && !key.equals(setting)) {
        throw new ConfigException(key, e.getValue(), "shared resources are application-wide "
            + "only: set " + setting);
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
    Object applicationId = appConfigs.get(StreamsConfig.APPLICATION_ID_CONFIG);
    return new StrataStoreConfig(ImmutableMap.copyOf(entries), setter,
        applicationId == null ? "" : applicationId.toString());
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
   * The options of one store: the shipped defaults with a store's small sizes (see the class
   * comment), then the application-wide settings, then the
   * store's own ({@code strata.store.<storeName>.*}), with the application's shared resources if
   * {@code strata.shared.*} settings ask for them.
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
    String strategy = merged.getOrDefault(COMPACTION_STRATEGY, defaultStrategy);
    Options levelDb = Options.levelDbDefaults();
    Options.Builder b = Options.builder()
        .writeBufferSizeBytes(levelDb.writeBufferSizeBytes())
        .blockCacheSizeBytes(levelDb.blockCacheSizeBytes())
        .memTable(levelDb.memTable())
        .compactionStrategy(strategy);
    sharedResources().ifPresent(b::sharedResources);
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
        case WRITE_BUFFER_BYTES, BLOCK_CACHE_BYTES, SHARED_BLOCK_CACHE_BYTES,
            SHARED_WRITE_BUFFER_BYTES -> {
          if (Long.parseLong(value) <= 0) {
            throw new ConfigException(key, value, "must be a positive number of bytes");
          }
        }
        case SHARED_BACKGROUND_THREADS -> {
          if (Integer.parseInt(value) <= 0) {
            throw new ConfigException(key, value, "must be a positive number of threads");
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
