package io.strata.api.spi.env;

import java.io.Closeable;
import java.io.IOException;

/**
 * A file read at positions. Thread-safe: concurrent reads are allowed.
 *
 * <p>{@link #close} releases what holds the file (a descriptor, a memory mapping) at once, so
 * that a deleted file's space is returned then; a read after it, or racing it, throws an
 * {@link IOException} (such as {@link java.nio.channels.ClosedChannelException}) and never reads
 * released memory.
 */
public interface ReadableFile extends Closeable {
  /** Size in bytes when opened. */
  long size() throws IOException;

  /**
   * Reads exactly {@code length} bytes at {@code position} into {@code dst[offset...]}.
   *
   * @throws java.io.EOFException if the file ends first
   */
  void readFully(long position, byte[] dst, int offset, int length) throws IOException;

  /**
   * Whether reads copy from a memory mapping of the file (the page cache) rather than call the
   * operating system; a reader may then skip caching what it read, as LevelDB does for
   * uncompressed blocks of memory-mapped tables. Default false.
   */
  default boolean isMemoryMapped() {
    return false;
  }

  /** Reads up to {@code length} bytes at {@code position}; returns the count, -1 at the end. */
  int read(long position, byte[] dst, int offset, int length) throws IOException;
}
