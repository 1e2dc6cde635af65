package io.strata.testkit;

import io.strata.api.spi.compaction.CompactionStrategyProvider;

/**
 * The contract suite run against the {@code tiered} strategy, found through {@code
 * ServiceLoader}.
 */
class TieredContractTest extends CompactionStrategyContract {
  @Override
  protected CompactionStrategyProvider provider() {
    return loadProvider("tiered");
  }
}
