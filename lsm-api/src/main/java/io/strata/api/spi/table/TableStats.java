package io.strata.api.spi.table;

/**
 * Figures of one table file's contents, when the format records them; -1 for each it does not
 * (a table LevelDB wrote has no properties block, for instance).
 *
 * @param numEntries entries in the table
 * @param numDataBlocks data blocks
 * @param numDeletions entries that are tombstones
 * @param smallestSequence the smallest sequence number of an entry
 * @param largestSequence the largest sequence number of an entry
 */
public record TableStats(long numEntries, long numDataBlocks, long numDeletions,
    long smallestSequence, long largestSequence) {
  public static final TableStats NONE = new TableStats(-1, -1, -1, -1, -1);

  /** Whether the table's sequence range is recorded. */
  public boolean hasSequenceRange() {
    return smallestSequence >= 0 && largestSequence >= smallestSequence;
  }
}
