package io.strata.core.table;

import io.strata.api.spi.coding.Coding;

/**
 * LevelDB's 32-bit hash (google/leveldb {@code util/hash.cc}), a variant of Murmur hash that the
 * built-in bloom filter uses with seed {@code 0xbc9f1d34}. The 1 to 3 tail bytes are taken as
 * unsigned, as LevelDB does since it cast them to {@code uint8_t}. Stateless.
 */
public final class LevelDbHash {
  private static final int M = 0xc6a4a793;
  private static final int R = 24;

  private LevelDbHash() {}

  /** The hash of {@code data[off, off+len)} with {@code seed}. */
  @SuppressWarnings("fallthrough") // the tail switch falls through on purpose, as in LevelDB
  public static int hash(byte[] data, int off, int len, int seed) {
    int h = seed ^ (len * M);
    int p = off;
    int limit = off + len;
    while (limit - p >= 4) {
      h += Coding.getFixed32(data, p);
      p += 4;
      h *= M;
      h ^= h >>> 16;
    }
    switch (limit - p) {
      case 3:
        h += (data[p + 2] & 0xff) << 16;
        // fall through
      case 2:
        h += (data[p + 1] & 0xff) << 8;
        // fall through
      case 1:
        h += data[p] & 0xff;
        h *= M;
        h ^= h >>> R;
        break;
      default:
        break;
    }
    return h;
  }
}
