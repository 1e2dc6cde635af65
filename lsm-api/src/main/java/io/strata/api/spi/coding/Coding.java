package io.strata.api.spi.coding;

/**
 * LevelDB's integer encodings (util/coding.h): fixed-width little-endian and varint (7 bits per
 * byte, low groups first, high bit set on every byte but the last). Decoders that read untrusted
 * bytes take a limit and return -1 rather than reading past it; the caller reports corruption.
 * Stateless.
 */
public final class Coding {
  /** Most bytes a varint32 takes. */
  public static final int MAX_VARINT32_BYTES = 5;
  /** Most bytes a varint64 takes. */
  public static final int MAX_VARINT64_BYTES = 10;

  private Coding() {}

  /**
   * Writes {@code v} as 4 little-endian bytes at {@code off}.
   *
   * @param dst the array to write into
   * @param off index of the first byte written
   * @param v the value
   * @throws ArrayIndexOutOfBoundsException if {@code dst} has fewer than 4 bytes from {@code off}
   */
  public static void putFixed32(byte[] dst, int off, int v) {
    dst[off] = (byte) v;
    dst[off + 1] = (byte) (v >>> 8);
    dst[off + 2] = (byte) (v >>> 16);
    dst[off + 3] = (byte) (v >>> 24);
  }

  /**
   * Writes {@code v} as 8 little-endian bytes at {@code off}.
   *
   * @param dst the array to write into
   * @param off index of the first byte written
   * @param v the value
   * @throws ArrayIndexOutOfBoundsException if {@code dst} has fewer than 8 bytes from {@code off}
   */
  public static void putFixed64(byte[] dst, int off, long v) {
    for (int i = 0; i < 8; i++) {
      dst[off + i] = (byte) (v >>> (8 * i));
    }
  }

  /**
   * Reads 4 little-endian bytes at {@code off}.
   *
   * @param src the array to read from
   * @param off index of the first byte read
   * @return the value
   * @throws ArrayIndexOutOfBoundsException if {@code src} has fewer than 4 bytes from {@code off}
   */
  public static int getFixed32(byte[] src, int off) {
    return (src[off] & 0xff) | (src[off + 1] & 0xff) << 8 | (src[off + 2] & 0xff) << 16
        | (src[off + 3] & 0xff) << 24;
  }

  /**
   * Reads 8 little-endian bytes at {@code off}.
   *
   * @param src the array to read from
   * @param off index of the first byte read
   * @return the value
   * @throws ArrayIndexOutOfBoundsException if {@code src} has fewer than 8 bytes from {@code off}
   */
  public static long getFixed64(byte[] src, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (src[off + i] & 0xff);
    }
    return v;
  }

  /**
   * The length of a varint.
   *
   * @param v the value, taken as unsigned
   * @return the bytes its varint encoding takes, 1 to {@link #MAX_VARINT64_BYTES}
   */
  public static int varintLength(long v) {
    int len = 1;
    while ((v & ~0x7fL) != 0) {
      v >>>= 7;
      len++;
    }
    return len;
  }

  /**
   * Writes {@code v} (unsigned 32 bits) as a varint at {@code off}.
   *
   * @param dst the array to write into; needs up to {@link #MAX_VARINT32_BYTES} bytes
   * @param off index of the first byte written
   * @param v the value, taken as unsigned
   * @return the index after the last byte written
   */
  public static int putVarint32(byte[] dst, int off, int v) {
    while ((v & ~0x7f) != 0) {
      dst[off++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    dst[off++] = (byte) v;
    return off;
  }

  /**
   * Writes {@code v} (unsigned 64 bits) as a varint at {@code off}.
   *
   * @param dst the array to write into; needs up to {@link #MAX_VARINT64_BYTES} bytes
   * @param off index of the first byte written
   * @param v the value, taken as unsigned
   * @return the index after the last byte written
   */
  public static int putVarint64(byte[] dst, int off, long v) {
    while ((v & ~0x7fL) != 0) {
      dst[off++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    dst[off++] = (byte) v;
    return off;
  }

  /**
   * Decodes a varint32 at {@code pos[0]} reading no byte at or past {@code limit}; advances
   * {@code pos[0]}.
   *
   * @param src the array to read from
   * @param pos one element: the index of the varint's first byte; set past its last byte on
   *     success, left unchanged on failure
   * @param limit index of the first byte not to read
   * @return the value as a non-negative long, or -1 if the varint is truncated or longer than
   *     5 bytes or above 2^32-1 (corruption)
   */
  public static long getVarint32(byte[] src, int[] pos, int limit) {
    int p = pos[0];
    long result = 0;
    for (int shift = 0; shift <= 28 && p < limit; shift += 7) {
      int b = src[p++] & 0xff;
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (result > 0xffffffffL) {
          return -1;
        }
        pos[0] = p;
        return result;
      }
    }
    return -1;
  }

  /**
   * Decodes a varint64 at {@code pos[0]} reading no byte at or past {@code limit}; advances
   * {@code pos[0]}. The result is unsigned; check {@code ok[0]}.
   *
   * @param src the array to read from
   * @param pos one element: the index of the varint's first byte; set past its last byte on
   *     success, left unchanged on failure
   * @param limit index of the first byte not to read
   * @param ok one element, set true on success and false on failure
   * @return the value; {@code ok[0]} is false if the varint is truncated or too long
   */
  public static long getVarint64(byte[] src, int[] pos, int limit, boolean[] ok) {
    int p = pos[0];
    long result = 0;
    for (int shift = 0; shift <= 63 && p < limit; shift += 7) {
      int b = src[p++] & 0xff;
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        pos[0] = p;
        ok[0] = true;
        return result;
      }
    }
    ok[0] = false;
    return 0;
  }
}
