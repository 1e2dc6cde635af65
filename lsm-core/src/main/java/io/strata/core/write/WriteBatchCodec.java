package io.strata.core.write;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkPositionIndex;

import io.strata.api.CorruptionException;
import io.strata.api.WriteBatch;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.memtable.MemTable;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes the encoding of a {@link WriteBatch} (its "rep"), the payload of every
 * write-ahead log record (google/leveldb db/write_batch.cc):
 *
 * <pre>
 * field      encoding                         width
 * sequence   fixed64 little-endian            8     sequence of the first record
 * count      fixed32 little-endian            4     number of records
 * records    repeated count times:
 *   put      0x01 varint32 klen key varint32 vlen value
 *   delete   0x00 varint32 klen key
 *   merge    0x02 varint32 klen key varint32 vlen operand   (RocksDB's kTypeMerge)
 * </pre>
 *
 * Record {@code i} (0-based) gets sequence number {@code sequence + i}. Stateless.
 */
public final class WriteBatchCodec {
  /** Value stored with a deletion; zero-length, so nothing can change it. */
  private static final byte[] NO_VALUE = new byte[0];

  private WriteBatchCodec() {}

  /**
   * The header's sequence number.
   *
   * @throws IllegalArgumentException if {@code rep} is shorter than the 12-byte header
   */
  public static long sequence(byte[] rep) {
    checkHeader(rep);
    return Coding.getFixed64(rep, 0);
  }

  /**
   * The header's record count, as an unsigned 32-bit value read into an int.
   *
   * @throws IllegalArgumentException if {@code rep} is shorter than the 12-byte header
   */
  public static int count(byte[] rep) {
    checkHeader(rep);
    return Coding.getFixed32(rep, 8);
  }

  /**
   * Writes the header's sequence number.
   *
   * @throws IllegalArgumentException if {@code rep} is shorter than the 12-byte header
   */
  public static void setSequence(byte[] rep, long sequence) {
    checkHeader(rep);
    Coding.putFixed64(rep, 0, sequence);
  }

  /**
   * Writes the header's record count.
   *
   * @throws IllegalArgumentException if {@code rep} is shorter than the 12-byte header
   */
  public static void setCount(byte[] rep, int count) {
    checkHeader(rep);
    Coding.putFixed32(rep, 8, count);
  }

  /** Receives the records of a write batch (google/leveldb {@code WriteBatch::Handler}). */
  @FunctionalInterface
  public interface Handler {
    /**
     * One record.
     *
     * @param sequence the record's sequence number
     * @param type {@link ValueType#VALUE} for a put, {@link ValueType#DELETION} for a delete,
     *     {@link ValueType#MERGE} for a merge
     * @param userKey the key, a fresh array
     * @param value the value or merge operand, a fresh array; empty for a delete
     */
    void record(long sequence, ValueType type, byte[] userKey, byte[] value);
  }

  /**
   * Adds every record of {@code rep[0, length)} to {@code mem}, as {@link #iterate} hands them.
   *
   * @return the number of records applied
   * @throws CorruptionException as {@link #iterate}
   * @throws IndexOutOfBoundsException if {@code length} is outside [0, rep.length]
   */
  public static int insertInto(byte[] rep, int length, MemTable mem, String fileName,
      long fileOffset) throws CorruptionException {
    checkNotNull(mem, "mem");
    return iterate(rep, length, mem::add, fileName, fileOffset);
  }

  /**
   * Adds every record of {@code rep[0, length)} to {@code mem}, record {@code i} at sequence
   * {@code sequence(rep) + i}, in one pass: for a rep the engine encoded itself (a group commit's,
   * from {@link WriteBatch} or {@link #putRecord}), which needs none of {@link #insertInto}'s
   * checks before the first record is added. Keys and values are handed as ranges of {@code rep}
   * ({@link MemTable#add(long, ValueType, byte[], int, int, int, int)}): the memtable copies them.
   *
   * @param rep the encoding, header included
   * @param length bytes of {@code rep} holding the encoding
   * @param mem the memtable to add to
   * @return the number of records added
   * @throws CorruptionException if a record is malformed, as {@link #iterate} reports it (never
   *     for a rep encoded by {@link WriteBatch}); the records before it were added
   * @throws IndexOutOfBoundsException if {@code length} is outside [12, rep.length]
   */
  public static int insertEncoded(byte[] rep, int length, MemTable mem)
      throws CorruptionException {
    checkNotNull(mem, "mem");
    checkPositionIndex(length, rep.length, "length");
    if (length < WriteBatch.HEADER_SIZE) {
      throw new IndexOutOfBoundsException(
          "write batch of " + length + " bytes is shorter than its 12-byte header");
    }
    // One loop with the position in a local, not a Parser: this runs once per write, and a
    // Parser that escapes costs an object and an array per write.
    long sequence = Coding.getFixed64(rep, 0);
    int pos = WriteBatch.HEADER_SIZE;
    int n = 0;
    while (pos < length) {
      ValueType type = typeOf(rep[pos]);
      long key = type == null ? -1 : lengthPrefixed(rep, pos + 1, length);
      if (key < 0) {
        break;
      }
      int keyStart = (int) (key >>> 32);
      int keyEnd = (int) key;
      int valueStart = keyEnd;
      int valueEnd = keyEnd; // a delete's value: empty
      if (type != ValueType.DELETION) {
        long value = lengthPrefixed(rep, keyEnd, length);
        if (value < 0) {
          break;
        }
        valueStart = (int) (value >>> 32);
        valueEnd = (int) value;
      }
      mem.add(sequence + n, type, rep, keyStart, keyEnd - keyStart, valueStart,
          valueEnd - valueStart);
      pos = valueEnd;
      n++;
    }
    if (pos != length) {
      // Malformed: the checking pass names the fault (the records before it were added).
      new Parser(rep, length, "write batch", 0).run(null, 0);
      throw new CorruptionException("write batch", 0, "malformed record at byte " + pos);
    }
    return n;
  }

  /** The value type of a record tag, or null for an unknown tag. */
  private static ValueType typeOf(byte tag) {
    switch (tag) {
      case WriteBatch.TAG_PUT:
        return ValueType.VALUE;
      case WriteBatch.TAG_DELETE:
        return ValueType.DELETION;
      case WriteBatch.TAG_MERGE:
        return ValueType.MERGE;
      case WriteBatch.TAG_RANGE_DELETION:
        return ValueType.RANGE_DELETION;
      default:
        return null;
    }
  }

  /**
   * Reads the varint32 length at {@code rep[pos]} and the bytes it counts: their start in the
   * high 32 bits and their end in the low 32, or -1 if the varint or the bytes run past
   * {@code limit} or the varint takes more than 5 bytes.
   */
  private static long lengthPrefixed(byte[] rep, int pos, int limit) {
    long length = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos >= limit || shift > 28) {
        return -1;
      }
      byte b = rep[pos++];
      length |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        break;
      }
    }
    if (length > limit - pos) {
      return -1;
    }
    return ((long) pos << 32) | (pos + length);
  }

  /**
   * Bytes of one put, delete or merge record's encoding (tag, length-prefixed key, and for a put
   * or merge the length-prefixed value), without a batch header.
   *
   * @param tag {@link WriteBatch#TAG_PUT}, {@link WriteBatch#TAG_DELETE} or
   *     {@link WriteBatch#TAG_MERGE}
   * @param key the key
   * @param value the value or operand; ignored (may be null) for a delete
   * @return the record's size in bytes
   * @throws NullPointerException if {@code key} is null, or {@code value} is null for a put or
   *     merge
   * @throws IllegalArgumentException for another tag, or if a batch holding the record would
   *     pass about 2 GiB
   */
  public static int recordSizeBytes(byte tag, byte[] key, byte[] value) {
    checkNotNull(key, "key");
    checkArgument(tag == WriteBatch.TAG_PUT || tag == WriteBatch.TAG_DELETE
        || tag == WriteBatch.TAG_MERGE, "not a single-record tag: %s", tag);
    long size = 1L + Coding.varintLength(key.length) + key.length;
    if (tag != WriteBatch.TAG_DELETE) {
      checkNotNull(value, "value");
      size += Coding.varintLength(value.length) + (long) value.length;
    }
    checkArgument(size <= Integer.MAX_VALUE - 8 - WriteBatch.HEADER_SIZE,
        "batch too large: %s bytes", size + WriteBatch.HEADER_SIZE);
    return (int) size;
  }

  /**
   * Writes one record's encoding at {@code dst[offset]}, as {@link WriteBatch} encodes it.
   *
   * @param dst the array to write into; needs {@link #recordSizeBytes} bytes from
   *     {@code offset}
   * @param offset index in {@code dst} of the record's first byte
   * @param tag {@link WriteBatch#TAG_PUT}, {@link WriteBatch#TAG_DELETE} or
   *     {@link WriteBatch#TAG_MERGE}, as checked by {@link #recordSizeBytes}
   * @param key the key
   * @param value the value or operand; ignored for a delete
   * @return the index just past the record
   * @throws IndexOutOfBoundsException if {@code dst} is too short
   */
  public static int putRecord(byte[] dst, int offset, byte tag, byte[] key, byte[] value) {
    int off = offset;
    dst[off++] = tag;
    off = Coding.putVarint32(dst, off, key.length);
    System.arraycopy(key, 0, dst, off, key.length);
    off += key.length;
    if (tag != WriteBatch.TAG_DELETE) {
      off = Coding.putVarint32(dst, off, value.length);
      System.arraycopy(value, 0, dst, off, value.length);
      off += value.length;
    }
    return off;
  }

  /**
   * Hands every record of {@code rep[0, length)} to {@code handler} in order, record {@code i} at
   * sequence {@code sequence(rep) + i}, keys and values copied into fresh arrays (google/leveldb
   * {@code WriteBatch::Iterate}). The whole rep is checked before anything is handed over, so a
   * damaged batch hands nothing.
   *
   * @param fileName reported in a {@link CorruptionException}: the log the rep was read from
   * @param fileOffset reported in a {@link CorruptionException}: the rep's offset in that file
   * @return the number of records
   * @throws CorruptionException if the rep is shorter than its header, holds an unknown tag, a
   *     truncated or oversized varint, a length past the end, a record count other than the
   *     header's, or sequence numbers past 2^56-1
   * @throws IndexOutOfBoundsException if {@code length} is outside [0, rep.length]
   */
  public static int iterate(byte[] rep, int length, Handler handler, String fileName,
      long fileOffset) throws CorruptionException {
    checkNotNull(rep, "rep");
    checkNotNull(handler, "handler");
    checkPositionIndex(length, rep.length, "length");
    if (length < WriteBatch.HEADER_SIZE) {
      throw new CorruptionException(fileName, fileOffset,
          "write batch of " + length + " bytes is shorter than its 12-byte header");
    }
    long first = Coding.getFixed64(rep, 0);
    long expected = Integer.toUnsignedLong(Coding.getFixed32(rep, 8));
    int found = new Parser(rep, length, fileName, fileOffset).run(null, 0);
    if (found != expected) {
      throw new CorruptionException(fileName, fileOffset,
          "write batch has " + found + " records but its header says " + expected);
    }
    if (first < 0 || first > InternalKey.MAX_SEQUENCE - Math.max(0, found - 1)) {
      throw new CorruptionException(fileName, fileOffset, "write batch sequence " + first
          + " with " + found + " records passes the largest sequence " + InternalKey.MAX_SEQUENCE);
    }
    new Parser(rep, length, fileName, fileOffset).run(handler, first);
    return found;
  }

  /**
   * One rep holding the records of every batch in order, header sequence {@code firstSequence}
   * and header count the sum of theirs: the payload of a group commit.
   *
   * @throws NullPointerException if the list or a batch is null
   * @throws IllegalArgumentException if the list is empty, {@code firstSequence} is negative, or
   *     the result would pass 2^31-9 bytes or 2^31-1 records
   */
  public static byte[] concat(List<WriteBatch> batches, long firstSequence) {
    checkNotNull(batches, "batches");
    checkArgument(!batches.isEmpty(), "no batches to concatenate");
    checkArgument(firstSequence >= 0, "firstSequence must be >= 0, was %s", firstSequence);
    long size = WriteBatch.HEADER_SIZE;
    long count = 0;
    for (int i = 0; i < batches.size(); i++) {
      WriteBatch batch = checkNotNull(batches.get(i), "batches[%s]", i);
      size += batch.recordsSizeBytes();
      count += batch.count();
    }
    checkArgument(size <= Integer.MAX_VALUE - 8, "group commit too large: %s bytes", size);
    checkArgument(count <= Integer.MAX_VALUE, "group commit too large: %s records", count);
    byte[] rep = new byte[(int) size];
    Coding.putFixed64(rep, 0, firstSequence);
    Coding.putFixed32(rep, 8, (int) count);
    int offset = WriteBatch.HEADER_SIZE;
    for (WriteBatch batch : batches) {
      batch.copyRecordsTo(rep, offset);
      offset += batch.recordsSizeBytes();
    }
    return rep;
  }

  private static void checkHeader(byte[] rep) {
    checkNotNull(rep, "rep");
    checkArgument(rep.length >= WriteBatch.HEADER_SIZE,
        "write batch rep of %s bytes is shorter than its 12-byte header", rep.length);
  }

  /** One pass over the records: validating only, or handing each to a handler. */
  private static final class Parser {
    private final byte[] rep;
    private final int limit;
    private final String fileName;
    private final long fileOffset;
    private final int[] pos = {WriteBatch.HEADER_SIZE};

    Parser(byte[] rep, int limit, String fileName, long fileOffset) {
      this.rep = rep;
      this.limit = limit;
      this.fileName = fileName;
      this.fileOffset = fileOffset;
    }

    /** @return the number of records; hands them to {@code handler} from {@code first} if set */
    int run(Handler handler, long first) throws CorruptionException {
      int n = 0;
      while (pos[0] < limit) {
        int recordStart = pos[0];
        byte tag = rep[pos[0]++];
        ValueType type;
        int keyStart;
        int keyEnd;
        int valueStart;
        if (tag == WriteBatch.TAG_PUT) {
          type = ValueType.VALUE;
          keyStart = lengthPrefixed(recordStart, "key");
          keyEnd = pos[0];
          valueStart = lengthPrefixed(recordStart, "value");
        } else if (tag == WriteBatch.TAG_MERGE) {
          type = ValueType.MERGE;
          keyStart = lengthPrefixed(recordStart, "key");
          keyEnd = pos[0];
          valueStart = lengthPrefixed(recordStart, "operand");
        } else if (tag == WriteBatch.TAG_DELETE) {
          type = ValueType.DELETION;
          keyStart = lengthPrefixed(recordStart, "key");
          keyEnd = pos[0];
          valueStart = -1;
        } else if (tag == WriteBatch.TAG_RANGE_DELETION) {
          type = ValueType.RANGE_DELETION;
          keyStart = lengthPrefixed(recordStart, "begin key");
          keyEnd = pos[0];
          valueStart = lengthPrefixed(recordStart, "end key");
        } else {
          throw corruption(recordStart, "unknown write batch tag " + (tag & 0xff));
        }
        if (handler != null) {
          handler.record(first + n, type, Arrays.copyOfRange(rep, keyStart, keyEnd),
              valueStart < 0 ? NO_VALUE : Arrays.copyOfRange(rep, valueStart, pos[0]));
        }
        if (n == Integer.MAX_VALUE) {
          throw corruption(recordStart, "more than 2^31-1 records");
        }
        n++;
      }
      return n;
    }

    /** Reads a varint32 length and skips that many bytes; returns where they start. */
    private int lengthPrefixed(int recordStart, String what) throws CorruptionException {
      long length = Coding.getVarint32(rep, pos, limit);
      if (length < 0) {
        throw corruption(recordStart, "bad " + what + " length varint");
      }
      int start = pos[0];
      if (length > limit - start) {
        throw corruption(recordStart,
            what + " of " + length + " bytes runs past the end of the batch");
      }
      pos[0] = start + (int) length;
      return start;
    }

    private CorruptionException corruption(int recordStart, String what) {
      return new CorruptionException(fileName, fileOffset,
          what + " in the record at byte " + recordStart + " of the batch");
    }
  }
}
