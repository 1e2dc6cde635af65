package io.strata.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into {@code key<TAB>value} lines without decoding them: the key is the bytes
 * before the first tab, the value the bytes after it (further tabs belong to the value). Lines end
 * with {@code \n}; a {@code \r} right before it is dropped; the last line needs no newline.
 *
 * <p>Not thread-safe. The arrays returned by {@link #key()} and {@link #value()} are fresh copies.
 */
final class TsvReader {
  private static final int BUFFER_BYTES = 1 << 16;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buf = new byte[BUFFER_BYTES];
  private int pos;
  private int limit;
  private boolean eof;
  private byte[] line = new byte[256];
  private int lineLength;
  private int tabAt;
  private long lineNumber;
  private long bytesRead;

  /**
   * @param in the stream; the reader does not close it
   * @param maxLineBytes the longest line accepted, without its newline; a longer one is an error
   *     rather than an unbounded buffer
   */
  TsvReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Reads the next line.
   *
   * @return false at the end of the stream
   * @throws IOException when reading fails
   * @throws IllegalArgumentException when the line is longer than {@code maxLineBytes}
   */
  boolean next() throws IOException {
    lineLength = 0;
    tabAt = -1;
    boolean any = false;
    while (true) {
      if (pos == limit && !fill()) {
        if (!any) {
          return false;
        }
        break; // last line without a newline
      }
      any = true;
      int start = pos;
      int newline = -1;
      for (int i = start; i < limit; i++) {
        byte b = buf[i];
        if (b == '\n') {
          newline = i;
          break;
        }
        if (b == '\t' && tabAt < 0) {
          tabAt = lineLength + (i - start);
        }
      }
      int end = newline >= 0 ? newline : limit;
      append(start, end - start);
      pos = newline >= 0 ? newline + 1 : limit;
      if (newline >= 0) {
        break;
      }
    }
    lineNumber++;
    if (lineLength > 0 && line[lineLength - 1] == '\r') {
      lineLength--;
      if (tabAt == lineLength) {
        tabAt = -1;
      }
    }
    return true;
  }

  /** 1-based number of the current line. */
  long lineNumber() {
    return lineNumber;
  }

  /** Bytes of the stream up to the end of the current line (read-ahead not counted). */
  long bytesRead() {
    return bytesRead - (limit - pos);
  }

  /** Whether the current line has a tab, i.e. is a well-formed {@code key<TAB>value} line. */
  boolean hasTab() {
    return tabAt >= 0;
  }

  /** The current line's key. REQUIRES {@link #hasTab()}. */
  byte[] key() {
    return Arrays.copyOfRange(line, 0, tabAt);
  }

  /** The current line's value. REQUIRES {@link #hasTab()}. */
  byte[] value() {
    return Arrays.copyOfRange(line, tabAt + 1, lineLength);
  }

  private void append(int from, int n) {
    if ((long) lineLength + n > maxLineBytes + 1L) { // + 1: room for a '\r' before the newline
      throw new IllegalArgumentException(
          "line " + (lineNumber + 1) + " is longer than " + maxLineBytes + " bytes");
    }
    if (lineLength + n > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLength + n, Math.min(maxLineBytes + 1, 2 * line.length)));
    }
    System.arraycopy(buf, from, line, lineLength, n);
    lineLength += n;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buf, 0, buf.length); // blocks until at least one byte or the end
    if (n < 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    bytesRead += n;
    return true;
  }
}
