package io.strata.api.spi.compaction;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.strata.api.spi.version.Version;

/**
 * Creates a {@link CompactionFilter} for each compaction that rewrites entries (rocksdb
 * include/rocksdb/compaction_filter.h, {@code CompactionFilterFactory}); a trivial move, which
 * rewrites nothing, gets none. Shared by the compactions of one database: thread-safe.
 *
 * <p>Given with {@code Options.Builder.compactionFilterFactory}, or created by the
 * {@link CompactionFilterProvider} that {@code Options.Builder.compactionFilter} names.
 */
public interface CompactionFilterFactory {
  /**
   * Creates the filter of one compaction.
   *
   * @param context what the compaction reads and where it writes
   * @return the filter, used by the compaction's thread alone, never null
   */
  CompactionFilter createCompactionFilter(Context context);

  /** {@return a short name for logs} */
  String name();

  /**
   * What a compaction tells the factory about itself (rocksdb {@code CompactionFilter::Context}).
   * Immutable.
   *
   * @param inputLevels the levels the compaction reads, ascending, without repeats
   * @param outputLevel the level its outputs go to
   * @param bottommost whether no file outside the compaction may hold an older version of a key
   *     in its range: no file of a deeper level overlaps it, and for a level-0 output, no older
   *     level-0 file does. Then every key the filter removes is dropped outright
   * @param manual whether {@code Db.compactRange} asked for it
   * @param strategy the name of the compaction strategy that picked it, e.g. {@code leveled}
   */
  record Context(ImmutableList<Integer> inputLevels, int outputLevel, boolean bottommost,
      boolean manual, String strategy) {
    /**
     * Checks the components.
     *
     * @param inputLevels the levels the compaction reads, ascending, without repeats
     * @param outputLevel the level its outputs go to
     * @param bottommost whether no file outside the compaction may hold an older version of a
     *     key in its range
     * @param manual whether {@code Db.compactRange} asked for it
     * @param strategy the name of the compaction strategy that picked it
     * @throws NullPointerException if {@code inputLevels} or {@code strategy} is null
     * @throws IllegalArgumentException if {@code inputLevels} is empty or a level is out of
     *     range
     */
    public Context {
      checkNotNull(inputLevels, "inputLevels");
      checkNotNull(strategy, "strategy");
      checkArgument(!inputLevels.isEmpty(), "a compaction reads at least one level");
      checkArgument(outputLevel >= 0 && outputLevel < Version.NUM_LEVELS,
          "outputLevel out of range: %s", outputLevel);
      for (int level : inputLevels) {
        checkArgument(level >= 0 && level < Version.NUM_LEVELS, "input level out of range: %s",
            level);
      }
    }

    /** {@return the level of the compaction's first input, RocksDB's {@code level}} */
    public int startLevel() {
      return inputLevels.get(0);
    }
  }
}
