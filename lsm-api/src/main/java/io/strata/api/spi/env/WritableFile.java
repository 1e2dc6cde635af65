package io.strata.api.spi.env;

import java.io.Closeable;
import java.io.IOException;

/**
 * A file being written sequentially. Not thread-safe: the caller serializes. Data appended is
 * durable only after {@link #sync()}; a new file's directory entry only after the directory is
 * synced.
 */
public interface WritableFile extends Closeable {
  /**
   * Appends {@code length} bytes of {@code data} from {@code offset}; they may stay buffered
   * until {@link #flush()}, but not in {@code data}: the caller may change or reuse the array
   * once this returns (the write path encodes each lone put into one reused array).
   *
   * @param data the array holding the bytes
   * @param offset index in {@code data} of the first byte to append
   * @param length number of bytes to append
   * @throws IOException if the write fails, e.g. on a full disk
   */
  void append(byte[] data, int offset, int length) throws IOException;

  /**
   * Appends all of {@code data}.
   *
   * @param data the bytes to append
   * @throws IOException if the write fails, e.g. on a full disk
   */
  default void append(byte[] data) throws IOException {
    append(data, 0, data.length);
  }

  /**
   * Hands buffered bytes to the operating system (survives a process crash).
   *
   * @throws IOException if the write fails, e.g. on a full disk
   */
  void flush() throws IOException;

  /**
   * Flushes and fsyncs: what was appended survives power loss.
   *
   * @throws IOException if the write or the fsync fails
   */
  void sync() throws IOException;

  /** {@return bytes appended so far} */
  long size();
}
