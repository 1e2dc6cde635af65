package io.strata.core.compaction;

import io.strata.api.KeyComparator;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a compaction is bottommost (RocksDB's {@code Compaction::bottommost_level_}): no file
 * outside it may hold an older version of a key in its inputs' user-key range. Used for the
 * bottommost compression type and for the compaction filter's context. Stateless.
 */
final class Bottommost {
  private Bottommost() {}

  /**
   * Whether no file outside {@code c} may hold an older version of a key in its range: no file
   * of a level below the output overlaps the inputs' user-key range, and for a level-0 output no
   * non-input level-0 file after the newest input (in {@link Version#LEVEL0_NEWEST_FIRST}
   * order) does either.
   *
   * @param c the compaction, picked from {@code version}
   * @param version the Version {@code c} was picked from
   * @return true if {@code c} is bottommost; true for a compaction without input files
   */
  static boolean of(Compaction c, Version version) {
    KeyComparator ucmp = version.comparator().userComparator();
    byte[] smallest = null;
    byte[] largest = null;
    Set<Long> inputs = new HashSet<>();
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData f : in.files()) {
        inputs.add(f.fileNumber());
        byte[] lo = f.smallest().userKey().toByteArray();
        byte[] hi = f.largest().userKey().toByteArray();
        if (smallest == null || ucmp.compare(lo, smallest) < 0) {
          smallest = lo;
        }
        if (largest == null || ucmp.compare(hi, largest) > 0) {
          largest = hi;
        }
      }
    }
    if (smallest == null) {
      return true;
    }
    for (int level = c.outputLevel() + 1; level < Version.NUM_LEVELS; level++) {
      if (version.overlapInLevel(level, smallest, largest)) {
        return false;
      }
    }
    if (c.outputLevel() == 0) {
      // Level 0 is newest first: a non-input file after the first input may be older than it.
      List<FileMetaData> level0 = version.files(0);
      boolean pastInput = false;
      for (FileMetaData f : level0) {
        if (inputs.contains(f.fileNumber())) {
          pastInput = true;
        } else if (pastInput
            && ucmp.compare(f.largest().userKey().toByteArray(), smallest) >= 0
            && ucmp.compare(f.smallest().userKey().toByteArray(), largest) <= 0) {
          return false;
        }
      }
    }
    return true;
  }
}
