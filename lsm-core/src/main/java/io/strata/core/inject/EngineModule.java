package io.strata.core.inject;

import com.google.common.base.Ticker;
import dagger.Module;
import dagger.Provides;
import io.strata.api.Options;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.CompactionFilterFactory;
import io.strata.api.spi.compaction.CompactionFilterProvider;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.memtable.MemTableFactory;
import io.strata.api.spi.memtable.MemTableProvider;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.table.TableFormatProvider;
import io.strata.api.spi.version.VersionSet;
import io.strata.api.spi.version.VersionSetProvider;
import io.strata.core.cache.TableCache;
import io.strata.core.compaction.StrategyChoice;
import io.strata.core.compaction.StrategyFactory;
import io.strata.core.compaction.StrategySettings;
import io.strata.core.compaction.TableStatsCache;
import io.strata.core.ttl.TtlCompactionFilterFactory;
import io.strata.core.ttl.TtlValues;
import io.strata.core.merge.MergeOperators;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Wires one database's engine from its directory, its {@link Options} and the available
 * {@link Providers}: picks each plugin by name, checks its options, and creates it.
 */
@Module
public final class EngineModule {
  private EngineModule() {}

  @Provides
  @DbScope
  static FileSystem fileSystem(Options options) {
    return options.fileSystem().orElseGet(LocalFileSystem::new);
  }

  @Provides
  @DbScope
  static InternalKeyComparator internalKeyComparator(Options options) {
    return new InternalKeyComparator(options.comparator());
  }

  /** The clock of the engine and its plugins: the system's monotonic one. */
  @Provides
  @DbScope
  static Ticker ticker() {
    return Ticker.systemTicker();
  }

  @Provides
  @DbScope
  static PluginContext pluginContext(Path dir, FileSystem fs, Options options,
      InternalKeyComparator icmp, Ticker ticker) {
    return new PluginContext(dir, fs, options, icmp, ticker);
  }

  /**
   * Creates the strategy the open decides on (the database's own, unless the options name one:
   * see {@code StrategyChoice}). A strategy the options name is created once here, so that an
   * unknown name or option fails before open touches the directory. Strategies get the tables'
   * entry and deletion counts in their context.
   */
  @Provides
  @DbScope
  static StrategyFactory strategyFactory(Providers providers, Options options,
      PluginContext pluginContext, TableStatsCache tableStats) {
    PluginContext context = pluginContext.withTableStats(tableStats);
    PluginRegistry<CompactionStrategyProvider> registry =
        new PluginRegistry<>("compaction strategy", providers.strategies());
    StrategyFactory factory = settings -> {
      CompactionStrategyProvider p = registry.require(settings.name(),
          options.compactionStrategyProvider().filter(d -> d.name().equals(settings.name())));
      p.checkOptionNames("compaction strategy", settings.options());
      return p.create(context, settings.options());
    };
    StrategyChoice.named(options).ifPresent(
        name -> factory.create(StrategySettings.of(name, options.strategyOptions())));
    return factory;
  }

  /**
   * The compaction filter factory: the one the options hand in or name, under the TTL's filter
   * when the options set a TTL; empty for none. A named one is created here, so that an unknown
   * name or option fails before open touches the directory.
   */
  @Provides
  @DbScope
  static Optional<CompactionFilterFactory> compactionFilterFactory(Providers providers,
      Options options, PluginContext context) {
    Optional<CompactionFilterFactory> user = options.compactionFilterFactory();
    if (options.compactionFilter().isPresent()) {
      CompactionFilterProvider p = new PluginRegistry<>("compaction filter",
          providers.compactionFilters()).require(options.compactionFilter().get(),
              Optional.empty());
      p.checkOptionNames("compaction filter", options.compactionFilterOptions());
      user = Optional.of(p.create(context, options.compactionFilterOptions()));
    }
    if (options.ttl().isPresent()) {
      return Optional.of(new TtlCompactionFilterFactory(
          new TtlValues(options.ttl().get(), options.clock()), user));
    }
    return user;
  }

  @Provides
  @DbScope
  static MemTableFactory memTableFactory(Providers providers, Options options,
      PluginContext context) {
    MemTableProvider p = new PluginRegistry<>("memtable", providers.memTables())
        .require(options.memTable(), options.memTableProvider());
    return p.create(context, Map.of());
  }

  @Provides
  @DbScope
  static TableFormat tableFormat(Providers providers, Options options, PluginContext context) {
    TableFormatProvider p = new PluginRegistry<>("table format", providers.tableFormats())
        .require(options.tableFormat(), options.tableFormatProvider());
    return p.create(context, Map.of());
  }

  @Provides
  @DbScope
  static VersionSet versionSet(Providers providers, Options options, PluginContext context) {
    VersionSetProvider p = new PluginRegistry<>("version set", providers.versionSets())
        .require(options.versionSet(), options.versionSetProvider());
    return p.create(context, Map.of());
  }

  /** Finds the database's merge operator by name, once open knows which it records. */
  @Provides
  @DbScope
  static MergeOperators mergeOperators(Providers providers, Options options) {
    return new MergeOperators(providers.mergeOperators(), options);
  }

  @Provides
  @DbScope
  static TableCache tableCache(FileSystem fs, Path dir, TableFormat format, Options options) {
    return new TableCache(fs, dir, format, options.maxOpenFiles());
  }

  /** The tables' entry and deletion counts, shared by the engine and its strategy. */
  @Provides
  @DbScope
  static TableStatsCache tableStatsCache(TableCache tableCache) {
    return new TableStatsCache(tableCache);
  }
}
