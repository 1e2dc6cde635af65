package io.strata.api;

/**
 * How a table block is compressed; the code is the block trailer's type byte
 * (google/leveldb {@code doc/table_format.md}) and never changes.
 */
public enum CompressionType {
  /** Stored as is (type byte 0). */
  NONE(0),
  /** Compressed with Snappy (type byte 1); a block that shrinks by 1/8 or less is stored as is. */
  SNAPPY(1);

  private final int code;

  CompressionType(int code) {
    this.code = code;
  }

  /** {@return the on-disk type byte} */
  public int code() {
    return code;
  }
}
