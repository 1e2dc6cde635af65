package io.strata.api.spi.memtable;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.ValueType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A sorted in-memory buffer of internal-key entries (LevelDB's {@code MemTable}).
 *
 * <p>Thread safety: {@link #add} is called by one thread at a time (the engine serializes
 * writers); {@link #get}, {@link #newIterator} and the size methods may run concurrently with it
 * and with each other, and see a consistent prefix of the adds. Entries are never removed.
 */
public interface MemTable {
  /**
   * Adds one entry. The arrays are owned by the memtable afterwards; the caller must not modify
   * them. REQUIRES no entry with the same user key and sequence exists.
   *
   * <p>A {@link ValueType#RANGE_DELETION} entry (user key = begin, value = exclusive end) is a
   * range tombstone: it is kept apart from the point entries, as RocksDB's second skip list
   * ({@code MemTable::range_del_table_}), seen by {@link #newRangeTombstoneIterator()} and never
   * by {@link #get} or {@link #newIterator()}.
   *
   * @param sequence the entry's sequence number
   * @param type whether the entry is a put, a delete or a range deletion
   * @param userKey the user key; the begin key of a range deletion
   * @param value the value; empty for a delete; the end key of a range deletion
   */
  void add(long sequence, ValueType type, byte[] userKey, byte[] value);

  /**
   * Adds one entry whose key and value are ranges of {@code src}, as {@link #add(long, ValueType,
   * byte[], byte[])} adds the two ranges' copies: the write path's insert from a write batch's
   * encoding, which a memtable that copies entries into its own storage reads in place, without
   * the two intermediate arrays. {@code src} stays the caller's: the memtable keeps no reference
   * to it. Default: copies both ranges and calls {@link #add(long, ValueType, byte[], byte[])}.
   *
   * @param sequence the entry's sequence number
   * @param type whether the entry is a put, a delete or a range deletion
   * @param src the array holding the key and the value
   * @param keyOffset index in {@code src} of the user key's first byte
   * @param keyLength bytes of the user key
   * @param valueOffset index in {@code src} of the value's first byte
   * @param valueLength bytes of the value; 0 for a delete
   * @throws NullPointerException if {@code type} or {@code src} is null
   * @throws IndexOutOfBoundsException if a range is not inside {@code src}
   * @throws IllegalArgumentException as {@link #add(long, ValueType, byte[], byte[])}
   */
  default void add(long sequence, ValueType type, byte[] src, int keyOffset, int keyLength,
      int valueOffset, int valueLength) {
    checkNotNull(src, "src");
    Objects.checkFromIndexSize(keyOffset, keyLength, src.length);
    Objects.checkFromIndexSize(valueOffset, valueLength, src.length);
    add(sequence, type, Arrays.copyOfRange(src, keyOffset, keyOffset + keyLength),
        Arrays.copyOfRange(src, valueOffset, valueOffset + valueLength));
  }

  /**
   * Looks up the newest entry of {@code userKey} with sequence {@code <= sequence}: sets
   * {@code result} FOUND with its value, DELETED, or leaves it NOT_FOUND. A merge operand is
   * added to {@code result} ({@link GetResult#addMergeOperand}) and the lookup goes on to the
   * key's next older entry, until a put or a delete ends it (RocksDB's {@code MemTable::Get}).
   *
   * @param userKey the user key to look up
   * @param sequence the newest sequence number visible to the read
   * @param result where the state and value of the entry found are set
   * @return true if a put or a delete was found (the lookup is over); false if none was, with or
   *     without merge operands added
   */
  boolean get(byte[] userKey, long sequence, GetResult result);

  /** {@return a new iterator over every entry; it may or may not see entries added later} */
  InternalIterator newIterator();

  /**
   * {@return a new iterator over the range tombstones, in internal-key order: key = the begin
   * key's internal key (type {@link ValueType#RANGE_DELETION}), value = the end user key; it may
   * or may not see tombstones added later}
   */
  InternalIterator newRangeTombstoneIterator();

  /**
   * {@return the number of range tombstones added; read after a tombstone's sequence number is
   * visible, it counts that tombstone}
   */
  long rangeTombstoneCount();

  /** {@return the approximate bytes held, entries and index included} */
  long approximateMemoryUsageBytes();

  /** {@return the number of entries added} */
  long entryCount();

  /**
   * The number of point deletions ({@link ValueType#DELETION}) added, for estimates such as
   * {@code strata.estimate-num-keys}. Default: 0, for a memtable that does not count them.
   *
   * @return the deletions added, at most {@link #entryCount()}
   */
  default long deletionCount() {
    return 0;
  }

  /**
   * An upper bound of how much {@link #approximateMemoryUsageBytes()} may grow when entries are
   * added whose keys, values and per-entry overhead come to {@code entryBytes}. The engine
   * reserves this much of a shared write-buffer budget before a write, so that a memtable that
   * takes its memory in large pieces (slabs) still keeps the budget. Default: {@code
   * entryBytes}, for a memtable whose usage grows by its entries alone.
   *
   * @param entryBytes the entries' bytes, 0 or more
   * @return bytes, at least {@code entryBytes}
   */
  default long maxGrowthBytes(long entryBytes) {
    return entryBytes;
  }
}
