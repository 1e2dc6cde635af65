package io.strata.core.inject;

import dagger.Module;
import dagger.Provides;
import io.strata.api.spi.compaction.CompactionFilterProvider;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.memtable.MemTableProvider;
import io.strata.api.spi.merge.MergeOperatorProvider;
import io.strata.api.spi.table.TableFormatProvider;
import io.strata.api.spi.version.VersionSetProvider;
import java.util.HashSet;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Finds every provider on the class path with {@link ServiceLoader}: the one place the engine
 * scans for plugins. A component that lists providers by hand leaves this module out.
 */
@Module
public final class ServiceLoaderModule {
  private ServiceLoaderModule() {}

  @Provides
  static Providers providers() {
    ClassLoader cl = ServiceLoaderModule.class.getClassLoader();
    return new Providers(load(CompactionStrategyProvider.class, cl),
        load(MemTableProvider.class, cl), load(TableFormatProvider.class, cl),
        load(VersionSetProvider.class, cl), load(CompactionFilterProvider.class, cl),
        load(MergeOperatorProvider.class, cl));
  }

  private static <T> Set<T> load(Class<T> type, ClassLoader cl) {
    Set<T> out = new HashSet<>();
    ServiceLoader.load(type, cl).forEach(out::add);
    return out;
  }
}
