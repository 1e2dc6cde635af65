package io.strata.testkit;

import io.strata.api.spi.compaction.CompactionStrategyProvider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract suite run against the {@code leveled} strategy with LevelDB's own file choice and
 * output cut ({@code compaction_pri=round_robin}, {@code
 * level_compaction_dynamic_file_size=false}) where {@link LeveledContractTest} runs the
 * defaults, RocksDB's.
 */
class LeveledLevelDbPickingContractTest extends CompactionStrategyContract {
  @Override
  protected CompactionStrategyProvider provider() {
    return loadProvider("leveled");
  }

  @Override
  protected Map<String, String> strategyOptions() {
    return LeveledContractTest.smallTargets(Map.of("compaction_pri", "round_robin",
        "level_compaction_dynamic_file_size", "false"));
  }

  /**
   * A seed (drawn when LevelDB's picking was the default) whose compaction once split its
   * output between two entries of one user key while a range tombstone started at that key: the
   * next output's tombstone sorted before the previous output's last entry, and the level's
   * files overlapped.
   */
  @Test
  void rangeTombstoneAtASplitKeyKeepsFilesDisjoint(@TempDir Path dir) throws Exception {
    checkEngineMatchesAModel(22023305823281L, dir.resolve("db"));
  }
}
