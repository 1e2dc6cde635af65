package io.strata.testkit;

import io.strata.api.spi.compaction.CompactionStrategyProvider;
import java.util.HashMap;
import java.util.Map;

/**
 * The contract suite run against the {@code leveled} strategy, found through {@code
 * ServiceLoader}, on its defaults but with small level targets so that the engine workload
 * reaches deeper levels.
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
}
