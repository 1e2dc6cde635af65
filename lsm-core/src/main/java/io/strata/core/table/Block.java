package io.strata.core.table;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.env.ReadableFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One parsed, uncompressed table block (layout in {@link BlockBuilder}): the contents and where
 * its restart array starts. Read it with a {@link BlockIterator}.
 *
 * <p>The contents are held either in an array or, for an uncompressed block of a memory-mapped
 * table, in a read-only view of the mapping ({@link ReadableFile#mappedView}): the block then
 * copies nothing out of the page cache, and is valid only while its table holds the mapping. The
 * table counts the users of such blocks and never puts one in the block cache (see
 * {@link BlockBasedTable}).
 *
 * <p>Immutable and thread-safe: it shares the array or view it was built on (which nobody may
 * modify afterwards, and which is read with absolute gets only), and the block cache hands the
 * same instance to every reader, so no block is ever copied on a cache hit. Only the restart
 * count is checked at construction; entries are checked as iterators decode them, each fault
 * raising a {@link CorruptionException} naming the file and the block's offset.
 */
public final class Block {
  /** Estimated bytes of the object and array headers, added to the contents' size. */
  private static final int OVERHEAD_BYTES = 64;

  private final byte[] data; // null for a view block
  private final ByteBuffer view; // null for an array block; little-endian, limit == size
  private final int size;
  private final int restartOffset;
  private final int numRestarts;
  private final String fileName;
  private final long fileOffset;

  /**
   * Parses a block held in {@code data[0, size)}; bytes of {@code data} past {@code size} (such as
   * a block trailer) are ignored. Takes ownership of {@code data}.
   *
   * @param fileName the table file's name, for error messages
   * @param fileOffset the block's byte offset in the file, for error messages
   * @throws CorruptionException if the block is shorter than 4 bytes or its restart count does
   *     not fit in it
   * @throws IllegalArgumentException if {@code size} is negative or beyond {@code data.length}
   */
  public Block(byte[] data, int size, String fileName, long fileOffset)
      throws CorruptionException {
    checkNotNull(data, "data");
    checkArgument(size >= 0 && size <= data.length, "size %s outside [0, %s]", size,
        data.length);
    this.data = data;
    this.view = null;
    this.size = size;
    this.fileName = checkNotNull(fileName, "fileName");
    this.fileOffset = fileOffset;
    checkSize(size, fileName, fileOffset);
    this.numRestarts = restartCount(Coding.getFixed32(data, size - 4), size, fileName,
        fileOffset);
    this.restartOffset = size - (1 + numRestarts) * 4;
  }

  /**
   * Parses a block held in {@code view[0, view.limit())}, which must not be modified afterwards;
   * the block reads it with absolute gets only, so its position and limit stay as they are.
   * Takes ownership of {@code view} (and sets its byte order).
   */
  private Block(ByteBuffer view, String fileName, long fileOffset) throws CorruptionException {
    this.data = null;
    this.view = view.order(ByteOrder.LITTLE_ENDIAN);
    this.size = view.limit();
    this.fileName = checkNotNull(fileName, "fileName");
    this.fileOffset = fileOffset;
    checkSize(size, fileName, fileOffset);
    this.numRestarts = restartCount(view.getInt(size - 4), size, fileName, fileOffset);
    this.restartOffset = size - (1 + numRestarts) * 4;
  }

  /**
   * A block over {@code view[0, view.limit())}, such as a view of a memory-mapped table; see
   * {@link #Block(ByteBuffer, String, long)}.
   */
  static Block ofView(ByteBuffer view, String fileName, long fileOffset)
      throws CorruptionException {
    checkArgument(view.position() == 0, "view position %s, not 0", view.position());
    return new Block(view, fileName, fileOffset);
  }

  private static void checkSize(int size, String fileName, long fileOffset)
      throws CorruptionException {
    if (size < 4) {
      throw new CorruptionException(fileName, fileOffset, "bad block contents: " + size
          + " bytes, shorter than the restart count");
    }
  }

  private static int restartCount(int stored, int size, String fileName, long fileOffset)
      throws CorruptionException {
    long n = Integer.toUnsignedLong(stored);
    long maxRestarts = (size - 4) / 4;
    if (n > maxRestarts) {
      throw new CorruptionException(fileName, fileOffset, "bad block contents: " + n
          + " restarts do not fit in " + size + " bytes");
    }
    return (int) n;
  }

  /**
   * This block as an array block: a view block's contents copied into {@code buffer}, or into a
   * new array when {@code buffer} is shorter than {@link #size()}; an array block itself. The
   * copy's {@link #data()} is the array used, for the caller to hand in again.
   */
  Block toArrayBlock(byte[] buffer) throws CorruptionException {
    if (view == null) {
      return this;
    }
    byte[] out = buffer.length >= size ? buffer : new byte[Math.max(size, buffer.length * 2)];
    view.get(0, out, 0, size);
    return new Block(out, size, fileName, fileOffset);
  }

  /** Parses a whole array as a block; for blocks built in memory. */
  public static Block of(byte[] contents) throws CorruptionException {
    return new Block(contents, contents.length, "<memory>", 0);
  }

  /** Bytes of block contents (entries, restart array, count). */
  public int size() {
    return size;
  }

  /**
   * Bytes this block holds in memory, approximately; the block cache's weight. A view block
   * holds no copy of its contents (they are in the page cache), but weighs its contents' size.
   */
  public int weightBytes() {
    return (data != null ? data.length : size) + OVERHEAD_BYTES;
  }

  /** Whether the contents are a view of a memory-mapped file rather than an array. */
  boolean isView() {
    return view != null;
  }

  /** Number of restart points; 0 only in a damaged or foreign block, read as empty. */
  public int numRestarts() {
    return numRestarts;
  }

  /** The table file's name, for error messages. */
  public String fileName() {
    return fileName;
  }

  /** The block's byte offset in its file, for error messages. */
  public long fileOffset() {
    return fileOffset;
  }

  // Package-private accessors for BlockIterator: the array or view is shared, never modified.

  /** The contents' array, or null for a view block. */
  byte[] data() {
    return data;
  }

  /** The contents' view (little-endian, read with absolute gets only), or null. */
  ByteBuffer view() {
    return view;
  }

  int restartOffset() {
    return restartOffset;
  }

  /** A corruption exception naming this block's file and offset. */
  CorruptionException corruption(String what) {
    return new CorruptionException(fileName, fileOffset, "bad block contents: " + what);
  }

  @Override
  public String toString() {
    return "Block{" + fileName + "@" + fileOffset + ", " + size + " bytes, " + numRestarts
        + " restarts" + (view != null ? ", mapped" : "") + "}";
  }
}
