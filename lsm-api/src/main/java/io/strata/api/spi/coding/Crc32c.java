package io.strata.api.spi.coding;

import java.util.zip.CRC32C;

/**
 * CRC32C (Castagnoli) and LevelDB's masking of stored checksums (util/crc32c.h): a CRC stored
 * next to the data it covers is masked, so that a CRC of bytes containing CRCs stays strong.
 * Stateless.
 */
public final class Crc32c {
  private static final int MASK_DELTA = 0xa282ead8;

  private Crc32c() {}

  /**
   * CRC32C of {@code data[off, off+len)}.
   *
   * @param data the array holding the bytes
   * @param off index of the first byte covered
   * @param len number of bytes covered
   * @return the CRC, unmasked
   */
  public static int value(byte[] data, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(data, off, len);
    return (int) c.getValue();
  }

  /**
   * CRC32C of one type byte followed by {@code data[off, off+len)}.
   *
   * @param type the byte covered first (a log record's type)
   * @param data the array holding the bytes
   * @param off index of the first byte covered after {@code type}
   * @param len number of bytes covered after {@code type}
   * @return the CRC, unmasked
   */
  public static int value(byte type, byte[] data, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(type);
    c.update(data, off, len);
    return (int) c.getValue();
  }

  /**
   * CRC32C of {@code data[off, off+len)} followed by one type byte (table block trailers).
   *
   * @param data the array holding the bytes
   * @param off index of the first byte covered
   * @param len number of bytes covered before {@code type}
   * @param type the byte covered last (a block's compression type)
   * @return the CRC, unmasked
   */
  public static int valueWithTrailingType(byte[] data, int off, int len, byte type) {
    CRC32C c = new CRC32C();
    c.update(data, off, len);
    c.update(type);
    return (int) c.getValue();
  }

  /**
   * LevelDB's mask: rotate right by 15 bits and add a constant.
   *
   * @param crc the CRC to store
   * @return the masked CRC
   */
  public static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  /**
   * Inverse of {@link #mask}.
   *
   * @param masked a CRC as stored
   * @return the CRC, unmasked
   */
  public static int unmask(int masked) {
    int rot = masked - MASK_DELTA;
    return (rot >>> 17) | (rot << 15);
  }
}
