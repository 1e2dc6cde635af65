package io.strata.compaction.tiered;

import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;

/** Turns a picked compaction into the edit an engine would log, for tests that replay picks. */
final class CompactionEdits {
  private CompactionEdits() {}

  /**
   * The edit of running {@code c} on {@code v} as if its output were one file {@code fileNumber}
   * at the output level, spanning the union of the inputs' key ranges and of their sequence
   * ranges (of those that have one; none if no input has one), of {@code keptFraction} of the
   * inputs' bytes (overwritten and deleted entries dropped), written by {@code tiered}.
   */
  static VersionEdit merged(Version v, Compaction c, long fileNumber, double keptFraction) {
    InternalKeyComparator icmp = v.comparator();
    VersionEdit.Builder e = VersionEdit.builder();
    InternalKey smallest = null;
    InternalKey largest = null;
    long lo = Long.MAX_VALUE;
    long hi = -1;
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData f : in.files()) {
        e.deleteFile(in.level(), f.fileNumber());
        if (smallest == null || icmp.compare(f.smallest(), smallest) < 0) {
          smallest = f.smallest();
        }
        if (largest == null || icmp.compare(f.largest(), largest) > 0) {
          largest = f.largest();
        }
        if (f.hasSequenceRange()) {
          lo = Math.min(lo, f.smallestSequence());
          hi = Math.max(hi, f.largestSequence());
        }
      }
    }
    FileMetaData out = new FileMetaData(fileNumber,
        Math.max(1, (long) (c.inputBytes() * keptFraction)), smallest, largest);
    e.addFile(c.outputLevel(), hi >= 0 ? out.withSequenceRange(lo, hi, "tiered") : out);
    return e.build();
  }
}
