package io.strata.api;

import java.util.Arrays;

/**
 * Unsigned lexicographic order over bytes, LevelDB's default {@code leveldb.BytewiseComparator}
 * (util/comparator.cc), including its separator and successor shortening. Stateless, thread-safe.
 */
public final class BytewiseComparator implements KeyComparator {
  /** The one instance; it holds no state. */
  public static final BytewiseComparator INSTANCE = new BytewiseComparator();

  private BytewiseComparator() {}

  @Override
  public String name() {
    return "leveldb.BytewiseComparator";
  }

  @Override
  public int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    return Arrays.compareUnsigned(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
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
