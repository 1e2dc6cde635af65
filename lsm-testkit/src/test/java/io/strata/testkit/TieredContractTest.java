package io.strata.testkit;

import io.strata.api.spi.compaction.CompactionStrategyProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract suite run against the {@code tiered} strategy, found through {@code
 * ServiceLoader}.
 */
class TieredContractTest extends CompactionStrategyContract {
  @Override
  protected CompactionStrategyProvider provider() {
    return loadProvider("tiered");
  }

  /**
   * Seeds whose flush workload once ended on an oldest run just over {@code min_sstable_size},
   * in a bucket of its own, and newer runs one short of {@code min_threshold}: nothing to pick,
   * while level 0 scored the runs over {@code min_threshold}, 1.0, "needs compaction".
   */
  @ParameterizedTest
  @ValueSource(longs = {489400538939L, 1700655298925L, 1804318705540L})
  void compactionsConvergeOnSeedsThatOnceFailed(long seed) {
    checkCompactionsConvergeUnderAFlushWorkload(seed);
  }
}
