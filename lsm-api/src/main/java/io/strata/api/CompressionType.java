package io.strata.api;

/**
 * How a table block is compressed; the code is the block trailer's type byte
 * (google/leveldb {@code doc/table_format.md}) and never changes.
 */
public enum CompressionType {
  NONE(0),
  SNAPPY(1);

  private final int code;

  CompressionType(int code) {
    this.code = code;
  }

  /** The on-disk type byte. */
  public int code() {
    return code;
  }
}
