package io.strata.core.table;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.env.ReadableFile;
import java.io.IOException;

/**
 * The fixed-size tail of every table file: where the metaindex and index blocks are, and the
 * magic number. Immutable.
 *
 * <p>Encoding (google/leveldb {@code doc/table_format.md}, {@code table/format.cc}), 48 bytes:
 *
 * <pre>
 * field              encoding                     width
 * metaindex_handle   BlockHandle                  2..20
 * index_handle       BlockHandle                  2..20
 * padding            zero bytes up to byte 40     0..36
 * magic              fixed64 0xdb4775248b80fb57   8
 * </pre>
 *
 * @param metaindexHandle where the metaindex block is
 * @param indexHandle where the index block is
 */
public record Footer(BlockHandle metaindexHandle, BlockHandle indexHandle) {
  /** Bytes of an encoded footer. */
  public static final int ENCODED_LENGTH = 2 * BlockHandle.MAX_ENCODED_LENGTH + 8;
  /** LevelDB's table magic number, stored little-endian in the last 8 bytes. */
  public static final long TABLE_MAGIC_NUMBER = 0xdb4775248b80fb57L;

  public Footer {
    checkNotNull(metaindexHandle, "metaindexHandle");
    checkNotNull(indexHandle, "indexHandle");
  }

  /** The 48-byte encoding, a fresh array. */
  public byte[] encode() {
    byte[] out = new byte[ENCODED_LENGTH];
    int p = metaindexHandle.encodeTo(out, 0);
    indexHandle.encodeTo(out, p);
    Coding.putFixed64(out, ENCODED_LENGTH - 8, TABLE_MAGIC_NUMBER);
    return out;
  }

  /**
   * Decodes the footer in {@code src[off, off+48)}.
   *
   * @param fileName names the file in the exception
   * @param fileOffset the footer's byte offset in the file, reported on failure
   * @throws CorruptionException if the magic number is wrong, a handle does not decode or is
   *     not in its shortest encoding, or the padding after the handles is not all zeros
   *     (LevelDB writes shortest varints and zeros there)
   */
  public static Footer decode(byte[] src, int off, String fileName, long fileOffset)
      throws CorruptionException {
    long magic = Coding.getFixed64(src, off + ENCODED_LENGTH - 8);
    if (magic != TABLE_MAGIC_NUMBER) {
      throw new CorruptionException(fileName, fileOffset,
          "not an sstable (bad magic number " + Long.toHexString(magic) + ")");
    }
    int[] pos = {off};
    int limit = off + ENCODED_LENGTH - 8;
    BlockHandle metaindex = BlockHandle.decode(src, pos, limit, fileName, fileOffset);
    BlockHandle index = BlockHandle.decode(src, pos, limit, fileName, fileOffset);
    // The footer has no checksum: its zero padding and the shortest varints LevelDB writes are
    // the only witnesses of damage there. A flipped continuation bit can make a varint run on
    // into the padding with the same value: longer than its shortest form, it is damage.
    int canonical = Coding.varintLength(metaindex.offset()) + Coding.varintLength(metaindex.size())
        + Coding.varintLength(index.offset()) + Coding.varintLength(index.size());
    if (pos[0] - off != canonical) {
      throw new CorruptionException(fileName, fileOffset, "bad table footer: block handles take "
          + (pos[0] - off) + " bytes where their shortest encoding takes " + canonical);
    }
    for (int p = pos[0]; p < limit; p++) {
      if (src[p] != 0) {
        throw new CorruptionException(fileName, fileOffset + (p - off),
            "bad table footer: non-zero padding byte " + (src[p] & 0xff));
      }
    }
    return new Footer(metaindex, index);
  }

  /**
   * Reads, decodes and checks the footer at the end of a table of {@code fileSizeBytes}: the
   * shared first step of opening, describing and checking a table.
   *
   * @param fileName names the file in exceptions
   * @return the footer, whose handles end at or before it
   * @throws CorruptionException if the file is shorter than a footer, the footer is cut, or
   *     {@link #decode} or {@link #checkHandlesEndBefore} refuses it
   * @throws IOException if reading fails
   */
  static Footer read(ReadableFile file, String fileName, long fileSizeBytes) throws IOException {
    if (fileSizeBytes < ENCODED_LENGTH) {
      throw new CorruptionException(fileName, 0, "file is too short (" + fileSizeBytes
          + " bytes) to be an sstable");
    }
    long footerOffset = fileSizeBytes - ENCODED_LENGTH;
    byte[] footerBytes = new byte[ENCODED_LENGTH];
    BlockReader.readFully(file, fileName, footerOffset, footerBytes, "footer");
    Footer footer = decode(footerBytes, 0, fileName, footerOffset);
    footer.checkHandlesEndBefore(footerOffset, fileName);
    return footer;
  }

  /**
   * Checks that both handles, with their 5-byte trailers, end at or before the footer: the
   * footer has no checksum, so a damaged handle is caught here and reported at the footer.
   *
   * @param footerOffset the footer's byte offset in the file, where the blocks end
   * @throws CorruptionException naming {@code fileName} and {@code footerOffset} otherwise
   */
  public void checkHandlesEndBefore(long footerOffset, String fileName)
      throws CorruptionException {
    for (BlockHandle h : new BlockHandle[] {metaindexHandle, indexHandle}) {
      if (h.size() > footerOffset || h.offset() > footerOffset - h.size()
          - BlockBasedTableBuilder.BLOCK_TRAILER_SIZE) {
        throw new CorruptionException(fileName, footerOffset, "bad table footer: "
            + (h == indexHandle ? "index" : "metaindex") + " block handle (offset " + h.offset()
            + ", size " + h.size() + ") runs past the footer");
      }
    }
  }
}
