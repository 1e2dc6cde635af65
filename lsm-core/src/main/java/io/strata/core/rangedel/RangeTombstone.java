package io.strata.core.rangedel;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.Bytes;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import java.util.Arrays;

/**
 * One range tombstone: every entry of a user key in {@code [begin, end)} with a sequence number
 * below {@link #sequence()} is deleted, for a read at a sequence number {@code >=
 * sequence()} (RocksDB's {@code RangeTombstone}, db/dbformat.h). Stored as an entry whose
 * internal key is {@code begin @ sequence : RANGE_DELETION} and whose value is {@code end}.
 *
 * <p>Immutable: the arrays are copied in and out.
 */
public final class RangeTombstone {
  private final byte[] begin;
  private final byte[] end;
  private final long sequence;

  /**
   * A tombstone over {@code [begin, end)} at {@code sequence}.
   *
   * @param begin the first user key deleted
   * @param end the first user key past the range
   * @param sequence the tombstone's sequence number, in [0, 2^56-1]
   * @throws NullPointerException if {@code begin} or {@code end} is null
   * @throws IllegalArgumentException if {@code sequence} is out of range
   */
  public RangeTombstone(byte[] begin, byte[] end, long sequence) {
    checkNotNull(begin, "begin");
    checkNotNull(end, "end");
    checkArgument(sequence >= 0 && sequence <= InternalKey.MAX_SEQUENCE,
        "sequence out of range: %s", sequence);
    this.begin = begin.clone();
    this.end = end.clone();
    this.sequence = sequence;
  }

  /**
   * The tombstone stored as {@code internalKey -> end}.
   *
   * @param internalKey the begin key's internal key, of type RANGE_DELETION
   * @param end the end user key
   * @return the tombstone
   * @throws IllegalArgumentException if the key is shorter than 8 bytes or not a range deletion
   */
  public static RangeTombstone fromEntry(byte[] internalKey, byte[] end) {
    checkArgument(internalKey.length >= InternalKey.TRAILER_SIZE,
        "internal key shorter than 8 bytes: %s", internalKey.length);
    checkArgument(InternalKeys.typeCode(internalKey) == ValueType.RANGE_DELETION.code(),
        "not a range deletion: type %s", InternalKeys.typeCode(internalKey));
    return new RangeTombstone(InternalKeys.userKey(internalKey), end,
        InternalKeys.sequence(internalKey));
  }

  /** {@return a copy of the first user key deleted} */
  public byte[] begin() {
    return begin.clone();
  }

  /** {@return a copy of the first user key past the range} */
  public byte[] end() {
    return end.clone();
  }

  /** {@return the sequence number} */
  public long sequence() {
    return sequence;
  }

  /** {@return the internal key it is stored under: begin @ sequence : RANGE_DELETION} */
  public byte[] internalKey() {
    return InternalKeys.encode(begin, sequence, ValueType.RANGE_DELETION);
  }

  byte[] beginArray() {
    return begin;
  }

  byte[] endArray() {
    return end;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangeTombstone t && t.sequence == sequence
        && Arrays.equals(t.begin, begin) && Arrays.equals(t.end, end);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(begin) + Arrays.hashCode(end)) + Long.hashCode(sequence);
  }

  @Override
  public String toString() {
    return "['" + Bytes.escape(begin, 0, begin.length) + "', '" + Bytes.escape(end, 0, end.length)
        + "') @ " + sequence;
  }
}
