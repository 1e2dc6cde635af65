package io.strata.api;

/**
 * A total order over user keys, named so that a database records which order it was written in
 * (LevelDB's {@code Comparator}, include/leveldb/comparator.h). Reopening a database with a
 * comparator of another name fails.
 *
 * <p>Implementations must be thread-safe and stateless; the order must never change for a name.
 */
public interface KeyComparator {
  /** {@return the order's name, kept in the MANIFEST, e.g. {@code leveldb.BytewiseComparator}} */
  String name();

  /**
   * Compares {@code a[aOff, aOff+aLen)} with {@code b[bOff, bOff+bLen)}.
   *
   * @param a the array holding the first key
   * @param aOff index of the first key's first byte
   * @param aLen the first key's length, in bytes
   * @param b the array holding the second key
   * @param bOff index of the second key's first byte
   * @param bLen the second key's length, in bytes
   * @return negative, zero or positive as the first key sorts before, equal to or after the second
   */
  int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen);

  /**
   * Compares whole arrays.
   *
   * @param a the first key
   * @param b the second key
   * @return negative, zero or positive as {@code a} sorts before, equal to or after {@code b}
   */
  default int compare(byte[] a, byte[] b) {
    return compare(a, 0, a.length, b, 0, b.length);
  }

  /**
   * Returns a short key {@code k} with {@code start <= k < limit}, used to shorten index-block
   * keys; returning {@code start} unchanged is always correct. REQUIRES {@code start < limit}.
   *
   * @param start the last key of a block
   * @param limit the first key of the next block
   * @return the separator; may be {@code start} itself
   */
  byte[] findShortestSeparator(byte[] start, byte[] limit);

  /**
   * Returns a short key {@code k >= key}; returning {@code key} unchanged is always correct.
   *
   * @param key the last key of a table
   * @return the successor; may be {@code key} itself
   */
  byte[] findShortSuccessor(byte[] key);
}
