package io.strata.core.table;

import io.strata.api.spi.coding.Coding;
import java.util.Arrays;

/**
 * An append-only byte array that doubles when full; the builders' scratch space. Hands out its
 * backing array without copying, so callers must respect {@link #size()}. Not thread-safe.
 */
final class GrowableBuffer {
  private byte[] buf;
  private int size;

  GrowableBuffer(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** The backing array; bytes {@code [0, size())} are the contents. */
  byte[] array() {
    return buf;
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  /** Drops every byte past {@code newSize}. REQUIRES {@code newSize <= size()}. */
  void truncate(int newSize) {
    size = newSize;
  }

  private void ensure(int extra) {
    int need = size + extra;
    if (need > buf.length) {
      // Overflow past 2 GiB is impossible here: blocks and filters stay far below it.
      buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
    }
  }

  void append(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, buf, size, len);
    size += len;
  }

  void append(byte b) {
    ensure(1);
    buf[size++] = b;
  }

  /** Appends {@code len} zero bytes; returns the offset of the first. */
  int appendZeros(int len) {
    ensure(len);
    int at = size;
    Arrays.fill(buf, at, at + len, (byte) 0);
    size += len;
    return at;
  }

  void appendFixed32(int v) {
    ensure(4);
    Coding.putFixed32(buf, size, v);
    size += 4;
  }

  void appendVarint32(int v) {
    ensure(Coding.MAX_VARINT32_BYTES);
    size = Coding.putVarint32(buf, size, v);
  }

  /** A fresh copy of the contents. */
  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
