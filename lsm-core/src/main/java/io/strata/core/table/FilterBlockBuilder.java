package io.strata.core.table;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.util.Arrays;

/**
 * Builds a table's filter block: one filter for each 2 KiB range of data-block offsets, holding
 * the keys of the data blocks that start in that range (google/leveldb
 * {@code table/filter_block.cc}, {@code doc/table_format.md}).
 *
 * <pre>
 * field            encoding                           width
 * filter[i]        the policy's filter bytes          varies
 * filter_offset[i] fixed32: offset of filter i        4 * num_filters
 * array_offset     fixed32: offset of filter_offset   4
 * base_lg          uint8: 11 (2^11 = 2 KiB per range) 1
 * </pre>
 *
 * Calls follow the pattern {@code (startBlock addKey*)* finish}. Mutable, not thread-safe.
 */
public final class FilterBlockBuilder {
  /** log2 of the bytes of data-block offsets each filter covers. */
  public static final int FILTER_BASE_LG = 11;
  private static final long FILTER_BASE = 1L << FILTER_BASE_LG;

  private final BloomFilterPolicy policy;
  private final GrowableBuffer keys = new GrowableBuffer(1024); // keys of the next filter
  private int[] starts = new int[64]; // start of each key in keys, plus one past the last
  private int numKeys;
  private final GrowableBuffer result = new GrowableBuffer(1024);
  private int[] filterOffsets = new int[16];
  private int numFilters;
  private boolean finished;

  public FilterBlockBuilder(BloomFilterPolicy policy) {
    this.policy = checkNotNull(policy, "policy");
  }

  /**
   * Announces that a data block starts at {@code blockOffset}: emits the filters of every range
   * before it. REQUIRES offsets non-decreasing across calls.
   */
  public void startBlock(long blockOffset) {
    checkState(!finished, "filter block already finished");
    long filterIndex = blockOffset / FILTER_BASE;
    checkArgument(filterIndex >= numFilters, "block offset %s goes backwards", blockOffset);
    while (filterIndex > numFilters) {
      generateFilter();
    }
  }

  /** Adds the key {@code key[off, off+len)} (a user key) to the current filter. */
  public void addKey(byte[] key, int off, int len) {
    checkState(!finished, "filter block already finished");
    if (numKeys + 1 >= starts.length) {
      starts = Arrays.copyOf(starts, starts.length * 2);
    }
    starts[numKeys++] = keys.size();
    keys.append(key, off, len);
  }

  /** Writes the pending filter and the offset array; returns the block contents, a fresh array. */
  public byte[] finish() {
    checkState(!finished, "filter block already finished");
    if (numKeys > 0) {
      generateFilter();
    }
    int arrayOffset = result.size();
    for (int i = 0; i < numFilters; i++) {
      result.appendFixed32(filterOffsets[i]);
    }
    result.appendFixed32(arrayOffset);
    result.append((byte) FILTER_BASE_LG);
    finished = true;
    return result.toByteArray();
  }

  private void generateFilter() {
    if (numFilters == filterOffsets.length) {
      filterOffsets = Arrays.copyOf(filterOffsets, numFilters * 2);
    }
    filterOffsets[numFilters++] = result.size();
    if (numKeys == 0) {
      return; // an empty filter: matches nothing
    }
    starts[numKeys] = keys.size();
    policy.appendFilter(keys.array(), starts, numKeys, result);
    keys.clear();
    numKeys = 0;
  }
}
