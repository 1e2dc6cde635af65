package io.strata.core.table;

import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import java.util.Arrays;

/**
 * Shortening of index-block keys over internal keys, as LevelDB's
 * {@code InternalKeyComparator::FindShortestSeparator} and {@code FindShortSuccessor}
 * (google/leveldb {@code db/dbformat.cc}): shorten the user key with the user comparator; if the
 * result is shorter and greater, append the trailer (MAX_SEQUENCE, VALUE), which sorts first
 * among that user key's entries; otherwise keep the key unchanged. Stateless.
 */
final class IndexKeys {
  private IndexKeys() {}

  /** A short key {@code k} with {@code start <= k < limit}. REQUIRES {@code start < limit}. */
  static byte[] shortestSeparator(InternalKeyComparator cmp, byte[] start, byte[] limit) {
    KeyComparator user = cmp.userComparator();
    byte[] userStart = Arrays.copyOf(start, start.length - InternalKey.TRAILER_SIZE);
    byte[] userLimit = Arrays.copyOf(limit, limit.length - InternalKey.TRAILER_SIZE);
    byte[] tmp = user.findShortestSeparator(userStart, userLimit);
    if (tmp.length < userStart.length && user.compare(userStart, tmp) < 0) {
      // LevelDB's kValueTypeForSeek (VALUE), so index blocks stay byte-identical to LevelDB's.
      return InternalKeys.encode(tmp, InternalKey.MAX_SEQUENCE, ValueType.VALUE);
    }
    return start;
  }

  /** A short key {@code k >= key}. */
  static byte[] shortSuccessor(InternalKeyComparator cmp, byte[] key) {
    KeyComparator user = cmp.userComparator();
    byte[] userKey = Arrays.copyOf(key, key.length - InternalKey.TRAILER_SIZE);
    byte[] tmp = user.findShortSuccessor(userKey);
    if (tmp.length < userKey.length && user.compare(userKey, tmp) < 0) {
      return InternalKeys.encode(tmp, InternalKey.MAX_SEQUENCE, ValueType.VALUE);
    }
    return key;
  }
}
