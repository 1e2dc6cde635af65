package io.strata.api;

/**
 * How a table block is compressed; the code is the block trailer's type byte
 * (google/leveldb {@code doc/table_format.md}; facebook/rocksdb
 * {@code include/rocksdb/compression_type.h}) and never changes.
 *
 * <p>Compression is chosen per block: a table may mix compressed and uncompressed blocks, and a
 * database may hold tables written with different types, so changing the type (or
 * {@link Options#compressionPerLevel()}) between opens leaves every existing table readable.
 */
public enum CompressionType {
  /** Stored as is (type byte 0). LevelDB 1.23 reads it. */
  NONE(0),
  /**
   * Compressed with Snappy (type byte 1, LevelDB's {@code kSnappyCompression}); a block that
   * shrinks by 1/8 or less is stored as is. LevelDB 1.23 reads it.
   */
  SNAPPY(1),
  /**
   * Compressed with Zstandard (type byte 0x7, RocksDB's {@code kZSTD}); a block that shrinks by
   * 1/8 or less, or that is larger than 64 MiB uncompressed, is stored as is. The stored block is
   * RocksDB's: the uncompressed size as a varint32, then one Zstandard frame (RFC 8878); see
   * RocksDB {@code util/compression.h}, {@code ZSTD_Compress}.
   *
   * <p><b>Not LevelDB's:</b> LevelDB 1.23 cannot read zstd blocks (it reports them as corrupted),
   * so a database that has written one is no longer a LevelDB database; tables written with
   * {@link #NONE} or {@link #SNAPPY} stay readable by LevelDB. See
   * {@code docs/compatibility.md}.
   */
  ZSTD(0x7);

  private final int code;

  CompressionType(int code) {
    this.code = code;
  }

  /** {@return the on-disk type byte} */
  public int code() {
    return code;
  }

  /**
   * The type whose on-disk type byte is {@code code}.
   *
   * @param code a block trailer's type byte, 0 to 255
   * @return the type, or null when no type has that code
   */
  public static CompressionType fromCode(int code) {
    for (CompressionType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
