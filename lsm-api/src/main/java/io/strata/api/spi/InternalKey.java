package io.strata.api.spi;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.Bytes;

/**
 * A user key with the sequence number and type of one write to it; what tables and memtables
 * sort by. Immutable.
 *
 * <p>Encoding (google/leveldb db/dbformat.h):
 *
 * <pre>
 * field       encoding                                   width
 * user_key    raw bytes                                  n
 * trailer     fixed64 little-endian (sequence &lt;&lt; 8 | type)  8
 * </pre>
 *
 * Order: user key ascending by the user comparator, then sequence descending, then type
 * descending; so the newest write of a key comes first.
 *
 * @param userKey the user key
 * @param sequence the sequence number of the write, 0 to {@link #MAX_SEQUENCE}
 * @param type whether the write was a put or a delete
 */
public record InternalKey(Bytes userKey, long sequence, ValueType type) {
  /** Largest sequence number: 56 bits. */
  public static final long MAX_SEQUENCE = (1L << 56) - 1;
  /** Bytes of the trailer. */
  public static final int TRAILER_SIZE = 8;

  /**
   * Checks the components.
   *
   * @param userKey the user key
   * @param sequence the sequence number of the write, 0 to {@link #MAX_SEQUENCE}
   * @param type whether the write was a put or a delete
   * @throws NullPointerException if {@code userKey} or {@code type} is null
   * @throws IllegalArgumentException if {@code sequence} is not in [0, {@link #MAX_SEQUENCE}]
   */
  public InternalKey {
    checkNotNull(userKey, "userKey");
    checkNotNull(type, "type");
    checkArgument(sequence >= 0 && sequence <= MAX_SEQUENCE, "sequence out of range: %s", sequence);
  }

  /** {@return the encoding above, a fresh array} */
  public byte[] encode() {
    byte[] out = new byte[userKey.size() + TRAILER_SIZE];
    userKey.copyTo(out, 0);
    InternalKeys.putTrailer(out, userKey.size(), sequence, type);
    return out;
  }

  /**
   * Decodes {@code encoded}, a key the engine made. Decoders of bytes read from a file check the
   * length and the type code first and report damage as a {@code CorruptionException} naming
   * the file and offset, so that this exception only ever means a caller's mistake.
   *
   * @param encoded an encoded internal key, as {@link #encode()} makes
   * @return the decoded key
   * @throws IllegalArgumentException if it is shorter than 8 bytes or its type code is unknown
   */
  public static InternalKey decode(byte[] encoded) {
    checkArgument(encoded.length >= TRAILER_SIZE, "internal key shorter than 8 bytes: %s",
        encoded.length);
    int n = encoded.length - TRAILER_SIZE;
    long trailer = InternalKeys.trailer(encoded, 0, encoded.length);
    ValueType type = ValueType.fromCode((int) (trailer & 0xff));
    checkArgument(type != null, "unknown value type %s", trailer & 0xff);
    return new InternalKey(Bytes.copyOf(encoded, 0, n), trailer >>> 8, type);
  }

  @Override
  public String toString() {
    return "'" + userKey + "' @ " + sequence + " : " + type;
  }
}
