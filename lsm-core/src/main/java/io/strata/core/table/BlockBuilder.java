package io.strata.core.table;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.Arrays;

/**
 * Builds one table block: entries with prefix-compressed keys and a restart array. Keys must be
 * added in strictly increasing order of the block's comparator; the builder does not check.
 * Mutable, not thread-safe; reusable after {@link #reset()}.
 *
 * <p>Layout (google/leveldb {@code table/block_builder.cc}, {@code doc/table_format.md}):
 *
 * <pre>
 * entry*:
 *   shared_bytes       varint32   bytes of key shared with the previous key (0 at a restart)
 *   unshared_bytes     varint32   bytes of key that follow
 *   value_length       varint32
 *   key_delta          byte[unshared_bytes]
 *   value              byte[value_length]
 * restarts           fixed32[num_restarts]  offsets of the entries stored with shared = 0
 * num_restarts       fixed32                at least 1 (an empty block has the restart 0)
 * </pre>
 *
 * Every {@code restartInterval}-th entry is a restart point, so a reader can binary-search the
 * restart array and decode forward from there.
 */
public final class BlockBuilder {
  private final int restartInterval;
  private final GrowableBuffer buffer;
  private int[] restarts = new int[16];
  private int numRestarts;
  private int counter; // entries since the last restart
  private boolean finished;
  private byte[] lastKey = new byte[32];
  private int lastKeyLength;
  private int entries;

  /**
   * @param restartInterval entries between restart points, {@code >= 1} (LevelDB: 16 for data
   *     blocks, 1 for index blocks)
   * @param initialCapacityBytes the buffer's starting size; it grows as needed
   * @throws IllegalArgumentException if {@code restartInterval < 1}
   */
  public BlockBuilder(int restartInterval, int initialCapacityBytes) {
    checkArgument(restartInterval >= 1, "restartInterval must be >= 1: %s", restartInterval);
    this.restartInterval = restartInterval;
    this.buffer = new GrowableBuffer(initialCapacityBytes);
    reset();
  }

  /** Empties the builder, as if new. */
  public void reset() {
    buffer.clear();
    restarts[0] = 0; // the first entry is always a restart point
    numRestarts = 1;
    counter = 0;
    finished = false;
    lastKeyLength = 0;
    entries = 0;
  }

  /**
   * Appends an entry. REQUIRES {@code key} greater than the previous key, and {@link #finish()}
   * not called since the last {@link #reset()}.
   *
   * @throws IllegalStateException if the block is finished
   */
  public void add(byte[] key, byte[] value) {
    add(key, 0, key.length, value, 0, value.length);
  }

  /** As {@link #add(byte[], byte[])} for array ranges. */
  public void add(byte[] key, int keyOff, int keyLen, byte[] value, int valueOff, int valueLen) {
    checkState(!finished, "block already finished");
    int shared = 0;
    if (counter < restartInterval) {
      int min = Math.min(lastKeyLength, keyLen);
      int mismatch = Arrays.mismatch(lastKey, 0, min, key, keyOff, keyOff + min);
      shared = mismatch < 0 ? min : mismatch;
    } else {
      if (numRestarts == restarts.length) {
        restarts = Arrays.copyOf(restarts, numRestarts * 2);
      }
      restarts[numRestarts++] = buffer.size();
      counter = 0;
    }
    int nonShared = keyLen - shared;
    buffer.appendVarint32(shared);
    buffer.appendVarint32(nonShared);
    buffer.appendVarint32(valueLen);
    buffer.append(key, keyOff + shared, nonShared);
    buffer.append(value, valueOff, valueLen);

    if (lastKey.length < keyLen) {
      lastKey = Arrays.copyOf(lastKey, Math.max(keyLen, lastKey.length * 2));
    }
    System.arraycopy(key, keyOff + shared, lastKey, shared, nonShared);
    lastKeyLength = keyLen;
    counter++;
    entries++;
  }

  /**
   * Bytes the block would take if finished now (entries, restart array, count), before any
   * compression; LevelDB's {@code CurrentSizeEstimate}.
   */
  public int currentSizeEstimate() {
    return finished ? buffer.size() : buffer.size() + numRestarts * 4 + 4;
  }

  /** True when no entry was added since the last {@link #reset()}. */
  public boolean isEmpty() {
    return entries == 0;
  }

  /** Entries added since the last {@link #reset()}. */
  public int numEntries() {
    return entries;
  }

  /**
   * Appends the restart array and returns the builder's buffer; its bytes {@code [0,
   * finishedSize())} are the block contents. The array stays valid until the next {@link #add}
   * after a {@link #reset()}. Idempotent.
   */
  public byte[] finish() {
    if (!finished) {
      for (int i = 0; i < numRestarts; i++) {
        buffer.appendFixed32(restarts[i]);
      }
      buffer.appendFixed32(numRestarts);
      finished = true;
    }
    return buffer.array();
  }

  /** Bytes of the finished block. REQUIRES {@link #finish()} called. */
  public int finishedSize() {
    checkState(finished, "block not finished");
    return buffer.size();
  }

  /** Finishes the block and returns a fresh copy of its contents. */
  public byte[] finishToArray() {
    finish();
    return buffer.toByteArray();
  }
}
