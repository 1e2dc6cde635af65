package io.strata.kafka.streams;

import java.util.Arrays;

/**
 * The key layouts of the segmented stores, byte for byte those of Kafka Streams' own segmented
 * stores, so that a changelog record's key is the store key and a restore copies it unchanged.
 *
 * <p>Window store key (Kafka's {@code WindowKeySchema.toStoreKeyBinary}):
 * <pre>
 *   field        encoding            width
 *   key          the record key      n bytes
 *   windowStart  big-endian int64    8 bytes, milliseconds
 *   seqnum       big-endian int32    4 bytes (0 unless duplicates are retained)
 * </pre>
 *
 * <p>Session store key (Kafka's {@code SessionKeySchema.toBinary}):
 * <pre>
 *   field        encoding            width
 *   key          the record key      n bytes
 *   sessionEnd   big-endian int64    8 bytes, milliseconds
 *   sessionStart big-endian int64    8 bytes, milliseconds
 * </pre>
 *
 * <p>Store keys sort bytewise (unsigned), so one record key's entries are contiguous and ordered
 * by their time fields; entries of a key that is a prefix of another may interleave with the
 * longer key's, so every scan decodes and filters what it reads. A key shorter than the suffix
 * can never be a data key: that space holds the store's own records (see {@link CommitRecord}).
 *
 * <p>Stateless; thread-safe.
 */
final class SegmentKeys {
  /** The suffix length of a window store key. */
  static final int WINDOW_SUFFIX = 12;
  /** The suffix length of a session store key. */
  static final int SESSION_SUFFIX = 16;

  private SegmentKeys() {}

  static byte[] windowKey(byte[] key, long windowStart, int seqnum) {
    byte[] out = Arrays.copyOf(key, key.length + WINDOW_SUFFIX);
    putLong(out, key.length, windowStart);
    putInt(out, key.length + 8, seqnum);
    return out;
  }

  static byte[] sessionKey(byte[] key, long end, long start) {
    byte[] out = Arrays.copyOf(key, key.length + SESSION_SUFFIX);
    putLong(out, key.length, end);
    putLong(out, key.length + 8, start);
    return out;
  }

  /** The record key of a store key with a {@code suffix}-byte suffix. */
  static byte[] recordKey(byte[] storeKey, int suffix) {
    return Arrays.copyOf(storeKey, storeKey.length - suffix);
  }

  /** The first time field (window start, or session end), in milliseconds. */
  static long firstTime(byte[] storeKey, int suffix) {
    return getLong(storeKey, storeKey.length - suffix);
  }

  /** The session start of a session store key, in milliseconds. */
  static long sessionStart(byte[] storeKey) {
    return getLong(storeKey, storeKey.length - 8);
  }

  /** The seqnum of a window store key. */
  static int seqnum(byte[] storeKey) {
    int o = storeKey.length - 4;
    return ((storeKey[o] & 0xFF) << 24) | ((storeKey[o + 1] & 0xFF) << 16)
        | ((storeKey[o + 2] & 0xFF) << 8) | (storeKey[o + 3] & 0xFF);
  }

  /**
   * An exclusive upper bound above every store key whose record key sorts at or before
   * {@code keyTo} and whose suffix sorts at or before {@code maxSuffix}: the largest of
   * {@code p + maxSuffix} over the prefixes {@code p} of {@code keyTo} (a shorter key that is a
   * prefix of {@code keyTo} may sort after it once its suffix is appended), then a zero byte.
   * A key that is not a prefix of {@code keyTo} and sorts before it differs from it at a byte
   * inside both, so any suffix keeps it below {@code keyTo}.
   */
  static byte[] upperBoundExclusive(byte[] keyTo, byte[] maxSuffix) {
    byte[] best = null;
    for (int n = 0; n <= keyTo.length; n++) {
      byte[] candidate = Arrays.copyOf(keyTo, n + maxSuffix.length + 1);
      System.arraycopy(maxSuffix, 0, candidate, n, maxSuffix.length);
      if (best == null || Arrays.compareUnsigned(candidate, best) > 0) {
        best = candidate;
      }
    }
    return best;
  }

  /**
   * The largest suffix whose first time field is at most {@code maxTime}: that time, then 0xFF
   * bytes. A negative bound, or a range reaching below 0 ({@code minTime < 0}), gives all 0xFF
   * bytes, since negative times sort after positive ones bytewise.
   */
  static byte[] maxSuffix(int suffix, long minTime, long maxTime) {
    byte[] out = new byte[suffix];
    Arrays.fill(out, (byte) 0xFF);
    if (minTime >= 0 && maxTime >= 0) {
      putLong(out, 0, maxTime);
    }
    return out;
  }

  /** The immediate successor of {@code key} in bytewise order. */
  static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }
}
