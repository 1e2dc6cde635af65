package io.strata.compaction.leveled;

import java.util.Locale;
import java.util.Optional;

/**
 * How the {@code leveled} strategy chooses the file a compaction from level 1 or deeper starts
 * with, once the level is picked: the {@code compaction_pri} option, after RocksDB's option of
 * that name (facebook/rocksdb {@code include/rocksdb/advanced_options.h} {@code CompactionPri}).
 * Level 0 always takes every file that overlaps its seed, so this choice is made for deeper
 * levels only.
 */
public enum CompactionPri {
  /**
   * LevelDB's round robin (google/leveldb's only choice): the first file past the level's compaction pointer, wrapping to the
   * first file (google/leveldb db/version_set.cc {@code PickCompaction}), so that every key range
   * gets its turn; except that when a file of the level is compensated for deletions, the file
   * of largest compensated size goes first (RocksDB's {@code kByCompensatedSize}).
   */
  ROUND_ROBIN("round_robin"),

  /**
   * RocksDB's {@code kMinOverlappingRatio} (db/version_set.cc {@code
   * SortFileByOverlappingRatio}), RocksDB's default and the {@code leveled} default: the file
   * whose bytes in the next level
   * are smallest relative to its own compensated size, the first in key order on a tie. Such a
   * compaction rewrites the fewest next-level bytes per byte it moves down, which lowers write
   * amplification under random writes; a file whose deletions are compensated counts larger
   * and goes sooner.
   */
  MIN_OVERLAPPING_RATIO("min_overlapping_ratio");

  private final String optionValue;

  CompactionPri(String optionValue) {
    this.optionValue = optionValue;
  }

  /** {@return the value of the {@code compaction_pri} option that selects this choice} */
  public String optionValue() {
    return optionValue;
  }

  /** The choice whose option value is {@code value}, ignoring case and surrounding spaces. */
  static Optional<CompactionPri> fromOptionValue(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (CompactionPri p : values()) {
      if (p.optionValue.equals(v)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
