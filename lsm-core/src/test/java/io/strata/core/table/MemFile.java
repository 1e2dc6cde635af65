package io.strata.core.table;

import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/** An in-memory file for tests: written through {@link WritableFile}, read as a ReadableFile. */
final class MemFile implements WritableFile, ReadableFile {
  private byte[] data = new byte[1024];
  private int size;
  boolean closed;
  int reads;

  MemFile() {}

  MemFile(byte[] contents) {
    data = contents.clone();
    size = contents.length;
  }

  @Override
  public void append(byte[] src, int offset, int length) {
    if (size + length > data.length) {
      data = Arrays.copyOf(data, Math.max(size + length, data.length * 2));
    }
    System.arraycopy(src, offset, data, size, length);
    size += length;
  }

  @Override
  public void flush() {}

  @Override
  public void sync() {}

  @Override
  public long size() {
    return size;
  }

  @Override
  public void readFully(long position, byte[] dst, int offset, int length) throws IOException {
    if (position < 0 || position + length > size) {
      throw new EOFException("read of " + length + " at " + position + " past " + size);
    }
    reads++;
    System.arraycopy(data, (int) position, dst, offset, length);
  }

  @Override
  public int read(long position, byte[] dst, int offset, int length) {
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(length, size - position);
    System.arraycopy(data, (int) position, dst, offset, n);
    return n;
  }

  byte[] contents() {
    return Arrays.copyOf(data, size);
  }

  @Override
  public void close() {
    closed = true;
  }
}
