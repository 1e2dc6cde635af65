package io.strata.api.spi;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.KeyComparator;
import java.util.Comparator;

/**
 * Orders encoded internal keys: user key ascending by the user comparator, then trailer
 * (sequence, type) descending (google/leveldb db/dbformat.cc). Thread-safe, stateless beyond the
 * user comparator.
 */
public final class InternalKeyComparator implements Comparator<byte[]> {
  private final KeyComparator userComparator;

  /**
   * An order over internal keys whose user keys {@code userComparator} orders.
   *
   * @param userComparator the order of the user keys
   * @throws NullPointerException if {@code userComparator} is null
   */
  public InternalKeyComparator(KeyComparator userComparator) {
    this.userComparator = checkNotNull(userComparator, "userComparator");
  }

  /** {@return the order of the user keys} */
  public KeyComparator userComparator() {
    return userComparator;
  }

  @Override
  public int compare(byte[] a, byte[] b) {
    return compare(a, 0, a.length, b, 0, b.length);
  }

  /**
   * Compares two encoded internal keys held in array ranges; each range is at least 8 bytes.
   *
   * @param a the array holding the first key
   * @param aOff index of the first key's first byte
   * @param aLen the first key's length, in bytes
   * @param b the array holding the second key
   * @param bOff index of the second key's first byte
   * @param bLen the second key's length, in bytes
   * @return negative, zero or positive as the first key sorts before, equal to or after the second
   */
  public int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    int r = userComparator.compare(a, aOff, aLen - 8, b, bOff, bLen - 8);
    if (r != 0) {
      return r;
    }
    long ta = InternalKeys.trailer(a, aOff, aLen);
    long tb = InternalKeys.trailer(b, bOff, bLen);
    return Long.compareUnsigned(tb, ta); // larger trailer (newer) first
  }

  /**
   * Compares decoded internal keys in the same order.
   *
   * @param a the first key
   * @param b the second key
   * @return negative, zero or positive as {@code a} sorts before, equal to or after {@code b}
   */
  public int compare(InternalKey a, InternalKey b) {
    byte[] ua = a.userKey().toByteArray();
    byte[] ub = b.userKey().toByteArray();
    int r = userComparator.compare(ua, ub);
    if (r != 0) {
      return r;
    }
    int s = Long.compare(b.sequence(), a.sequence());
    return s != 0 ? s : Integer.compare(b.type().code(), a.type().code());
  }

  /**
   * Compares the user keys of two decoded internal keys.
   *
   * @param a the first key
   * @param b the second key
   * @return negative, zero or positive as {@code a}'s user key sorts before, equal to or after
   *     {@code b}'s
   */
  public int compareUserKeys(InternalKey a, InternalKey b) {
    return userComparator.compare(a.userKey().toByteArray(), b.userKey().toByteArray());
  }

  /**
   * Compares a user key with the user key of a decoded internal key.
   *
   * @param userKey the user key
   * @param key the internal key
   * @return negative, zero or positive as {@code userKey} sorts before, equal to or after
   *     {@code key}'s user key
   */
  public int compareUserKey(byte[] userKey, InternalKey key) {
    return userComparator.compare(userKey, key.userKey().toByteArray());
  }
}
