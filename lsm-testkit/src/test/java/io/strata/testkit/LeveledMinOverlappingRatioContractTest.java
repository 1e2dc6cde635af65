package io.strata.testkit;

import io.strata.api.spi.compaction.CompactionStrategyProvider;
import java.util.Map;

/**
 * The contract suite run against the {@code leveled} strategy with
 * {@code compaction_pri=min_overlapping_ratio}: the seed file of a compaction from level 1 or
 * deeper is the one of least next-level overlap rather than the round robin's, with small level
 * targets so that the engine workload reaches deeper levels.
 */
class LeveledMinOverlappingRatioContractTest extends CompactionStrategyContract {
  @Override
  protected CompactionStrategyProvider provider() {
    return loadProvider("leveled");
  }

  @Override
  protected Map<String, String> strategyOptions() {
    return LeveledContractTest.smallTargets(Map.of("compaction_pri", "min_overlapping_ratio"));
  }
}
