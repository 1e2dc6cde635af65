package io.strata.api.spi.table;

import java.io.IOException;

/**
 * Writes one table. Entries are added in strictly increasing internal-key order; then
 * {@link #finish()} writes the index and footer, or {@link #abandon()} gives up. Not thread-safe.
 */
public interface TableBuilder {
  /**
   * Appends an entry. REQUIRES {@code internalKey} greater than every key added before.
   *
   * @param internalKey the encoded internal key
   * @param value the entry's value
   * @throws IOException if writing a finished block to the file fails
   */
  void add(byte[] internalKey, byte[] value) throws IOException;

  /**
   * Adds a range tombstone, kept apart from the point entries (RocksDB writes them to the
   * {@code rocksdb.range_del} meta block, table/block_based/block_based_table_builder.cc).
   * Tombstones may come in any order and between any point entries.
   *
   * @param internalKey the begin key's internal key, of type RANGE_DELETION
   * @param endUserKey the exclusive end user key
   * @throws IOException if writing fails
   * @throws IllegalArgumentException if the key is not a range deletion's
   */
  void addRangeTombstone(byte[] internalKey, byte[] endUserKey) throws IOException;

  /**
   * Writes the remaining blocks, the index and the footer. Does not sync or close the file.
   *
   * @throws IOException if writing to the file fails
   */
  void finish() throws IOException;

  /** Stops without finishing; the file's contents are undefined. */
  void abandon();

  /** {@return the number of entries added so far} */
  long numEntries();

  /** {@return bytes written so far, or the final file size after {@link #finish()}} */
  long fileSizeBytes();
}
