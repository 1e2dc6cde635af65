package io.strata.api;

/**
 * A total order over user keys, named so that a database records which order it was written in
 * (LevelDB's {@code Comparator}, include/leveldb/comparator.h). Reopening a database with a
 * comparator of another name fails.
 *
 * <p>Implementations must be thread-safe and stateless; the order must never change for a name.
 */
public interface KeyComparator {
  /** The order's name, recorded in the MANIFEST; for example {@code leveldb.BytewiseComparator}. */
  String name();

  /** Compares {@code a[aOff, aOff+aLen)} with {@code b[bOff, bOff+bLen)}; sign as Comparator. */
  int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen);

  /** Compares whole arrays. */
  default int compare(byte[] a, byte[] b) {
    return compare(a, 0, a.length, b, 0, b.length);
  }

  /**
   * Returns a short key {@code k} with {@code start <= k < limit}, used to shorten index-block
   * keys; returning {@code start} unchanged is always correct. REQUIRES {@code start < limit}.
   */
  byte[] findShortestSeparator(byte[] start, byte[] limit);

  /** Returns a short key {@code k >= key}; returning {@code key} unchanged is always correct. */
  byte[] findShortSuccessor(byte[] key);
}
