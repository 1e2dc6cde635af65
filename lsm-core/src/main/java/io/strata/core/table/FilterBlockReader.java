package io.strata.core.table;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.coding.Coding;

/**
 * Reads a filter block written by {@link FilterBlockBuilder} (google/leveldb
 * {@code table/filter_block.cc}). A block too damaged to locate its filters answers "may match"
 * for every key, as LevelDB does: a filter can only skip work, never hide data. Immutable,
 * thread-safe; shares the array it was given.
 */
public final class FilterBlockReader {
  private final BloomFilterPolicy policy;
  private final byte[] data;
  private final int offsetArray; // start of the filter offsets; the data ends here
  private final int numFilters;
  private final int baseLg;

  /** Reads the filter block held in {@code contents[0, size)}. */
  public FilterBlockReader(BloomFilterPolicy policy, byte[] contents, int size) {
    this.policy = checkNotNull(policy, "policy");
    this.data = checkNotNull(contents, "contents");
    if (size < 5 || size > contents.length) {
      offsetArray = 0;
      numFilters = 0;
      baseLg = 0;
      return;
    }
    int lg = contents[size - 1] & 0xff;
    long lastWord = Integer.toUnsignedLong(Coding.getFixed32(contents, size - 5));
    if (lastWord > size - 5) {
      offsetArray = 0;
      numFilters = 0;
      baseLg = 0;
      return;
    }
    baseLg = lg;
    offsetArray = (int) lastWord;
    numFilters = (size - 5 - offsetArray) / 4;
  }

  /** Bytes the block holds in memory: the array it was given. */
  public long memoryBytes() {
    return data.length;
  }

  /** Number of filters the block holds. */
  public int numFilters() {
    return numFilters;
  }

  /**
   * Whether the data block at byte offset {@code blockOffset} may hold {@code key[off, off+len)};
   * false means certainly not.
   */
  public boolean keyMayMatch(long blockOffset, byte[] key, int off, int len) {
    // A shift of 64 or more would wrap in Java; LevelDB never writes such a base.
    long index = baseLg >= 64 ? 0 : blockOffset >>> baseLg;
    if (index < numFilters) {
      int at = offsetArray + (int) index * 4;
      long start = Integer.toUnsignedLong(Coding.getFixed32(data, at));
      long limit = Integer.toUnsignedLong(Coding.getFixed32(data, at + 4));
      if (start <= limit && limit <= offsetArray) {
        return policy.keyMayMatch(key, off, len, data, (int) start, (int) (limit - start));
      } else if (start == limit) {
        return false; // empty filters match no key
      }
    }
    return true; // errors are treated as potential matches
  }
}
