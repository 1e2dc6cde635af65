package io.strata.api;

import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An immutable sequence of bytes, ordered unsigned-lexicographically (LevelDB's
 * {@code leveldb.BytewiseComparator} order).
 *
 * <p>Used wherever a value type holds bytes (file key ranges, compaction pointers): the array
 * passed in is copied, and callers only ever see a copy or a read-only view. Immutable and
 * thread-safe.
 */
public final class Bytes implements Comparable<Bytes> {
  /** The empty sequence. */
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;
  private int hash;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Returns a copy of {@code bytes}.
   *
   * @param bytes the bytes to copy
   * @return a new sequence holding a copy of {@code bytes}
   * @throws NullPointerException if {@code bytes} is null
   */
  public static Bytes copyOf(byte[] bytes) {
    checkNotNull(bytes, "bytes");
    return new Bytes(bytes.clone());
  }

  /**
   * Returns a copy of {@code length} bytes of {@code bytes} from {@code offset}.
   *
   * @param bytes the array holding the bytes to copy
   * @param offset index of the first byte to copy
   * @param length number of bytes to copy
   * @return a new sequence holding the copy
   * @throws NullPointerException if {@code bytes} is null
   * @throws ArrayIndexOutOfBoundsException if {@code offset} is out of {@code bytes}
   * @throws IllegalArgumentException if {@code length} is negative
   */
  public static Bytes copyOf(byte[] bytes, int offset, int length) {
    checkNotNull(bytes, "bytes");
    return new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /** {@return the length, in bytes} */
  public int size() {
    return bytes.length;
  }

  /**
   * The byte at {@code index}.
   *
   * @param index the byte's index, 0 to {@link #size()} - 1
   * @return the byte
   * @throws ArrayIndexOutOfBoundsException if {@code index} is out of range
   */
  public byte byteAt(int index) {
    return bytes[index];
  }

  /** {@return a fresh copy of the bytes} */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** {@return a read-only view of the bytes, positioned at 0; no copy} */
  public ByteBuffer asReadOnlyByteBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /**
   * Copies all bytes into {@code dst} at {@code offset}.
   *
   * @param dst the array to copy into
   * @param offset index in {@code dst} of the first byte written
   * @throws IndexOutOfBoundsException if {@code dst} has fewer than {@link #size()} bytes from
   *     {@code offset}
   */
  public void copyTo(byte[] dst, int offset) {
    System.arraycopy(bytes, 0, dst, offset, bytes.length);
  }

  /**
   * Compares these bytes, unsigned-lexicographically, to {@code length} bytes of {@code other}.
   *
   * @param other the array holding the bytes to compare with
   * @param offset index in {@code other} of the first byte to compare
   * @param length number of bytes of {@code other} to compare
   * @return negative, zero or positive as these bytes sort before, equal to or after the others
   */
  public int compareTo(byte[] other, int offset, int length) {
    return Arrays.compareUnsigned(bytes, 0, bytes.length, other, offset, offset + length);
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes && Arrays.equals(bytes, ((Bytes) o).bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  /** Printable ASCII as is, other bytes as {@code \xNN}. */
  @Override
  public String toString() {
    return escape(bytes, 0, bytes.length);
  }

  /**
   * Printable ASCII as is, other bytes as {@code \xNN}; for messages and dumps.
   *
   * @param b the array holding the bytes
   * @param offset index of the first byte to escape
   * @param length number of bytes to escape
   * @return the escaped text
   */
  public static String escape(byte[] b, int offset, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = offset; i < offset + length; i++) {
      int c = b[i] & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.toString();
  }
}
