package io.strata.testkit;

import io.strata.api.spi.compaction.CompactionStrategyProvider;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract suite run against the {@code leveled} strategy, found through {@code
 * ServiceLoader}, with small level targets so that the engine workload reaches deeper levels.
 */
class LeveledContractTest extends CompactionStrategyContract {
  @Override
  protected CompactionStrategyProvider provider() {
    return loadProvider("leveled");
  }

  @Override
  protected Map<String, String> strategyOptions() {
    return smallTargets(Map.of());
  }

  /**
   * A 256 KiB level 1 and 64 KiB files, so that the engine workload reaches deeper levels, with
   * {@code options} added.
   */
  static Map<String, String> smallTargets(Map<String, String> options) {
    Map<String, String> all = new HashMap<>(options);
    all.put("max_bytes_for_level_base", Integer.toString(256 << 10));
    all.put("target_file_size_base", Integer.toString(64 << 10));
    return Map.copyOf(all);
  }

  /**
   * A seed whose compaction once split its output between two entries of one user key while
   * a range tombstone started at that key: the next output's tombstone sorted before the
   * previous output's last entry, and the level's files overlapped.
   */
  @Test
  void rangeTombstoneAtASplitKeyKeepsFilesDisjoint(@TempDir Path dir) throws Exception {
    checkEngineMatchesAModel(22023305823281L, dir.resolve("db"));
  }
}
