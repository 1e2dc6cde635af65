package io.strata.api.spi.env;

import java.io.Closeable;
import java.io.IOException;

/**
 * A file being written sequentially. Not thread-safe: the caller serializes. Data appended is
 * durable only after {@link #sync()}; a new file's directory entry only after the directory is
 * synced.
 */
public interface WritableFile extends Closeable {
  void append(byte[] data, int offset, int length) throws IOException;

  default void append(byte[] data) throws IOException {
    append(data, 0, data.length);
  }

  /** Hands buffered bytes to the operating system (survives a process crash). */
  void flush() throws IOException;

  /** Flushes and fsyncs: what was appended survives power loss. */
  void sync() throws IOException;

  /** Bytes appended so far. */
  long size();
}
