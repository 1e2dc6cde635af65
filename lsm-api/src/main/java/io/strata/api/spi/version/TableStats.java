package io.strata.api.spi.version;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How many entries of one table file are point deletions (tombstones), as its table properties
 * record them: what a compaction strategy weighs, besides the file's size, to reclaim the space
 * deleted data holds (RocksDB keeps the same counts per file, db/version_set.cc
 * {@code UpdateAccumulatedStats}, and Cassandra per SSTable for its tombstone compactions).
 * These counts are not part of the MANIFEST: the engine reads them from the table files (see
 * {@link TableStatsSource}). Range tombstones are counted in neither figure. Immutable.
 *
 * @param numEntries point entries in the table (puts, deletions, merge operands), at least 0
 * @param numDeletions entries among them that are point deletions, from 0 to {@code numEntries}
 */
public record TableStats(long numEntries, long numDeletions) {
  /**
   * The stats of a table whose counts are not known (a format without properties, or a table
   * not read yet): no entries, so no deletions. A strategy treats such a file as holding no
   * tombstones and leaves its bytes out of averages over entries.
   */
  public static final TableStats UNKNOWN = new TableStats(0, 0);

  /**
   * Checks the counts.
   *
   * @param numEntries point entries in the table, at least 0
   * @param numDeletions entries among them that are point deletions, from 0 to {@code
   *     numEntries}
   * @throws IllegalArgumentException if {@code numEntries} is negative, or {@code numDeletions}
   *     is negative or above {@code numEntries}
   */
  public TableStats {
    checkArgument(numEntries >= 0, "numEntries must be >= 0, was %s", numEntries);
    checkArgument(numDeletions >= 0 && numDeletions <= numEntries,
        "numDeletions must be in [0, numEntries = %s], was %s", numEntries, numDeletions);
  }

  /** {@return whether any entry is counted: false for {@link #UNKNOWN}} */
  public boolean known() {
    return numEntries > 0;
  }

  /** {@return the entries that are not point deletions} */
  public long numNonDeletions() {
    return numEntries - numDeletions;
  }

  /**
   * The share of the entries that are point deletions (Cassandra's "estimated droppable
   * tombstone ratio", before it asks which of them may be dropped).
   *
   * @return {@code numDeletions / numEntries}, from 0 to 1; 0 when no entry is counted
   */
  public double deletionRatio() {
    return numEntries == 0 ? 0 : numDeletions / (double) numEntries;
  }
}
