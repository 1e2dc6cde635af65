package io.strata.api;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A group of puts, deletes and merges applied atomically by {@link Db#write}: after a crash either all of
 * them are present or none.
 *
 * <p>Kept in LevelDB's encoding (db/write_batch.cc), which is also the write-ahead log's record
 * payload:
 *
 * <pre>
 * field      encoding                         width
 * sequence   fixed64 little-endian            8     (set by the engine at write time)
 * count      fixed32 little-endian            4     number of records
 * records    repeated:
 *   put      0x01 varint32 klen key varint32 vlen value
 *   delete   0x00 varint32 klen key
 *   merge    0x02 varint32 klen key varint32 vlen operand   (RocksDB's kTypeMerge)
 * </pre>
 *
 * Records apply in the order they were added; a later one for the same key wins. Not thread-safe.
 */
public final class WriteBatch {
  /** Bytes of the sequence and count header. */
  public static final int HEADER_SIZE = 12;
  /** Record tag of a put (LevelDB's {@code kTypeValue}). */
  public static final byte TAG_PUT = 1;
  /** Record tag of a delete (LevelDB's {@code kTypeDeletion}). */
  public static final byte TAG_DELETE = 0;
  /** Record tag of a merge (RocksDB's {@code kTypeMerge}, db/dbformat.h). */
  public static final byte TAG_MERGE = 2;
  /**
   * The record tag of a range deletion: RocksDB's {@code kTypeRangeDeletion} (0xF) in
   * db/dbformat.h, followed by the length-prefixed begin and end keys.
   */
  public static final byte TAG_RANGE_DELETION = 0xF;

  private byte[] rep = new byte[64];
  private int size = HEADER_SIZE;
  private int count;
  private long keyValueBytes;
  private int mergeCount;
  private int rangeDeletionCount;

  /**
   * Adds a put of {@code key} to {@code value}.
   *
   * @param key the key
   * @param value the value
   * @return this batch
   * @throws NullPointerException naming a null argument
   * @throws IllegalArgumentException if the batch would pass about 2 GiB
   */
  public WriteBatch put(byte[] key, byte[] value) {
    checkNotNull(key, "key");
    checkNotNull(value, "value");
    ensure(1 + 10 + key.length + value.length);
    rep[size++] = TAG_PUT;
    putLengthPrefixed(key);
    putLengthPrefixed(value);
    count++;
    keyValueBytes += key.length + value.length;
    return this;
  }

  /**
   * Adds a delete of {@code key}.
   *
   * @param key the key to delete
   * @return this batch
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if the batch would pass about 2 GiB
   */
  public WriteBatch delete(byte[] key) {
    checkNotNull(key, "key");
    ensure(1 + 5 + key.length);
    rep[size++] = TAG_DELETE;
    putLengthPrefixed(key);
    count++;
    keyValueBytes += key.length;
    return this;
  }

  /**
   * Adds a merge of {@code operand} into {@code key}: the database's merge operator applies it to
   * the key's value when the key is read (RocksDB's {@code WriteBatch::Merge}). Writing the batch
   * fails with {@link IllegalStateException} when the database has no merge operator.
   *
   * @param key the key
   * @param operand the merge operand, in the form the database's merge operator reads
   * @return this batch
   * @throws NullPointerException naming a null argument
   * @throws IllegalArgumentException if the batch would pass about 2 GiB
   */
  public WriteBatch merge(byte[] key, byte[] operand) {
    checkNotNull(key, "key");
    checkNotNull(operand, "operand");
    ensure(1 + 10 + key.length + operand.length);
    rep[size++] = TAG_MERGE;
    putLengthPrefixed(key);
    putLengthPrefixed(operand);
    count++;
    mergeCount++;
    keyValueBytes += key.length + operand.length;
    return this;
  }

  /**
   * Appends a range deletion: every key {@code k} with {@code begin <= k < end} (by the
   * database's comparator) written before this record is deleted, as RocksDB's {@code
   * WriteBatch::DeleteRange}. A range with {@code begin >= end} is empty: it is recorded, counts
   * as a record, and deletes nothing. The batch copies both arrays.
   *
   * @param begin the first key deleted
   * @param end the first key past the range, not deleted
   * @return this batch
   * @throws NullPointerException if {@code begin} or {@code end} is null
   * @throws IllegalArgumentException if the batch would pass about 2 GiB
   */
  public WriteBatch deleteRange(byte[] begin, byte[] end) {
    checkNotNull(begin, "begin");
    checkNotNull(end, "end");
    ensure(1 + 10 + begin.length + end.length);
    rep[size++] = TAG_RANGE_DELETION;
    putLengthPrefixed(begin);
    putLengthPrefixed(end);
    count++;
    rangeDeletionCount++;
    keyValueBytes += begin.length + end.length;
    return this;
  }

  /**
   * Appends every record of {@code other} after this batch's.
   *
   * @param other the batch whose records to copy; left unchanged
   * @return this batch
   * @throws NullPointerException if {@code other} is null
   * @throws IllegalArgumentException if the batch would pass about 2 GiB
   */
  public WriteBatch append(WriteBatch other) {
    checkNotNull(other, "other");
    int n = other.size - HEADER_SIZE;
    ensure(n);
    System.arraycopy(other.rep, HEADER_SIZE, rep, size, n);
    size += n;
    count += other.count;
    mergeCount += other.mergeCount;
    rangeDeletionCount += other.rangeDeletionCount;
    keyValueBytes += other.keyValueBytes;
    return this;
  }

  /** Removes every record. */
  public void clear() {
    size = HEADER_SIZE;
    count = 0;
    mergeCount = 0;
    rangeDeletionCount = 0;
    keyValueBytes = 0;
  }

  /** {@return the number of records (entries)} */
  public int count() {
    return count;
  }

  /** {@return the number of merge records} */
  public int mergeCount() {
    return mergeCount;
  }

  /** {@return the number of range deletion records} */
  public int rangeDeletionCount() {
    return rangeDeletionCount;
  }

  /**
   * Bytes of the keys and values of its records, without the encoding's tags and lengths (RocksDB's
   * {@code WriteBatch::GetDataSize} less the framing): what {@code Db.statistics()} counts as
   * the user's bytes when the batch is written.
   *
   * @return bytes of the keys and values
   */
  public long keyValueBytes() {
    return keyValueBytes;
  }

  /** {@return the encoded size in bytes, header included; what the batch adds to the log} */
  public int approximateSizeBytes() {
    return size;
  }

  /**
   * A read-only view of the encoding, header included, with the count filled in and the sequence
   * number 0. Valid until this batch changes.
   *
   * @return the encoding, positioned at 0
   */
  public ByteBuffer encoded() {
    writeFixed32(rep, 8, count);
    Arrays.fill(rep, 0, 8, (byte) 0);
    return ByteBuffer.wrap(rep, 0, size).slice().asReadOnlyBuffer();
  }

  /**
   * Copies the records (the encoding after the header) into {@code dst} at {@code offset}.
   *
   * @param dst the array to copy into; needs {@link #recordsSizeBytes()} bytes from {@code offset}
   * @param offset index in {@code dst} of the first byte written
   */
  public void copyRecordsTo(byte[] dst, int offset) {
    System.arraycopy(rep, HEADER_SIZE, dst, offset, size - HEADER_SIZE);
  }

  /** {@return bytes of the records alone, without the header} */
  public int recordsSizeBytes() {
    return size - HEADER_SIZE;
  }

  private void putLengthPrefixed(byte[] b) {
    int v = b.length;
    while ((v & ~0x7f) != 0) {
      rep[size++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    rep[size++] = (byte) v;
    System.arraycopy(b, 0, rep, size, b.length);
    size += b.length;
  }

  private void ensure(int extra) {
    long needed = (long) size + extra;
    checkArgument(needed <= Integer.MAX_VALUE - 8, "batch too large: %s bytes", needed);
    if (needed > rep.length) {
      rep = Arrays.copyOf(rep, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8L, 2L * rep.length)));
    }
  }

  private static void writeFixed32(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }
}
