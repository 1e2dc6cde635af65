package io.strata.core.table;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import io.strata.api.CompressionType;
import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.coding.Crc32c;
import io.strata.api.spi.env.ReadableFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads one block of a table file: google/leveldb {@code table/format.cc} {@code ReadBlock}
 * (block layout in {@link BlockBasedTableBuilder}).
 *
 * <p>Reading a block checks that its handle lies inside the file before allocating anything,
 * verifies the trailer's CRC32C when asked, and decompresses by the trailer's type byte (none,
 * Snappy, or Zstandard as RocksDB stores it: a varint32 uncompressed size, then one frame). A
 * compressed block's declared size is bounded before anything is allocated for it: by what its
 * compressed bytes can expand to, and for Zstandard by
 * {@link BlockBasedTableBuilder#MAX_ZSTD_BLOCK_BYTES}. Every fault is a
 * {@link CorruptionException} naming the file and the block's offset; a short read is one too.
 *
 * <p>{@link #readMappedBlock} reads a block of a memory-mapped file in place: it checks the
 * CRC32C over a view of the mapping and, for an uncompressed block, returns a {@link Block} over
 * that view, copying nothing (its caller keeps the mapping alive while the block is used); a
 * compressed block is copied once, into the decompressor's input.
 *
 * <p>Holds no state but each thread's Zstandard scratch space: static functions over a
 * {@link ReadableFile}, safe from any thread that may read the file. Used by
 * {@link BlockBasedTable} at open and for data blocks, and by {@link TableChecker}.
 */
final class BlockReader {
  private static final int TRAILER = BlockBasedTableBuilder.BLOCK_TRAILER_SIZE;
  /** The largest array the JVM reliably allocates. */
  private static final long MAX_BLOCK_BYTES = Integer.MAX_VALUE - 64;
  /** Snappy expands at most about 21x (a 3-byte copy yields 64 bytes); more is corruption. */
  private static final int MAX_SNAPPY_RATIO = 32;
  /**
   * A Zstandard frame expands at most 32768x: its densest block is a 3-byte header and one byte
   * repeated up to the 128 KiB block maximum (RFC 8878, section 3.1.1.2); more is corruption.
   */
  private static final long MAX_ZSTD_RATIO = 32768;
  /**
   * Each reading thread's Zstandard decompressor. A decompressor holds about 130 KiB of scratch
   * (its literals buffer and decoding tables) that a new one per block would allocate and zero
   * on every read, and it is not thread-safe; so each thread keeps one, a cache of scratch space
   * rather than shared state. A decompressor that threw is dropped, so that nothing of a
   * corrupted frame outlives it.
   */
  private static final ThreadLocal<ZstdDecompressor> ZSTD =
      ThreadLocal.withInitial(ZstdDecompressor::new);

  private BlockReader() {}

  /** Reads the block at {@code handle}, checks and decompresses it. */
  static Block readBlock(ReadableFile file, String fileName, long fileSize,
      BlockHandle handle, boolean verify) throws IOException {
    return readBlock(file, fileName, fileSize, handle.offset(), handle.size(), verify);
  }

  /** Reads a block's contents and trailer, checks and decompresses them. */
  static Block readBlock(ReadableFile file, String fileName, long fileSize, long offset,
      long size, boolean verify) throws IOException {
    byte[] buf = readWithTrailer(file, fileName, fileSize, offset, size, verify);
    return decode(buf, (int) size, fileName, offset);
  }

  /** The block in {@code buf[0, n)} followed by its type byte, decompressed if need be. */
  static Block decode(byte[] buf, int n, String fileName, long offset)
      throws IOException {
    int type = buf[n] & 0xff;
    if (type == CompressionType.NONE.code()) {
      return new Block(buf, n, fileName, offset);
    }
    byte[] out = uncompress(type, buf, n, fileName, offset);
    return new Block(out, out.length, fileName, offset);
  }

  /** Reads a block that is not block-structured (the filter); returns exactly its contents. */
  static byte[] readRaw(ReadableFile file, String fileName, long fileSize,
      BlockHandle handle, boolean verify) throws IOException {
    long offset = handle.offset();
    byte[] buf = readWithTrailer(file, fileName, fileSize, offset, handle.size(), verify);
    int n = (int) handle.size();
    int type = buf[n] & 0xff;
    if (type == CompressionType.NONE.code()) {
      return Arrays.copyOf(buf, n);
    }
    // LevelDB writes filters raw, but its reader accepts any block type.
    return uncompress(type, buf, n, fileName, offset);
  }

  /** The contents of the compressed block in {@code buf[0, n)} of type byte {@code type}. */
  private static byte[] uncompress(int type, byte[] buf, int n, String fileName, long offset)
      throws CorruptionException {
    if (type == CompressionType.SNAPPY.code()) {
      return uncompressSnappy(buf, n, fileName, offset);
    }
    if (type == CompressionType.ZSTD.code()) {
      return uncompressZstd(buf, n, fileName, offset);
    }
    throw new CorruptionException(fileName, offset, "bad block type " + type);
  }

  /**
   * Reads the block at {@code offset} of {@code size} bytes (and its trailer) through a view of
   * {@code file}'s memory mapping ({@link ReadableFile#mappedView}), checking the CRC32C if
   * {@code verify}. An uncompressed block is returned as a {@link Block} over the view, valid
   * only while the file stays open; a compressed block is decompressed into an array.
   *
   * @return the block, or null if {@code file} offers no view (it is not memory-mapped)
   * @throws CorruptionException if the handle lies outside the file, the checksum does not
   *     match, or the contents are damaged
   * @throws IOException if the file is closed
   */
  static Block readMappedBlock(ReadableFile file, String fileName, long fileSize, long offset,
      long size, boolean verify) throws IOException {
    checkHandle(fileName, fileSize, offset, size);
    int n = (int) size;
    ByteBuffer view;
    try {
      view = file.mappedView(offset, n + TRAILER);
    } catch (EOFException e) {
      throw new CorruptionException(fileName, offset, "truncated block read of "
          + (n + TRAILER) + " bytes", e);
    }
    if (view == null) {
      return null;
    }
    byte type = view.get(n);
    if (verify) {
      int expected = Crc32c.unmask(view.order(ByteOrder.LITTLE_ENDIAN).getInt(n + 1));
      CRC32C crc = new CRC32C();
      crc.update(view.limit(n)); // moves the position to n; set back below
      crc.update(type);
      if (expected != (int) crc.getValue()) {
        throw new CorruptionException(fileName, offset, "block checksum mismatch");
      }
    }
    view.clear().limit(n);
    if ((type & 0xff) == CompressionType.NONE.code()) {
      return Block.ofView(view, fileName, offset);
    }
    byte[] buf = new byte[n + 1];
    view.get(0, buf, 0, n);
    buf[n] = type;
    return decode(buf, n, fileName, offset);
  }

  /**
   * Reads a block's {@code size} bytes of contents and its trailer, checking the CRC32C if
   * {@code verify}; the type byte is at index {@code size}.
   */
  static byte[] readWithTrailer(ReadableFile file, String fileName, long fileSize,
      long offset, long size, boolean verify) throws IOException {
    checkHandle(fileName, fileSize, offset, size);
    int n = (int) size;
    byte[] buf = new byte[n + TRAILER];
    readFully(file, fileName, offset, buf, "block");
    if (verify) {
      int expected = Crc32c.unmask(Coding.getFixed32(buf, n + 1));
      int actual = Crc32c.valueWithTrailingType(buf, 0, n, buf[n]);
      if (expected != actual) {
        throw new CorruptionException(fileName, offset, "block checksum mismatch");
      }
    }
    return buf;
  }

  /** Checks that a block handle lies in the file, before anything is allocated for it. */
  private static void checkHandle(String fileName, long fileSize, long offset, long size)
      throws CorruptionException {
    if (offset < 0 || size < 0 || size > fileSize || offset > fileSize - size - TRAILER
        || size + TRAILER > MAX_BLOCK_BYTES) {
      throw new CorruptionException(fileName, offset, "block handle (offset " + offset
          + ", size " + size + ") lies outside the " + fileSize + "-byte file");
    }
  }

  /** Reads exactly {@code dst.length} bytes at {@code offset}; a short read is corruption. */
  static void readFully(ReadableFile file, String fileName, long offset, byte[] dst,
      String what) throws IOException {
    try {
      file.readFully(offset, dst, 0, dst.length);
    } catch (EOFException e) {
      throw new CorruptionException(fileName, offset, "truncated " + what + " read of "
          + dst.length + " bytes", e);
    }
  }

  private static byte[] uncompressSnappy(byte[] buf, int n, String fileName, long offset)
      throws CorruptionException {
    int len;
    try {
      len = SnappyDecompressor.getUncompressedLength(buf, 0);
    } catch (MalformedInputException | IndexOutOfBoundsException e) {
      throw new CorruptionException(fileName, offset,
          "corrupted snappy compressed block length", e);
    }
    if (len < 0 || (long) len > (long) n * MAX_SNAPPY_RATIO + 64) {
      throw new CorruptionException(fileName, offset,
          "corrupted snappy compressed block length " + Integer.toUnsignedString(len));
    }
    byte[] out = new byte[len];
    int got;
    try {
      got = new SnappyDecompressor().decompress(buf, 0, n, out, 0, len);
    } catch (MalformedInputException | IndexOutOfBoundsException e) {
      throw new CorruptionException(fileName, offset,
          "corrupted snappy compressed block contents", e);
    }
    if (got != len) {
      throw new CorruptionException(fileName, offset,
          "corrupted snappy compressed block contents: " + got + " of " + len + " bytes");
    }
    return out;
  }

  private static byte[] uncompressZstd(byte[] buf, int n, String fileName, long offset)
      throws CorruptionException {
    int[] pos = {0};
    long len = Coding.getVarint32(buf, pos, n);
    if (len < 0) {
      throw new CorruptionException(fileName, offset,
          "corrupted zstd compressed block: bad uncompressed size varint");
    }
    int frameStart = pos[0];
    int frameLength = n - frameStart;
    if (len > BlockBasedTableBuilder.MAX_ZSTD_BLOCK_BYTES
        || len > frameLength * MAX_ZSTD_RATIO) {
      throw new CorruptionException(fileName, offset, "corrupted zstd compressed block: "
          + "uncompressed size " + len + " is more than " + frameLength
          + " compressed bytes can hold or above the "
          + BlockBasedTableBuilder.MAX_ZSTD_BLOCK_BYTES + "-byte block maximum");
    }
    try {
      // The frame header may state the size too; when it does, both must agree.
      long frameSize = ZstdDecompressor.getDecompressedSize(buf, frameStart, frameLength);
      if (frameSize >= 0 && frameSize != len) {
        throw new CorruptionException(fileName, offset, "corrupted zstd compressed block: "
            + "frame content size " + frameSize + " differs from the block's " + len);
      }
      byte[] out = new byte[(int) len];
      int got;
      try {
        got = ZSTD.get().decompress(buf, frameStart, frameLength, out, 0, out.length);
      } catch (RuntimeException e) {
        ZSTD.remove();
        throw e;
      }
      if (got != len) {
        throw new CorruptionException(fileName, offset,
            "corrupted zstd compressed block contents: " + got + " of " + len + " bytes");
      }
      return out;
    } catch (RuntimeException e) {
      // The decompressor reports a malformed frame by MalformedInputException and, on some
      // garbage, by other unchecked exceptions (bounds, arguments); on these bytes each one
      // means the block is corrupted.
      throw new CorruptionException(fileName, offset,
          "corrupted zstd compressed block contents: " + e.getMessage(), e);
    }
  }
}
