package io.strata.core.compaction;

import io.strata.api.CompressionType;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.spi.table.TableBuilder;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.version.FileMetaData;
import io.strata.core.rangedel.RangeTombstone;
import io.strata.manifest.FileNames;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes one table file: opens it, adds entries in order, then finishes, fsyncs and closes it, and
 * describes it as a {@link FileMetaData}. On failure the partial file is deleted. Confined to one
 * thread, except {@link #syncAndClose()} after {@link #finishUnsynced()}.
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
  private long rangeTombstones;
  private InternalKeyComparator icmp; // set by the first tombstone
  private byte[] tombstoneSmallest; // the least begin internal key
  private byte[] tombstoneLargest; // the greatest end, as end @ MAX_SEQUENCE : RANGE_DELETION

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

  /**
   * Adds a range tombstone, and widens the file's bounds to cover it as RocksDB does
   * (db/compaction/compaction_outputs.cc {@code AddRangeDels}): the smallest key is at most
   * {@code begin @ sequence}, the largest at least the sentinel {@code end @ 2^56-1 :
   * RANGE_DELETION}, which sorts before every real entry of {@code end}.
   *
   * @param tombstone the tombstone
   * @param icmp the internal-key comparator, to order the bounds
   * @throws IOException if the builder fails
   */
  public void addRangeTombstone(RangeTombstone tombstone, InternalKeyComparator icmp)
      throws IOException {
    this.icmp = icmp;
    byte[] begin = tombstone.internalKey();
    byte[] end = InternalKeys.encode(tombstone.end(), InternalKey.MAX_SEQUENCE,
        ValueType.RANGE_DELETION);
    if (tombstoneSmallest == null || icmp.compare(begin, tombstoneSmallest) < 0) {
      tombstoneSmallest = begin;
    }
    if (tombstoneLargest == null || icmp.compare(end, tombstoneLargest) > 0) {
      tombstoneLargest = end;
    }
    smallestSequence = Math.min(smallestSequence, tombstone.sequence());
    largestSequence = Math.max(largestSequence, tombstone.sequence());
    builder.addRangeTombstone(begin, tombstone.end());
    rangeTombstones++;
  }

  /** {@return the number of range tombstones added} */
  public long numRangeTombstones() {
    return rangeTombstones;
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
    return metaData();
  }

  /**
   * Finishes the table but leaves the file open and unsynced: {@link #syncAndClose()} must
   * follow, from any thread, before the table is recorded anywhere. After this, {@link #close()}
   * no longer deletes the file. REQUIRES at least one entry.
   *
   * @return the new file's metadata, as {@link #finish()}
   * @throws IOException if writing the table's last blocks fails; the file is then unfinished,
   *     and {@link #close()} deletes it
   */
  public FileMetaData finishUnsynced() throws IOException {
    builder.finish();
    done = true;
    return metaData();
  }

  /**
   * Syncs and closes a file {@link #finishUnsynced() finished unsynced}. May run on another
   * thread than the one that wrote the file, once; the file is closed even if the sync fails.
   *
   * @throws IOException if the sync or the close fails: the table is not durable
   */
  public void syncAndClose() throws IOException {
    try {
      file.sync();
    } catch (IOException | RuntimeException e) {
      try {
        file.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    file.close();
  }

  private FileMetaData metaData() {
    byte[] low = smallest;
    byte[] high = largest;
    if (tombstoneSmallest != null) {
      if (low == null || icmp.compare(tombstoneSmallest, low) < 0) {
        low = tombstoneSmallest;
      }
      if (high == null || icmp.compare(tombstoneLargest, high) > 0) {
        high = tombstoneLargest;
      }
    }
    return new FileMetaData(fileNumber, builder.fileSizeBytes(), InternalKey.decode(low),
        InternalKey.decode(high), smallestSequence, largestSequence, "");
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
