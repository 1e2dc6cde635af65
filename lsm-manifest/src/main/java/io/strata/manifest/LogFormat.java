package io.strata.manifest;

import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.coding.Crc32c;
import java.util.zip.CRC32C;

/**
 * Constants of the record-log format shared by the write-ahead log and the MANIFEST (google/leveldb
 * {@code doc/log_format.md}). The codes are on-disk values and never change.
 *
 * <p>A log is a sequence of 32 KiB blocks (the last one may be partial). Each block holds physical
 * records; a block tail too short for a header (0 to 6 bytes) is filled with zeros and skipped.
 *
 * <pre>
 * field     encoding                                          width
 * checksum  fixed32 LE: masked CRC32C of (type byte, payload)  4
 * length    fixed16 LE: payload bytes                          2
 * type      byte: FULL=1, FIRST=2, MIDDLE=3, LAST=4            1
 * payload   raw bytes                                          length
 * </pre>
 *
 * A user record that does not fit in the rest of its block is cut into fragments: FIRST, zero or
 * more MIDDLE, LAST; a record that fits is one FULL. Type 0 is reserved (LevelDB's preallocated
 * zero regions).
 */
public final class LogFormat {
  /** Bytes of a block. */
  public static final int BLOCK_SIZE = 32768;
  /** Bytes of a physical record's header: checksum (4), length (2), type (1). */
  public static final int HEADER_SIZE = 7;

  /** Reserved; a zero header marks preallocated space. */
  public static final int ZERO_TYPE = 0;
  /** A whole record in one fragment. */
  public static final int FULL_TYPE = 1;
  /** The first fragment of a record. */
  public static final int FIRST_TYPE = 2;
  /** An inner fragment of a record. */
  public static final int MIDDLE_TYPE = 3;
  /** The last fragment of a record. */
  public static final int LAST_TYPE = 4;
  /** Largest valid type code. */
  public static final int MAX_TYPE = LAST_TYPE;

  private LogFormat() {}

  /** The payload length in the header at {@code buf[p, p + HEADER_SIZE)}: 0 to 65535. */
  public static int payloadLength(byte[] buf, int p) {
    return (buf[p + 4] & 0xff) | (buf[p + 5] & 0xff) << 8;
  }

  /** The type code in the header at {@code buf[p, p + HEADER_SIZE)}: any byte, 0 to 255. */
  public static int type(byte[] buf, int p) {
    return buf[p + 6] & 0xff;
  }

  /**
   * Whether the checksum in the header at {@code buf[p]} matches its type byte and payload;
   * REQUIRES the payload within {@code buf}.
   *
   * @param crc scratch state, reset here
   */
  public static boolean checksumMatches(byte[] buf, int p, CRC32C crc) {
    crc.reset();
    crc.update(buf, p + 6, 1 + payloadLength(buf, p)); // type byte, then payload
    return (int) crc.getValue() == Crc32c.unmask(Coding.getFixed32(buf, p));
  }

  /**
   * Whether an intact physical record starts at {@code buf[p]}: a header and its payload end at
   * or before {@code limit}, the type is FULL, FIRST, MIDDLE or LAST, and the checksum matches
   * (a false match needs a 32-bit checksum to agree by chance).
   *
   * @param limit the end of the valid bytes of {@code buf} (exclusive)
   * @param crc scratch state, reset here
   */
  public static boolean isIntactRecord(byte[] buf, int p, int limit, CRC32C crc) {
    if (limit - p < HEADER_SIZE) {
      return false;
    }
    int type = type(buf, p);
    return type >= FULL_TYPE && type <= MAX_TYPE
        && HEADER_SIZE + payloadLength(buf, p) <= limit - p && checksumMatches(buf, p, crc);
  }
}
