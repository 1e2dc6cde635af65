package io.strata.api.spi;

/**
 * Static helpers over encoded internal keys held in arrays ({@code user_key | fixed64(seq << 8 |
 * type)}, see {@link InternalKey}): the hot paths use these rather than {@link InternalKey}
 * objects. Stateless.
 */
public final class InternalKeys {
  private InternalKeys() {}

  /**
   * Encodes a fresh internal key.
   *
   * @param userKey the user key
   * @param sequence the sequence number, below 2^56
   * @param type the entry's type
   * @return a new array: {@code userKey} followed by the 8-byte trailer
   */
  public static byte[] encode(byte[] userKey, long sequence, ValueType type) {
    byte[] out = new byte[userKey.length + InternalKey.TRAILER_SIZE];
    System.arraycopy(userKey, 0, out, 0, userKey.length);
    putTrailer(out, userKey.length, sequence, type);
    return out;
  }

  /**
   * Writes the 8-byte trailer at {@code offset}.
   *
   * @param dst the array to write into
   * @param offset index of the trailer's first byte
   * @param sequence the sequence number, below 2^56
   * @param type the entry's type
   */
  public static void putTrailer(byte[] dst, int offset, long sequence, ValueType type) {
    long v = (sequence << 8) | type.code();
    for (int i = 0; i < 8; i++) {
      dst[offset + i] = (byte) (v >>> (8 * i));
    }
  }

  /**
   * The trailer of the internal key {@code key[offset, offset+length)}. REQUIRES length >= 8.
   *
   * @param key the array holding the internal key
   * @param offset index of the key's first byte
   * @param length the key's length, in bytes
   * @return the trailer: {@code sequence << 8 | type}
   */
  public static long trailer(byte[] key, int offset, int length) {
    int p = offset + length - 8;
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (key[p + i] & 0xff);
    }
    return v;
  }

  /**
   * The sequence number of an encoded internal key.
   *
   * @param key the whole array is the internal key
   * @return its sequence number
   */
  public static long sequence(byte[] key) {
    return trailer(key, 0, key.length) >>> 8;
  }

  /**
   * The type code (low trailer byte) of an encoded internal key.
   *
   * @param key the whole array is the internal key
   * @return its type code, 0 to 255
   */
  public static int typeCode(byte[] key) {
    return key[key.length - 8] & 0xff;
  }

  /**
   * The length of the user key inside an encoded internal key.
   *
   * @param key the whole array is the internal key
   * @return the user key's length, in bytes
   */
  public static int userKeyLength(byte[] key) {
    return key.length - InternalKey.TRAILER_SIZE;
  }

  /**
   * The user key of an encoded internal key.
   *
   * @param key the whole array is the internal key
   * @return a fresh copy of its user key
   */
  public static byte[] userKey(byte[] key) {
    return java.util.Arrays.copyOf(key, key.length - InternalKey.TRAILER_SIZE);
  }
}
