package io.strata.core.table;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Coding;

/**
 * One parsed, uncompressed table block (layout in {@link BlockBuilder}): the contents and where
 * its restart array starts. Read it with a {@link BlockIterator}.
 *
 * <p>Immutable and thread-safe: it shares the array it was built on (which nobody may modify
 * afterwards), and the block cache hands the same instance to every reader, so no block is ever
 * copied on a cache hit. Only the restart count is checked at construction; entries are checked
 * as iterators decode them, each fault raising a {@link CorruptionException} naming the file and
 * the block's offset.
 */
public final class Block {
  /** Estimated bytes of the object and array headers, added to the contents' size. */
  private static final int OVERHEAD_BYTES = 64;

  private final byte[] data;
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
    this.size = size;
    this.fileName = checkNotNull(fileName, "fileName");
    this.fileOffset = fileOffset;
    if (size < 4) {
      throw new CorruptionException(fileName, fileOffset, "bad block contents: " + size
          + " bytes, shorter than the restart count");
    }
    long n = Integer.toUnsignedLong(Coding.getFixed32(data, size - 4));
    long maxRestarts = (size - 4) / 4;
    if (n > maxRestarts) {
      throw new CorruptionException(fileName, fileOffset, "bad block contents: " + n
          + " restarts do not fit in " + size + " bytes");
    }
    this.numRestarts = (int) n;
    this.restartOffset = size - (1 + numRestarts) * 4;
  }

  /** Parses a whole array as a block; for blocks built in memory. */
  public static Block of(byte[] contents) throws CorruptionException {
    return new Block(contents, contents.length, "<memory>", 0);
  }

  /** Bytes of block contents (entries, restart array, count). */
  public int size() {
    return size;
  }

  /** Bytes this block holds in memory, approximately; the block cache's weight. */
  public int weightBytes() {
    return data.length + OVERHEAD_BYTES;
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

  // Package-private accessors for BlockIterator: the array is shared, never modified.
  byte[] data() {
    return data;
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
        + " restarts}";
  }
}
