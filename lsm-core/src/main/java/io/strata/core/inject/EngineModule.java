package io.strata.core.inject;

import com.google.common.base.Ticker;
import dagger.Module;
import dagger.Provides;
import io.strata.api.Options;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.CompactionStrategy;
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
import java.nio.file.Path;
import java.util.Map;

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

  @Provides
  @DbScope
  static PluginContext pluginContext(Path dir, FileSystem fs, Options options,
      InternalKeyComparator icmp) {
    return new PluginContext(dir, fs, options, icmp, Ticker.systemTicker());
  }

  @Provides
  @DbScope
  static CompactionStrategy compactionStrategy(Providers providers, Options options,
      PluginContext context) {
    CompactionStrategyProvider p = new PluginRegistry<>("compaction strategy",
        providers.strategies()).require(options.compactionStrategy(),
            options.compactionStrategyProvider());
    p.checkOptionNames("compaction strategy", options.strategyOptions());
    return p.create(context, options.strategyOptions());
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

  @Provides
  @DbScope
  static TableCache tableCache(FileSystem fs, Path dir, TableFormat format, Options options) {
    return new TableCache(fs, dir, format, options.maxOpenFiles());
  }
}
