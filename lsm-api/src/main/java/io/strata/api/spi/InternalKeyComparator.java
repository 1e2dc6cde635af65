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

  public InternalKeyComparator(KeyComparator userComparator) {
    this.userComparator = checkNotNull(userComparator, "userComparator");
  }

  public KeyComparator userComparator() {
    return userComparator;
  }

  @Override
  public int compare(byte[] a, byte[] b) {
    return compare(a, 0, a.length, b, 0, b.length);
  }

  /** Compares two encoded internal keys held in array ranges; each range is at least 8 bytes. */
  public int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    int r = userComparator.compare(a, aOff, aLen - 8, b, bOff, bLen - 8);
    if (r != 0) {
      return r;
    }
    long ta = InternalKeys.trailer(a, aOff, aLen);
    long tb = InternalKeys.trailer(b, bOff, bLen);
    return Long.compareUnsigned(tb, ta); // larger trailer (newer) first
  }

  /** Compares decoded internal keys in the same order. */
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

  /** Compares the user keys of two decoded internal keys. */
  public int compareUserKeys(InternalKey a, InternalKey b) {
    return userComparator.compare(a.userKey().toByteArray(), b.userKey().toByteArray());
  }

  /** Compares a user key with the user key of a decoded internal key. */
  public int compareUserKey(byte[] userKey, InternalKey key) {
    return userComparator.compare(userKey, key.userKey().toByteArray());
  }
}
