package io.strata.core.table;

import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.table.TableProperties;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The meta block that stores a table's {@link TableProperties}, named {@value #META_KEY} in the
 * metaindex: what LevelDB's format has no place for, per table. LevelDB ignores the block (it looks up only its filter in
 * the metaindex); RocksDB keeps the like in its {@code rocksdb.properties} block.
 *
 * <p>Layout: a block in the format of every other block (google/leveldb
 * {@code doc/table_format.md}: entries with shared-prefix keys, restart points), stored
 * uncompressed, holding in key order:
 *
 * <pre>
 * "strata.num.deletions"      varint64: entries that are tombstones
 * "strata.num.entries"        varint64: entries
 * "strata.sequence.largest"   varint64: the largest sequence number of an entry
 * "strata.sequence.smallest"  varint64: the smallest sequence number of an entry
 * </pre>
 *
 * A reader ignores keys it does not know, so later properties can be added. Accumulates while a
 * table is built; not thread-safe.
 */
final class TablePropertiesBlock {
  static final String META_KEY = "strata.properties";
  static final byte[] META_KEY_BYTES = META_KEY.getBytes(StandardCharsets.US_ASCII);

  private static final byte[] NUM_DELETIONS = ascii("strata.num.deletions");
  private static final byte[] NUM_ENTRIES = ascii("strata.num.entries");
  private static final byte[] LARGEST_SEQUENCE = ascii("strata.sequence.largest");
  private static final byte[] SMALLEST_SEQUENCE = ascii("strata.sequence.smallest");

  private long numEntries;
  private long numDeletions;
  private long smallestSequence = Long.MAX_VALUE;
  private long largestSequence = -1;

  /** Counts one entry, given its internal key. */
  void add(byte[] internalKey) {
    long trailer = InternalKeys.trailer(internalKey, 0, internalKey.length);
    long sequence = trailer >>> 8;
    numEntries++;
    if ((trailer & 0xff) == ValueType.DELETION.code()) {
      numDeletions++;
    }
    smallestSequence = Math.min(smallestSequence, sequence);
    largestSequence = Math.max(largestSequence, sequence);
  }

  /** The block's contents (before its trailer), in {@code restartInterval} format. */
  byte[] finish(int restartInterval) {
    BlockBuilder b = new BlockBuilder(restartInterval, 64);
    b.add(NUM_DELETIONS, varint(numDeletions));
    b.add(NUM_ENTRIES, varint(numEntries));
    if (numEntries > 0) {
      b.add(LARGEST_SEQUENCE, varint(largestSequence));
      b.add(SMALLEST_SEQUENCE, varint(smallestSequence));
    }
    return b.finishToArray();
  }

  /**
   * The figures a properties block holds, with {@code numDataBlocks}; {@link
   * TableProperties#UNKNOWN} for what it lacks.
   *
   * @param block the block, read and checksum-verified
   * @throws CorruptionException naming {@code fileName} and {@code offset} if a value is not a
   *     varint64
   */
  static TableProperties parse(Block block, long numDataBlocks, String fileName, long offset)
      throws CorruptionException {
    long entries = TableProperties.UNKNOWN;
    long deletions = TableProperties.UNKNOWN;
    long smallest = TableProperties.UNKNOWN;
    long largest = TableProperties.UNKNOWN;
    BlockIterator it = new BlockIterator(block, io.strata.api.BytewiseComparator.INSTANCE::compare,
        0);
    for (it.seekToFirst(); it.isValid(); it.next()) {
      byte[] key = Arrays.copyOfRange(it.keyBuffer(), 0, it.keyLength());
      if (Arrays.equals(key, NUM_ENTRIES)) {
        entries = value(it, fileName, offset);
      } else if (Arrays.equals(key, NUM_DELETIONS)) {
        deletions = value(it, fileName, offset);
      } else if (Arrays.equals(key, SMALLEST_SEQUENCE)) {
        smallest = value(it, fileName, offset);
      } else if (Arrays.equals(key, LARGEST_SEQUENCE)) {
        largest = value(it, fileName, offset);
      }
    }
    if ((smallest == TableProperties.UNKNOWN) != (largest == TableProperties.UNKNOWN)
        || smallest > largest) {
      throw new CorruptionException(fileName, offset, "table properties: sequence range ["
          + smallest + ", " + largest + "] is incomplete or out of order");
    }
    return new TableProperties(entries, numDataBlocks, deletions, smallest, largest);
  }

  private static long value(BlockIterator it, String fileName, long offset)
      throws CorruptionException {
    boolean[] ok = {false};
    int[] pos = {it.valueOffset()};
    int end = it.valueOffset() + it.valueLength();
    long v = Coding.getVarint64(it.valueArray(), pos, end, ok);
    if (!ok[0] || pos[0] != end || v < 0) {
      throw new CorruptionException(fileName, offset, "table properties: value of "
          + new String(it.keyBuffer(), 0, it.keyLength(), StandardCharsets.US_ASCII)
          + " is not a varint64");
    }
    return v;
  }

  private static byte[] varint(long v) {
    byte[] buf = new byte[Coding.MAX_VARINT64_BYTES];
    return Arrays.copyOf(buf, Coding.putVarint64(buf, 0, v));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
