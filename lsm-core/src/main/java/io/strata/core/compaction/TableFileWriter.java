package io.strata.core.compaction;

import io.strata.api.CompressionType;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.spi.table.TableBuilder;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.version.FileMetaData;
import io.strata.manifest.FileNames;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes one table file: opens it, adds entries in order, then finishes, fsyncs and closes it, and
 * describes it as a {@link FileMetaData}. On failure the partial file is deleted. Confined to one
 * thread.
 */
public final class TableFileWriter implements AutoCloseable {
  private final FileSystem fs;
  private final Path path;
  private final long fileNumber;
  private final WritableFile file;
  private final TableBuilder builder;
  private byte[] smallest;
  private byte[] largest;
  private long smallestSequence = Long.MAX_VALUE;
  private long largestSequence = -1;
  private boolean done;

  /**
   * Creates table file {@code fileNumber} in {@code dir}, compressed as
   * {@link TableFormat#newBuilder(WritableFile)} does (level 0's type).
   */
  public TableFileWriter(FileSystem fs, Path dir, TableFormat format, long fileNumber)
      throws IOException {
    this.fs = fs;
    this.path = dir.resolve(FileNames.tableFileName(fileNumber));
    this.fileNumber = fileNumber;
    this.file = fs.newWritableFile(path);
    this.builder = format.newBuilder(file);
  }

  /** Creates table file {@code fileNumber} in {@code dir}, its blocks compressed as given. */
  public TableFileWriter(FileSystem fs, Path dir, TableFormat format, long fileNumber,
      CompressionType compression) throws IOException {
    this.fs = fs;
    this.path = dir.resolve(FileNames.tableFileName(fileNumber));
    this.fileNumber = fileNumber;
    this.file = fs.newWritableFile(path);
    this.builder = format.newBuilder(file, compression);
  }

  /** Adds an entry; REQUIRES keys in strictly increasing internal-key order. */
  public void add(byte[] internalKey, byte[] value) throws IOException {
    if (smallest == null) {
      smallest = internalKey;
    }
    largest = internalKey;
    long sequence = InternalKeys.trailer(internalKey, 0, internalKey.length) >>> 8;
    smallestSequence = Math.min(smallestSequence, sequence);
    largestSequence = Math.max(largestSequence, sequence);
    builder.add(internalKey, value);
  }

  public long numEntries() {
    return builder.numEntries();
  }

  /** Bytes written so far. */
  public long fileSizeBytes() {
    return builder.fileSizeBytes();
  }

  /**
   * Finishes, fsyncs and closes the file. REQUIRES at least one entry.
   *
   * @return the new file's metadata, with the range of sequence numbers it holds and no writer
   */
  public FileMetaData finish() throws IOException {
    builder.finish();
    file.sync();
    file.close();
    done = true;
    return new FileMetaData(fileNumber, builder.fileSizeBytes(), InternalKey.decode(smallest),
        InternalKey.decode(largest), smallestSequence, largestSequence, "");
  }

  /** Abandons an unfinished file and deletes it; a no-op after {@link #finish()}. */
  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    builder.abandon();
    try {
      file.close();
    } catch (IOException e) {
      // The file is being thrown away; only its deletion below matters.
    }
    try {
      fs.delete(path);
    } catch (IOException e) {
      // Left behind, it is an orphan that the next open removes.
    }
  }
}
