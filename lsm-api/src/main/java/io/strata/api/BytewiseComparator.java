package io.strata.api;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Unsigned lexicographic order over bytes, LevelDB's default {@code leveldb.BytewiseComparator}
 * (util/comparator.cc), including its separator and successor shortening. Stateless, thread-safe.
 */
public final class BytewiseComparator implements KeyComparator {
  /** The one instance; it holds no state. */
  public static final BytewiseComparator INSTANCE = new BytewiseComparator();

  /** Length of the shorter key up to which {@link #compare} compares in its own loop. */
  private static final int SHORT_KEY_BYTES = 64;

  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private BytewiseComparator() {}

  @Override
  public String name() {
    return "leveldb.BytewiseComparator";
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keys whose shorter one is at most 64 bytes are compared eight bytes at a time in this
   * method, which the compiler inlines into its callers; longer ones by {@link
   * Arrays#compareUnsigned(byte[], int, int, byte[], int, int)}, whose vectorized loop is a call
   * out of compiled code. The order is the same: unsigned bytes, a prefix first.
   *
   * @throws IndexOutOfBoundsException if a range is outside its array
   */
  @Override
  public int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    Objects.checkFromIndexSize(aOff, aLen, a.length);
    Objects.checkFromIndexSize(bOff, bLen, b.length);
    int n = Math.min(aLen, bLen);
    if (n > SHORT_KEY_BYTES) {
      return Arrays.compareUnsigned(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
    }
    int i = 0;
    for (; i + Long.BYTES <= n; i += Long.BYTES) {
      long x = (long) LONG_BE.get(a, aOff + i);
      long y = (long) LONG_BE.get(b, bOff + i);
      if (x != y) {
        return Long.compareUnsigned(x, y);
      }
    }
    for (; i < n; i++) {
      int d = (a[aOff + i] & 0xff) - (b[bOff + i] & 0xff);
      if (d != 0) {
        return d;
      }
    }
    return aLen - bLen;
  }

  @Override
  public byte[] findShortestSeparator(byte[] start, byte[] limit) {
    int minLength = Math.min(start.length, limit.length);
    int diff = 0;
    while (diff < minLength && start[diff] == limit[diff]) {
      diff++;
    }
    if (diff >= minLength) {
      return start; // one is a prefix of the other
    }
    int diffByte = start[diff] & 0xff;
    if (diffByte < 0xff && diffByte + 1 < (limit[diff] & 0xff)) {
      byte[] result = Arrays.copyOf(start, diff + 1);
      result[diff]++;
      return result;
    }
    return start;
  }

  @Override
  public byte[] findShortSuccessor(byte[] key) {
    for (int i = 0; i < key.length; i++) {
      if ((key[i] & 0xff) != 0xff) {
        byte[] result = Arrays.copyOf(key, i + 1);
        result[i]++;
        return result;
      }
    }
    return key; // all 0xff: no shorter successor
  }
}
