package io.strata.core.table;

import java.nio.charset.StandardCharsets;

/**
 * The meta block of a table's range tombstones, named {@value #META_KEY} in the metaindex as in
 * RocksDB (table/meta_blocks.h, {@code kRangeDelBlockName}). An ordinary block (restart interval
 * 1, compressed like data blocks) whose entries are sorted by internal key:
 *
 * <pre>
 * key:   begin user key | fixed64 (sequence &lt;&lt; 8 | 0xF)   the tombstone's internal key
 * value: end user key                                     exclusive
 * </pre>
 *
 * <p>A table without tombstones has no such block; LevelDB ignores the metaindex key.
 */
final class RangeDelBlock {
  /** The metaindex key of the block. */
  static final String META_KEY = "rocksdb.range_del";
  static final byte[] META_KEY_BYTES = META_KEY.getBytes(StandardCharsets.US_ASCII);

  private RangeDelBlock() {}
}
