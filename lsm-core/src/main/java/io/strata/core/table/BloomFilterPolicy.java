package io.strata.core.table;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;

/**
 * LevelDB's built-in bloom filter, {@code leveldb.BuiltinBloomFilter2} (google/leveldb
 * {@code util/bloom.cc}): double hashing from one {@link LevelDbHash} (seed {@code 0xbc9f1d34}),
 * the second hash being the first rotated right by 17 bits.
 *
 * <p>Filter layout:
 *
 * <pre>
 * field   encoding                                        width
 * bits    bit i of the filter is bit (i % 8) of byte i/8   max(64, n * bitsPerKey) / 8, rounded up
 * k       uint8: number of probes                         1
 * </pre>
 *
 * A filter of fewer than 2 bytes matches nothing; one whose k exceeds 30 matches everything
 * (LevelDB reserves those for other encodings). Immutable, thread-safe.
 */
public final class BloomFilterPolicy {
  /** The name recorded in the metaindex key {@code "filter." + NAME}. */
  public static final String NAME = "leveldb.BuiltinBloomFilter2";
  private static final int SEED = 0xbc9f1d34;

  private final int bitsPerKey;
  private final int k;

  /**
   * @param bitsPerKey bits of filter per key, {@code >= 1}; 10 gives about 1% false positives
   * @throws IllegalArgumentException if {@code bitsPerKey < 1}
   */
  public BloomFilterPolicy(int bitsPerKey) {
    checkArgument(bitsPerKey >= 1, "bitsPerKey must be >= 1: %s", bitsPerKey);
    this.bitsPerKey = bitsPerKey;
    // LevelDB rounds bitsPerKey * ln(2) down (to save probes), with 0.69 for ln(2).
    int probes = (int) (bitsPerKey * 0.69);
    this.k = Math.max(1, Math.min(30, probes));
  }

  public String name() {
    return NAME;
  }

  public int bitsPerKey() {
    return bitsPerKey;
  }

  /** Probes per key. */
  public int numProbes() {
    return k;
  }

  /** A filter over {@code keys}, a fresh array. */
  public byte[] createFilter(List<byte[]> keys) {
    checkNotNull(keys, "keys");
    int n = keys.size();
    int[] starts = new int[n + 1];
    int total = 0;
    for (int i = 0; i < n; i++) {
      starts[i] = total;
      total += keys.get(i).length;
    }
    starts[n] = total;
    byte[] flat = new byte[total];
    for (int i = 0; i < n; i++) {
      System.arraycopy(keys.get(i), 0, flat, starts[i], keys.get(i).length);
    }
    GrowableBuffer out = new GrowableBuffer(filterBytes(n) + 1);
    appendFilter(flat, starts, n, out);
    return out.toByteArray();
  }

  /** Bytes of bit array for {@code n} keys. */
  private int filterBytes(int n) {
    long bits = Math.max(64L, (long) n * bitsPerKey);
    long bytes = (bits + 7) / 8;
    checkArgument(bytes < Integer.MAX_VALUE - 16, "filter of %s keys is too large", n);
    return (int) bytes;
  }

  /**
   * Appends a filter over {@code n} keys held back to back in {@code flat}: key i is {@code
   * flat[starts[i], starts[i+1])}.
   */
  void appendFilter(byte[] flat, int[] starts, int n, GrowableBuffer out) {
    int bytes = filterBytes(n);
    long bits = (long) bytes * 8;
    int base = out.appendZeros(bytes);
    out.append((byte) k);
    byte[] array = out.array();
    for (int i = 0; i < n; i++) {
      int h = LevelDbHash.hash(flat, starts[i], starts[i + 1] - starts[i], SEED);
      int delta = Integer.rotateRight(h, 17);
      for (int j = 0; j < k; j++) {
        long bitpos = Integer.toUnsignedLong(h) % bits;
        array[base + (int) (bitpos >>> 3)] |= (byte) (1 << (bitpos & 7));
        h += delta;
      }
    }
  }

  /**
   * Whether {@code key} may be in the set the filter {@code filter[off, off+len)} was built
   * from: false means certainly not.
   */
  public boolean keyMayMatch(byte[] key, byte[] filter, int off, int len) {
    return keyMayMatch(key, 0, key.length, filter, off, len);
  }

  /** As {@link #keyMayMatch(byte[], byte[], int, int)} for a key in {@code key[kOff, +kLen)}. */
  /** The multiplier of {@link #fastMod} for {@code divisor} in [1, 2^32). */
  static long fastModMagic(long divisor) {
    return Long.divideUnsigned(-1L, divisor) + 1;
  }

  /** {@code unsigned(h) % divisor} for {@code divisor} in [1, 2^32), with no division. */
  static long fastMod(int h, long magic, long divisor) {
    long low = magic * Integer.toUnsignedLong(h);
    // High 64 bits of the unsigned 128-bit product low * divisor (divisor is positive).
    return Math.multiplyHigh(low, divisor) + ((low >> 63) & divisor);
  }

  public boolean keyMayMatch(byte[] key, int kOff, int kLen, byte[] filter, int off, int len) {
    if (len < 2 || len - 1L > (1L << 29) - 1) {
      return len >= 2; // empty: no key; beyond 2^32 bits LevelDB never writes: match
    }
    long bits = (long) (len - 1) * 8;
    int probes = filter[off + len - 1] & 0xff;
    if (probes > 30) {
      return true; // reserved for other encodings: treat as a match
    }
    int h = LevelDbHash.hash(key, kOff, kLen, SEED);
    int delta = Integer.rotateRight(h, 17);
    // h mod bits without a division per probe (Lemire's fastmod: exact for 32-bit dividends
    // and divisors below 2^32): one 64-bit division here instead of one per probe.
    long magic = fastModMagic(bits);
    for (int j = 0; j < probes; j++) {
      long bitpos = fastMod(h, magic, bits);
      if ((filter[off + (int) (bitpos >>> 3)] & (1 << (bitpos & 7))) == 0) {
        return false;
      }
      h += delta;
    }
    return true;
  }
}
