package io.strata.api.spi.table;

import static com.google.common.base.Preconditions.checkArgument;

import io.strata.api.spi.version.FileMetaData;

/**
 * What one table file records about its contents (RocksDB's name; Strata's block-based format
 * keeps them in its {@code strata.properties} meta block). Each figure the file does not record
 * is {@link #UNKNOWN}: a table LevelDB wrote has no properties block, so only what its index
 * shows is known. Immutable.
 *
 * @param numEntries entries in the table, or {@link #UNKNOWN}
 * @param numDataBlocks data blocks, or {@link #UNKNOWN}
 * @param numDeletions entries that are tombstones, or {@link #UNKNOWN}
 * @param smallestSequence the smallest sequence number of an entry, or {@link #UNKNOWN}
 * @param largestSequence the largest sequence number of an entry, or {@link #UNKNOWN}
 */
public record TableProperties(long numEntries, long numDataBlocks, long numDeletions,
    long smallestSequence, long largestSequence) {
  /**
   * A figure the table does not record; the same value as {@link
   * FileMetaData#UNKNOWN_SEQUENCE}, so that a sequence range is absent one way throughout.
   */
  public static final long UNKNOWN = FileMetaData.UNKNOWN_SEQUENCE;

  /** A table that records nothing. */
  public static final TableProperties NONE =
      new TableProperties(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);

  /**
   * Checks the figures.
   *
   * @param numEntries entries in the table, or {@link #UNKNOWN}
   * @param numDataBlocks data blocks, or {@link #UNKNOWN}
   * @param numDeletions entries that are tombstones, or {@link #UNKNOWN}
   * @param smallestSequence the smallest sequence number of an entry, or {@link #UNKNOWN}
   * @param largestSequence the largest sequence number of an entry, or {@link #UNKNOWN}
   * @throws IllegalArgumentException if a figure is negative other than {@link #UNKNOWN}, or the
   *     sequence range is not as {@link FileMetaData#checkSequenceRange} requires
   */
  public TableProperties {
    checkKnownOrUnknown("numEntries", numEntries);
    checkKnownOrUnknown("numDataBlocks", numDataBlocks);
    checkKnownOrUnknown("numDeletions", numDeletions);
    FileMetaData.checkSequenceRange(smallestSequence, largestSequence);
  }

  /** {@return whether the table's sequence range is recorded} */
  public boolean hasSequenceRange() {
    return smallestSequence != UNKNOWN;
  }

  private static void checkKnownOrUnknown(String name, long value) {
    checkArgument(value >= 0 || value == UNKNOWN, "%s must be >= 0 or UNKNOWN, was %s", name,
        value);
  }
}
