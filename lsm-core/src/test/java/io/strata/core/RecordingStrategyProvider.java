package io.strata.core;

import com.google.common.collect.ImmutableSet;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.Version;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider that wraps the strategy registered under a name and records every compaction it
 * picks, with the Version it was picked from.
 */
final class RecordingStrategyProvider implements CompactionStrategyProvider {
  /** One pick: the compaction, the tree it was picked from, and the writers' pace then. */
  record Pick(Compaction compaction, Version version, WriteStall stall) {}

  private final CompactionStrategyProvider delegate;
  final List<Pick> picks = new CopyOnWriteArrayList<>();

  RecordingStrategyProvider(String name) {
    this.delegate = ServiceLoader.load(CompactionStrategyProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no strategy " + name));
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public ImmutableSet<String> optionNames() {
    return delegate.optionNames();
  }

  @Override
  public CompactionStrategy create(PluginContext context, Map<String, String> options) {
    return new ForwardingCompactionStrategy(delegate.create(context, options)) {
      @Override
      public Optional<Compaction> pickCompaction(Version version) {
        Optional<Compaction> c = super.pickCompaction(version);
        c.ifPresent(x -> picks.add(new Pick(x, version, writeStall(version))));
        return c;
      }
    };
  }
}
