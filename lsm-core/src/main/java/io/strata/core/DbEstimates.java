package io.strata.core;

import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.PinnedVersion;
import io.strata.api.spi.version.TableStats;
import io.strata.api.spi.version.Version;
import io.strata.core.table.BlockBasedTableFormat;
import io.strata.core.table.BlockCache;
import java.util.Optional;

/**
 * The estimates and resource figures among the {@code strata.*} properties (RocksDB's
 * {@code rocksdb.estimate-num-keys}, {@code rocksdb.block-cache-usage},
 * {@code rocksdb.block-cache-capacity}):
 *
 * <ul>
 *   <li>{@code strata.estimate-num-keys}: entries of the memtables and the live tables, minus
 *       twice their point deletions (a deletion removes itself and, probably, one older entry),
 *       floored at 0: RocksDB's estimate, db/version_set.cc {@code GetEstimatedActiveKeys}. Exact
 *       for a database of distinct keys never overwritten nor deleted; overwrites not yet
 *       compacted away count each version, and tables that record no entry count (written by
 *       LevelDB) count 0. Range tombstones are not counted;
 *   <li>{@code strata.block-cache-usage} and {@code strata.block-cache-capacity}: bytes of the
 *       block cache, now and at most (the shared cache's with shared resources; 0 for a table
 *       format without a block cache).
 * </ul>
 *
 * <p>A table's counts come from its properties block, read once and kept by file number while
 * the table is live ({@code TableStatsCache}, which the compaction strategy weighs too).
 * Thread-safe.
 */
final class DbEstimates {
  private final DbState state;

  DbEstimates(DbState state) {
    this.state = state;
  }

  /** The value of property {@code name} if it is one of these; empty otherwise. */
  Optional<String> property(String name) {
    switch (name) {
      case "strata.estimate-num-keys":
        return Optional.of(Long.toString(estimateNumKeys()));
      case "strata.block-cache-usage":
        return Optional.of(Long.toString(blockCacheUsageBytes()));
      case "strata.block-cache-capacity":
        return Optional.of(Long.toString(blockCacheCapacityBytes()));
      default:
        return Optional.empty();
    }
  }

  /** {@return bytes the block cache holds now; 0 without one} */
  long blockCacheUsageBytes() {
    BlockCache c = blockCache();
    return c == null ? 0 : c.usageBytes();
  }

  /** {@return bytes the block cache holds at most; 0 without one} */
  long blockCacheCapacityBytes() {
    BlockCache c = blockCache();
    return c == null ? 0 : c.capacityBytes();
  }

  private BlockCache blockCache() {
    return state.tableFormat instanceof BlockBasedTableFormat f ? f.blockCache() : null;
  }

  /** {@return the estimated number of live keys; see the class comment} */
  long estimateNumKeys() {
    long entries = 0;
    long deletions = 0;
    for (MemTable m : new MemTable[] {state.mem, state.imm}) {
      if (m != null) {
        entries += m.entryCount() - m.rangeTombstoneCount();
        deletions += m.deletionCount();
      }
    }
    // Pinned, so that no table is deleted while its properties are read.
    try (PinnedVersion pinned = state.versions.pinCurrent()) {
      Version v = pinned.version();
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        for (FileMetaData f : v.files(level)) {
          // Unknown counts (no properties, or a table that cannot be read now) count 0.
          TableStats s = state.tableStats.stats(f);
          entries += s.numEntries();
          deletions += s.numDeletions();
        }
      }
    }
    return Math.max(0, entries - 2 * deletions);
  }
}
