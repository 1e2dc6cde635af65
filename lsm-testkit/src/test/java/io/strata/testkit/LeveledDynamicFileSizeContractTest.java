package io.strata.testkit;

import io.strata.api.spi.compaction.CompactionStrategyProvider;
import java.util.Map;

/**
 * The contract suite run against the {@code leveled} strategy with
 * {@code level_compaction_dynamic_file_size}: compaction outputs end at the next level's file
 * boundaries, between half and twice the target file size, with small level targets so that the
 * engine workload reaches deeper levels.
 */
class LeveledDynamicFileSizeContractTest extends CompactionStrategyContract {
  @Override
  protected CompactionStrategyProvider provider() {
    return loadProvider("leveled");
  }

  @Override
  protected Map<String, String> strategyOptions() {
    return LeveledContractTest.smallTargets(Map.of("level_compaction_dynamic_file_size", "true"));
  }
}
