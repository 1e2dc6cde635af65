package io.strata.core.inject;

import io.strata.api.spi.compaction.CompactionFilterProvider;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.memtable.MemTableProvider;
import io.strata.api.spi.merge.MergeOperatorProvider;
import io.strata.api.spi.table.TableFormatProvider;
import io.strata.api.spi.version.VersionSetProvider;
import java.util.Set;

/**
 * The providers available to a database, one set per extension point. Immutable.
 *
 * @param strategies compaction strategy providers
 * @param memTables memtable providers
 * @param tableFormats table format providers
 * @param versionSets metadata log providers
 * @param compactionFilters compaction filter providers
 * @param mergeOperators merge operator providers
 */
public record Providers(Set<CompactionStrategyProvider> strategies,
    Set<MemTableProvider> memTables, Set<TableFormatProvider> tableFormats,
    Set<VersionSetProvider> versionSets, Set<CompactionFilterProvider> compactionFilters,
    Set<MergeOperatorProvider> mergeOperators) {
  /**
   * Copies each set.
   *
   * @param strategies compaction strategy providers
   * @param memTables memtable providers
   * @param tableFormats table format providers
   * @param versionSets metadata log providers
   * @param compactionFilters compaction filter providers
   * @param mergeOperators merge operator providers
   * @throws NullPointerException if a set, or an element of one, is null
   */
  public Providers {
    strategies = Set.copyOf(strategies);
    memTables = Set.copyOf(memTables);
    tableFormats = Set.copyOf(tableFormats);
    versionSets = Set.copyOf(versionSets);
    compactionFilters = Set.copyOf(compactionFilters);
    mergeOperators = Set.copyOf(mergeOperators);
  }

  /**
   * Providers without compaction filters or merge operators.
   *
   * @param strategies compaction strategy providers
   * @param memTables memtable providers
   * @param tableFormats table format providers
   * @param versionSets metadata log providers
   * @throws NullPointerException if a set, or an element of one, is null
   */
  public Providers(Set<CompactionStrategyProvider> strategies, Set<MemTableProvider> memTables,
      Set<TableFormatProvider> tableFormats, Set<VersionSetProvider> versionSets) {
    this(strategies, memTables, tableFormats, versionSets, Set.of(), Set.of());
  }
}
