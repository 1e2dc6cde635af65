package io.strata.core.table;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.ReadableFile;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads a whole table file and checks everything it can (google/leveldb
 * {@code doc/table_format.md}): the footer's magic number and zero padding, the checksum and
 * structure of the metaindex and index blocks, the checksum of every meta block (the per-block
 * filter, the whole-table filter and any other), and the checksum and every entry of every data
 * block: each key an internal key with a known type, all keys strictly increasing across the
 * table, and each data block's last key at or below its index key. What {@code strata verify}
 * and {@code strata repair} use; an open table checks only what it reads.
 *
 * <p>Reads the file only; allocates at most one block at a time besides the footer and index.
 * Stateless; thread-safe.
 */
public final class TableChecker {
  /**
   * What a table holds.
   *
   * @param dataBlocks number of data blocks
   * @param metaBlocks number of meta blocks named in the metaindex
   * @param entries number of entries
   * @param smallest the smallest internal key; null when the table is empty
   * @param largest the largest internal key; null when the table is empty
   * @param maxSequence the largest sequence number of an entry; 0 when the table is empty
   */
  public record Summary(int dataBlocks, int metaBlocks, long entries, InternalKey smallest,
      InternalKey largest, long maxSequence) {}

  private TableChecker() {}

  /**
   * Checks the table in {@code file}, of {@code fileSizeBytes} bytes.
   *
   * @param fileName the name used in exceptions
   * @return what the table holds
   * @throws CorruptionException naming {@code fileName} and the offset of the first damaged
   *     block (or footer)
   * @throws IOException if reading fails
   */
  public static Summary check(ReadableFile file, String fileName, long fileSizeBytes,
      InternalKeyComparator comparator) throws IOException {
    checkNotNull(file, "file");
    checkNotNull(fileName, "fileName");
    checkNotNull(comparator, "comparator");
    Footer footer = Footer.read(file, fileName, fileSizeBytes);
    int metaBlocks = checkMetaBlocks(file, fileName, fileSizeBytes, footer.metaindexHandle());

    BlockHandle indexHandle = footer.indexHandle();
    Block index = BlockReader.readBlock(file, fileName, fileSizeBytes, indexHandle.offset(),
        indexHandle.size(), true);
    BlockIterator indexIt = new BlockIterator(index, comparator);
    int dataBlocks = 0;
    long entries = 0;
    byte[] smallest = null;
    byte[] previous = null;
    long maxSequence = 0;
    for (indexIt.seekToFirst(); indexIt.isValid(); indexIt.next()) {
      byte[] indexKey = indexIt.key();
      byte[] v = indexIt.value();
      BlockHandle h = BlockHandle.decode(v, 0, v.length, fileName, indexHandle.offset());
      Block data = BlockReader.readBlock(file, fileName, fileSizeBytes, h.offset(), h.size(),
          true);
      dataBlocks++;
      BlockIterator it = new BlockIterator(data, comparator);
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (ValueType.fromCode(InternalKeys.typeCode(key)) == null) {
          throw new CorruptionException(fileName, h.offset(), "bad value type "
              + InternalKeys.typeCode(key) + " in a data block entry");
        }
        if (previous != null && comparator.compare(previous, key) >= 0) {
          throw new CorruptionException(fileName, h.offset(), "keys out of order in a data "
              + "block (or across blocks)");
        }
        if (smallest == null) {
          smallest = key;
        }
        previous = key;
        maxSequence = Math.max(maxSequence, InternalKeys.sequence(key));
        entries++;
      }
      if (previous != null && comparator.compare(previous, indexKey) > 0) {
        throw new CorruptionException(fileName, indexHandle.offset(), "index key of the data "
            + "block at offset " + h.offset() + " is below the block's last key");
      }
    }
    return new Summary(dataBlocks, metaBlocks, entries,
        smallest == null ? null : InternalKey.decode(smallest),
        previous == null ? null : InternalKey.decode(previous), maxSequence);
  }

  /** Checks the metaindex block and every meta block it names; returns their number. */
  private static int checkMetaBlocks(ReadableFile file, String fileName, long fileSizeBytes,
      BlockHandle metaindexHandle) throws IOException {
    Block metaindex = BlockReader.readBlock(file, fileName, fileSizeBytes,
        metaindexHandle.offset(), metaindexHandle.size(), true);
    BlockIterator it = new BlockIterator(metaindex, BytewiseComparator.INSTANCE::compare, 0);
    int n = 0;
    byte[] previous = null;
    for (it.seekToFirst(); it.isValid(); it.next()) {
      byte[] key = it.key();
      if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
        throw new CorruptionException(fileName, metaindexHandle.offset(),
            "metaindex keys out of order");
      }
      previous = key;
      byte[] v = it.value();
      BlockHandle h = BlockHandle.decode(v, 0, v.length, fileName, metaindexHandle.offset());
      byte[] contents = BlockReader.readRaw(file, fileName, fileSizeBytes, h, true);
      if (Arrays.equals(key, FullFilter.META_KEY_BYTES)) {
        FullFilter.parse(contents, fileName, h.offset());
      }
      n++;
    }
    return n;
  }
}
