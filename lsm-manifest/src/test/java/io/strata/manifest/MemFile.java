package io.strata.manifest;

import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import java.io.EOFException;
import java.util.Arrays;

/** An in-memory file for log tests: append through {@link #writer()}, read through reader(). */
final class MemFile {
  private byte[] data = new byte[0];
  private int size;

  static MemFile of(byte[] contents) {
    MemFile f = new MemFile();
    f.data = contents.clone();
    f.size = contents.length;
    return f;
  }

  byte[] contents() {
    return Arrays.copyOf(data, size);
  }

  WritableFile writer() {
    return new WritableFile() {
      @Override
      public void append(byte[] src, int offset, int length) {
        if (size + length > data.length) {
          data = Arrays.copyOf(data, Math.max(size + length, 2 * data.length));
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
      public void close() {}
    };
  }

  /** A reader over the first {@code length} bytes. */
  ReadableFile reader(int length) {
    byte[] snapshot = Arrays.copyOf(data, length);
    return new ReadableFile() {
      @Override
      public long size() {
        return snapshot.length;
      }

      @Override
      public void readFully(long position, byte[] dst, int offset, int length)
          throws EOFException {
        if (position + length > snapshot.length) {
          throw new EOFException("end of file");
        }
        System.arraycopy(snapshot, (int) position, dst, offset, length);
      }

      @Override
      public int read(long position, byte[] dst, int offset, int length) {
        if (position >= snapshot.length) {
          return -1;
        }
        int n = (int) Math.min(length, snapshot.length - position);
        System.arraycopy(snapshot, (int) position, dst, offset, n);
        return n;
      }

      @Override
      public void close() {}
    };
  }

  ReadableFile reader() {
    return reader(size);
  }
}
