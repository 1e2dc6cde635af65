package io.strata.core.table;

import static com.google.common.base.Preconditions.checkArgument;

import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Coding;

/**
 * Where a block lies in a table file: the byte offset of its contents and their size, not
 * counting the 5-byte trailer that follows. Immutable.
 *
 * <p>Encoding (google/leveldb {@code table/format.h}, {@code doc/table_format.md}):
 *
 * <pre>
 * field    encoding   width
 * offset   varint64   1..10
 * size     varint64   1..10
 * </pre>
 *
 * @param offset byte offset of the block's first byte in the file, {@code >= 0}
 * @param size bytes of block contents, trailer excluded, {@code >= 0}
 */
public record BlockHandle(long offset, long size) {
  /** Most bytes an encoded handle takes: two varint64s. */
  public static final int MAX_ENCODED_LENGTH = 2 * Coding.MAX_VARINT64_BYTES;

  /**
   * @throws IllegalArgumentException if {@code offset} or {@code size} is negative
   */
  public BlockHandle {
    checkArgument(offset >= 0, "offset must be >= 0: %s", offset);
    checkArgument(size >= 0, "size must be >= 0: %s", size);
  }

  /** Writes the encoding at {@code dst[off...]}; returns the offset after it. */
  public int encodeTo(byte[] dst, int off) {
    off = Coding.putVarint64(dst, off, offset);
    return Coding.putVarint64(dst, off, size);
  }

  /** The encoding, a fresh array of 2 to 20 bytes. */
  public byte[] encode() {
    byte[] buf = new byte[Coding.varintLength(offset) + Coding.varintLength(size)];
    encodeTo(buf, 0);
    return buf;
  }

  /**
   * Decodes a handle at {@code src[pos[0]...]}, reading no byte at or past {@code limit}, and
   * advances {@code pos[0]} past it.
   *
   * @param fileName names the file in the exception
   * @param fileOffset the byte offset in the file reported on failure
   * @throws CorruptionException if the varints are truncated, too long, or above
   *     {@code Long.MAX_VALUE}; {@code pos[0]} is then unspecified
   */
  public static BlockHandle decode(byte[] src, int[] pos, int limit, String fileName,
      long fileOffset) throws CorruptionException {
    boolean[] ok = new boolean[1];
    long off = Coding.getVarint64(src, pos, limit, ok);
    if (!ok[0] || off < 0) {
      throw new CorruptionException(fileName, fileOffset, "bad block handle offset");
    }
    long size = Coding.getVarint64(src, pos, limit, ok);
    if (!ok[0] || size < 0) {
      throw new CorruptionException(fileName, fileOffset, "bad block handle size");
    }
    return new BlockHandle(off, size);
  }

  /**
   * Decodes a handle from the start of {@code src[off, off+len)} (trailing bytes are ignored, as
   * LevelDB does).
   *
   * @throws CorruptionException as {@link #decode(byte[], int[], int, String, long)}
   */
  public static BlockHandle decode(byte[] src, int off, int len, String fileName,
      long fileOffset) throws CorruptionException {
    return decode(src, new int[] {off}, off + len, fileName, fileOffset);
  }
}
