package io.strata.api.spi.table;

import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import java.io.Closeable;
import java.io.IOException;

/**
 * An open table, read by any number of threads at once. The engine's table cache closes it once
 * no reader holds it.
 */
public interface TableReader extends Closeable {
  /**
   * An iterator over every entry.
   *
   * @param verifyChecksums check every data block's CRC32C
   * @param fillCache keep blocks read in the block cache
   * @return a new iterator over the table's internal entries, unpositioned; close it
   */
  InternalIterator newIterator(boolean verifyChecksums, boolean fillCache);

  /**
   * Looks up the newest entry of {@code userKey} with sequence {@code <= sequence}, consulting the
   * filter first: sets {@code result} FOUND or DELETED, or leaves it NOT_FOUND. Merge operands
   * passed on the way are added to {@code result} as {@link
   * io.strata.api.spi.memtable.MemTable#get} does.
   *
   * @param userKey the user key to look up
   * @param sequence the newest sequence number visible to the read
   * @param result where the state and value of the entry found are set
   * @param verifyChecksums check the CRC32C of every data block read
   * @param fillCache keep blocks read in the block cache
   * @return true if a put or a delete was found (the lookup is over)
   * @throws IOException if reading the file fails; a {@link io.strata.api.CorruptionException} if
   *     a block is damaged
   */
  boolean get(byte[] userKey, long sequence, GetResult result, boolean verifyChecksums,
      boolean fillCache) throws IOException;

  /**
   * As {@link #newIterator(boolean, boolean)}, counting the data blocks it reads in
   * {@code stats}. Default: ignores {@code stats}.
   *
   * @param verifyChecksums check every data block's CRC32C
   * @param fillCache keep blocks read in the block cache
   * @param stats where the data blocks read are counted
   * @return a new iterator over the table's internal entries, unpositioned; close it
   */
  default InternalIterator newIterator(boolean verifyChecksums, boolean fillCache,
      TableReadStats stats) {
    return newIterator(verifyChecksums, fillCache);
  }

  /**
   * As {@link #get(byte[], long, GetResult, boolean, boolean)}, counting filter probes, the
   * table read and its data blocks in {@code stats}. Default: ignores {@code stats}.
   *
   * @param userKey the user key to look up
   * @param sequence the newest sequence number visible to the read
   * @param result where the state and value of the entry found are set
   * @param verifyChecksums check the CRC32C of every data block read
   * @param fillCache keep blocks read in the block cache
   * @param stats where filter probes, the table read and its data blocks are counted
   * @return true if a put or a delete was found (the lookup is over)
   * @throws IOException if reading the file fails; a {@link io.strata.api.CorruptionException} if
   *     a block is damaged
   */
  default boolean get(byte[] userKey, long sequence, GetResult result, boolean verifyChecksums,
      boolean fillCache, TableReadStats stats) throws IOException {
    return get(userKey, sequence, result, verifyChecksums, fillCache);
  }

  /**
   * Estimates where a key's data lies, from the index block.
   *
   * @param internalKey the encoded internal key
   * @return the approximate byte offset in the file where {@code internalKey}'s data would be
   */
  long approximateOffsetOf(byte[] internalKey);

  /**
   * A new iterator over the table's range tombstones (RocksDB's {@code
   * TableReader::NewRangeTombstoneIterator}), in internal-key order: key = the begin key's
   * internal key, of type RANGE_DELETION; value = the exclusive end user key. Empty when the
   * table holds none.
   *
   * @return the iterator; the caller closes it
   * @throws IOException if reading the tombstones fails
   */
  InternalIterator newRangeTombstoneIterator() throws IOException;

  /**
   * What the table file records about its contents, read when the reader was opened; {@link
   * TableProperties#NONE} for a format that records nothing.
   *
   * @return the table's properties
   */
  default TableProperties properties() {
    return TableProperties.NONE;
  }
}
