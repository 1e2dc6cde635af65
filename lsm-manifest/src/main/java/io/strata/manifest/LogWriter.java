package io.strata.manifest;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkPositionIndexes;
import static com.google.common.base.Preconditions.checkState;

import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.coding.Crc32c;
import io.strata.api.spi.env.WritableFile;
import java.io.Closeable;
import java.io.IOException;
import java.util.zip.CRC32C;

/**
 * Appends records to a log in the format of {@link LogFormat} (google/leveldb
 * {@code doc/log_format.md}, {@code db/log_writer.cc}): each record is cut into fragments at block
 * boundaries, each fragment written as a header then its payload.
 *
 * <p>Owns the file: {@link #close()} closes it. Records are handed to the file's buffer by
 * {@link #addRecord}; {@link #flush()} passes them to the operating system and {@link #sync()}
 * makes them durable.
 *
 * <p>Not thread-safe: the caller serializes every call. After an {@link IOException} the file may
 * hold part of a record, so the writer refuses further records (a reader sees the partial record
 * as a torn tail or a damaged record); close it and start a new file.
 */
public final class LogWriter implements Closeable {
  private final WritableFile file;
  // Reused for every fragment; the hot path allocates nothing else.
  private final byte[] header = new byte[LogFormat.HEADER_SIZE];
  private final byte[] zeros = new byte[LogFormat.HEADER_SIZE - 1];
  private final CRC32C crc = new CRC32C();
  private int blockOffset;
  private long sizeBytes;
  private boolean failed;

  /** A writer at the start of an empty file. */
  public LogWriter(WritableFile file) {
    this(file, 0);
  }

  /**
   * A writer that continues a log whose first {@code initialOffsetBytes} bytes are already in
   * {@code file}; blocks stay aligned to the start of the file.
   *
   * @param initialOffsetBytes the length of the log so far, in bytes, {@code >= 0}
   */
  public LogWriter(WritableFile file, long initialOffsetBytes) {
    this.file = checkNotNull(file, "file");
    checkArgument(initialOffsetBytes >= 0, "initialOffsetBytes must be >= 0, was %s",
        initialOffsetBytes);
    this.blockOffset = (int) (initialOffsetBytes % LogFormat.BLOCK_SIZE);
    this.sizeBytes = initialOffsetBytes;
  }

  /** Appends {@code data} as one record. @see #addRecord(byte[], int, int) */
  public void addRecord(byte[] data) throws IOException {
    addRecord(data, 0, data.length);
  }

  /**
   * Appends {@code data[off, off+len)} as one record (possibly empty). The bytes reach the file's
   * buffer, not yet the operating system; call {@link #flush()} or {@link #sync()}.
   *
   * @throws IOException if the file's append fails; the writer then refuses further records
   * @throws IllegalStateException if an earlier append failed
   * @throws IndexOutOfBoundsException if the range is not inside {@code data}
   */
  public void addRecord(byte[] data, int off, int len) throws IOException {
    checkNotNull(data, "data");
    checkPositionIndexes(off, off + len, data.length);
    checkState(!failed, "an earlier append to this log failed; start a new log");
    boolean ok = false;
    try {
      int pos = off;
      int left = len;
      boolean begin = true;
      do {
        int leftover = LogFormat.BLOCK_SIZE - blockOffset;
        if (leftover < LogFormat.HEADER_SIZE) {
          // No room for a header: pad the block tail with zeros and move to the next block.
          if (leftover > 0) {
            file.append(zeros, 0, leftover);
            sizeBytes += leftover;
          }
          blockOffset = 0;
        }
        int available = LogFormat.BLOCK_SIZE - blockOffset - LogFormat.HEADER_SIZE;
        int fragment = Math.min(left, available);
        boolean end = fragment == left;
        int type;
        if (begin && end) {
          type = LogFormat.FULL_TYPE;
        } else if (begin) {
          type = LogFormat.FIRST_TYPE;
        } else if (end) {
          type = LogFormat.LAST_TYPE;
        } else {
          type = LogFormat.MIDDLE_TYPE;
        }
        emit(type, data, pos, fragment);
        pos += fragment;
        left -= fragment;
        begin = false;
      } while (left > 0);
      ok = true;
    } finally {
      if (!ok) {
        failed = true;
      }
    }
  }

  private void emit(int type, byte[] data, int off, int len) throws IOException {
    crc.reset();
    crc.update(type);
    crc.update(data, off, len);
    Coding.putFixed32(header, 0, Crc32c.mask((int) crc.getValue()));
    header[4] = (byte) len;
    header[5] = (byte) (len >>> 8);
    header[6] = (byte) type;
    file.append(header, 0, LogFormat.HEADER_SIZE);
    file.append(data, off, len);
    blockOffset += LogFormat.HEADER_SIZE + len;
    sizeBytes += LogFormat.HEADER_SIZE + len;
  }

  /** Hands buffered records to the operating system (they survive a process crash). */
  public void flush() throws IOException {
    file.flush();
  }

  /** Flushes and fsyncs: the records appended so far survive power loss. */
  public void sync() throws IOException {
    file.sync();
  }

  /** Length of the log in bytes: the initial offset plus every byte appended since. */
  public long sizeBytes() {
    return sizeBytes;
  }

  /** Closes the file (which flushes its buffer, without fsync). */
  @Override
  public void close() throws IOException {
    file.close();
  }
}
