package io.strata.api.spi.table;

/**
 * Figures of one table file's contents, when the format records them.
 *
 * @param numEntries entries in the table
 * @param numDataBlocks data blocks
 */
public record TableStats(long numEntries, long numDataBlocks) {
  public static final TableStats NONE = new TableStats(-1, -1);
}
