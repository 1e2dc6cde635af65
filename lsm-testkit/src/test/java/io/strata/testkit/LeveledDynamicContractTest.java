package io.strata.testkit;

import io.strata.api.spi.compaction.CompactionStrategyProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract suite run against the {@code leveled} strategy with
 * {@code level_compaction_dynamic_level_bytes}: level 0 compacting straight into the base level,
 * with small level targets so that the engine workload reaches deeper levels.
 */
class LeveledDynamicContractTest extends CompactionStrategyContract {
  @Override
  protected CompactionStrategyProvider provider() {
    return loadProvider("leveled");
  }

  @Override
  protected Map<String, String> strategyOptions() {
    return LeveledContractTest.smallTargets(
        Map.of("level_compaction_dynamic_level_bytes", "true"));
  }

  /**
   * A seed whose 16th random tree starts with 2 files of large entries: its first compaction
   * cuts them into about 90 one-entry files, which then take 249 picks to settle, more than a
   * bound drawn from the 2 files the drain started with.
   */
  @Test
  void convergesWhenACompactionCutsTwoFilesIntoNinety() {
    checkCompactionsConvergeUnderAFlushWorkload(17678728127396L);
  }
}
