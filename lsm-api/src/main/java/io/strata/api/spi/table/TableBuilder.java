package io.strata.api.spi.table;

import java.io.IOException;

/**
 * Writes one table. Entries are added in strictly increasing internal-key order; then
 * {@link #finish()} writes the index and footer, or {@link #abandon()} gives up. Not thread-safe.
 */
public interface TableBuilder {
  /** Appends an entry. REQUIRES {@code internalKey} greater than every key added before. */
  void add(byte[] internalKey, byte[] value) throws IOException;

  /** Writes the remaining blocks, the index and the footer. Does not sync or close the file. */
  void finish() throws IOException;

  /** Stops without finishing; the file's contents are undefined. */
  void abandon();

  /** Entries added so far. */
  long numEntries();

  /** Bytes written so far, or the final size after {@link #finish()}. */
  long fileSizeBytes();
}
