package io.strata.core.table;


/**
 * A cache of parsed, uncompressed table blocks, keyed by (table cache id, block offset in the
 * table file). Bounded by bytes, as {@link Block#weightBytes()} counts them.
 *
 * <p>One cache may serve several open tables and several databases: each opened table takes a
 * fresh {@link #newId()} so that keys never collide, even when two databases reuse a file number.
 * Blocks are immutable, so a cached block is handed out as is, to any number of readers at once.
 *
 * <p>Implementations are thread-safe.
 */
public interface BlockCache {
  /**
   * The cached block of table {@code cacheId} at byte offset {@code offset}, or null when absent.
   * Counts a hit or a miss.
   */
  Block get(long cacheId, long offset);

  /** Caches {@code block} as the block of table {@code cacheId} at byte offset {@code offset}. */
  void put(long cacheId, long offset, Block block);

  /** A cache id never returned before by this cache; one per opened table. */
  long newId();

  /** Bytes of blocks held now (sum of their weights). */
  long usageBytes();

  /** Bytes the cache holds at most; 0 means it caches nothing. */
  long capacityBytes();

  /** Lookups that found their block, since the cache was created. */
  long hits();

  /** Lookups that did not find their block, since the cache was created. */
  long misses();
}
