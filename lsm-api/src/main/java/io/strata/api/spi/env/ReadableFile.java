package io.strata.api.spi.env;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A file read at positions. Thread-safe: concurrent reads are allowed.
 *
 * <p>{@link #close} releases what holds the file (a descriptor, a memory mapping) at once, so
 * that a deleted file's space is returned then; a read after it, or racing it, throws an
 * {@link IOException} (such as {@link java.nio.channels.ClosedChannelException}) and never reads
 * released memory.
 */
public interface ReadableFile extends Closeable {
  /**
   * The file's size when opened.
   *
   * @return the size, in bytes
   * @throws IOException if the size cannot be read
   */
  long size() throws IOException;

  /**
   * Reads exactly {@code length} bytes at {@code position} into {@code dst[offset...]}.
   *
   * @param position byte offset in the file of the first byte read
   * @param dst the array to read into
   * @param offset index in {@code dst} of the first byte written
   * @param length number of bytes to read
   * @throws java.io.EOFException if the file ends first
   * @throws IOException if the read fails or the file is closed
   */
  void readFully(long position, byte[] dst, int offset, int length) throws IOException;

  /**
   * Whether reads copy from a memory mapping of the file (the page cache) rather than call the
   * operating system; a reader may then skip caching what it read, as LevelDB does for
   * uncompressed blocks of memory-mapped tables. Default false.
   *
   * @return true if reads copy from a memory mapping
   */
  default boolean isMemoryMapped() {
    return false;
  }

  /**
   * Maps every page of the file now, when it is read through a memory mapping and is wholly in
   * the page cache, so that no later read of it takes a page fault; otherwise does nothing (the
   * default), since mapping a file that is not cached would read all of it from the disk. Meant
   * for a table just written, before the reads that follow its install: page faults on a freshly
   * mapped table cost reads tens of microseconds each while flushes and compactions map and unmap
   * files. Costs about one page fault per 4 KiB page (some 40 ms for 64 MiB). Safe to call
   * concurrently with reads.
   *
   * @throws IOException if the file is closed
   */
  default void populate() throws IOException {}

  /**
   * A read-only view of {@code length} bytes at {@code position} that reads the file's memory
   * mapping itself, without copying; or null when the file is not read through a mapping (the
   * default), and the caller then reads with {@link #readFully}. The view's byte order is
   * big-endian, its position 0 and its limit {@code length}.
   *
   * <p>The view shares the mapping that {@link #close} releases: the caller must make sure that
   * no access to the view, or to a buffer derived from it, begins once {@code close} is called
   * (such an access reads released memory, which may crash the process), for example by
   * counting its users and closing the file after the last one is done.
   *
   * @param position byte offset in the file of the view's first byte
   * @param length bytes in the view
   * @return the view, or null if reads of this file copy
   * @throws java.io.EOFException if the range runs past the end of the file
   * @throws IllegalArgumentException if {@code position} or {@code length} is negative
   * @throws IOException if the file is closed
   */
  default ByteBuffer mappedView(long position, int length) throws IOException {
    return null;
  }

  /**
   * Reads up to {@code length} bytes at {@code position}.
   *
   * @param position byte offset in the file of the first byte read
   * @param dst the array to read into
   * @param offset index in {@code dst} of the first byte written
   * @param length most bytes to read
   * @return the number of bytes read, or -1 if {@code position} is at or past the end
   * @throws IOException if the read fails or the file is closed
   */
  int read(long position, byte[] dst, int offset, int length) throws IOException;
}
