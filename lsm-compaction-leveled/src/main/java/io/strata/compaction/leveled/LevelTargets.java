package io.strata.compaction.leveled;

import io.strata.api.spi.version.Version;

/**
 * The target size of each level of one {@link Version}, and the base level that level 0 compacts
 * into. Immutable.
 *
 * <p>With fixed targets (LevelDB's), the base level is 1 and level L's target is
 * {@link LeveledCompactionOptions#maxBytesForLevel}(L), whatever the tree holds.
 *
 * <p>With {@code level_compaction_dynamic_level_bytes}, targets follow the data, as RocksDB's
 * {@code VersionStorageInfo::CalculateBaseBytes} ({@code db/version_set.cc}) computes them: the
 * largest level below 0 is taken as the last level's size, each level above it targets a
 * multiplier-th of the one below, and the base level is the deepest level whose target stays
 * within {@code max_bytes_for_level_base}; levels between 0 and the base level are empty, and
 * level 0 compacts straight into the base level. No target is below
 * {@code max_bytes_for_level_base}, so that levels are never scored above level 0 for being
 * smaller than it. An empty tree below level 0 has the last level as its base: the first
 * level-0 compaction writes the last level. The steady state writes each byte once per level
 * that holds data, so that about 90% of the data sits in the last level whatever its size, where
 * LevelDB's fixed targets leave the last level partly filled and the write amplification of a
 * level that is not needed.
 */
final class LevelTargets {
  private final int baseLevel;
  private final double[] targets;

  private LevelTargets(int baseLevel, double[] targets) {
    this.baseLevel = baseLevel;
    this.targets = targets;
  }

  /** The targets of {@code version} under {@code options}. */
  static LevelTargets of(Version version, LeveledCompactionOptions options) {
    int levels = version.numLevels();
    double[] targets = new double[levels];
    if (!options.dynamicLevelBytes()) {
      for (int level = 0; level < levels; level++) {
        targets[level] = options.maxBytesForLevel(level);
      }
      return new LevelTargets(1, targets);
    }
    int last = levels - 1;
    double baseMax = options.maxBytesForLevelBaseBytes();
    double multiplier = options.maxBytesForLevelMultiplier();
    long maxLevelBytes = 0;
    int firstNonEmpty = -1;
    for (int level = 1; level <= last; level++) {
      long bytes = version.levelBytes(level);
      if (bytes > 0) {
        if (firstNonEmpty < 0) {
          firstNonEmpty = level;
        }
        maxLevelBytes = Math.max(maxLevelBytes, bytes);
      }
    }
    java.util.Arrays.fill(targets, Double.POSITIVE_INFINITY);
    targets[0] = baseMax;
    if (firstNonEmpty < 0) {
      targets[last] = baseMax;
      return new LevelTargets(last, targets);
    }
    // The size the first non-empty level would have if the largest level were the last one.
    double size = maxLevelBytes;
    for (int level = last - 1; level >= firstNonEmpty; level--) {
      size /= multiplier;
    }
    int base = firstNonEmpty;
    while (base > 1 && size > baseMax) {
      base--;
      size /= multiplier;
    }
    size = size > baseMax ? baseMax : Math.max(1, size);
    for (int level = base; level <= last; level++) {
      if (level > base) {
        size *= multiplier;
      }
      targets[level] = Math.max(size, baseMax);
    }
    return new LevelTargets(base, targets);
  }

  /** The level that level 0 compacts into: 1 with fixed targets. */
  int baseLevel() {
    return baseLevel;
  }

  /**
   * The target size of {@code level} in bytes; infinite for a level between 0 and the base
   * level, which stays empty.
   */
  double target(int level) {
    return targets[level];
  }
}
