package io.strata.api.spi.table;

import io.strata.api.CompressionType;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import java.io.IOException;

/**
 * Writes sorted runs of internal-key entries to files and reads them back. One instance serves
 * one database and may hold its block cache. Thread-safe.
 */
public interface TableFormat {
  /** {@return the file-name suffix of this format's tables, e.g. {@code ldb}} */
  String fileExtension();

  /**
   * Starts a new table with the format's own compression (for a format that takes it from the
   * options: level 0's, {@link io.strata.api.Options#compressionForLevel} of 0). Flushes, the
   * replay of logs at open and repair write their tables this way.
   *
   * @param file the empty file to write the table into; the builder does not close it
   * @return a builder writing into {@code file}
   */
  TableBuilder newBuilder(WritableFile file);

  /**
   * Starts a new table whose blocks are compressed with {@code compression}: what a compaction
   * calls, with the type {@link io.strata.api.Options#compressionForLevel} or
   * {@link io.strata.api.Options#bottommostCompression()} gives its output. The default ignores
   * {@code compression} and calls {@link #newBuilder(WritableFile)}, for formats that do not
   * compress by block.
   *
   * @param file the empty file to write the table into; the builder does not close it
   * @param compression the block compression of the new table
   * @return a builder writing into {@code file}
   */
  default TableBuilder newBuilder(WritableFile file, CompressionType compression) {
    return newBuilder(file);
  }

  /**
   * Opens the table in {@code file} for reading; the reader owns and closes the file.
   *
   * @param file the table file; the reader owns and closes it
   * @param fileName the name used in error messages
   * @param fileNumber a number unique within the database, used as block-cache key
   * @param fileSizeBytes the file's size as recorded in the MANIFEST
   * @return the open reader
   * @throws io.strata.api.CorruptionException if the footer or index cannot be read
   * @throws IOException if reading the file fails
   */
  TableReader open(ReadableFile file, String fileName, long fileNumber, long fileSizeBytes)
      throws IOException;

  /** Releases caches; called once when the database closes. */
  default void close() {}
}
