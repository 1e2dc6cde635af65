package io.strata.api.spi.table;

/**
 * Where a {@link TableReader} counts what a read costs: filter probes, tables read, and data
 * blocks found in or missing from the block cache. The engine hands its counters in for gets and
 * user iterators, and {@link #NONE} for its own reads (compaction, recovery, checks), so that
 * the database's statistics count only what callers asked for.
 *
 * <p>Implementations are thread-safe and cheap (called on every block read).
 */
public interface TableReadStats {
  /** Counts nothing. */
  TableReadStats NONE = new TableReadStats() {};

  /**
   * A get probed the table's filter.
   *
   * @param negative true if the filter ruled the key out
   */
  default void filterProbed(boolean negative) {}

  /** A get read a data block of the table (once per get and table). */
  default void tableRead() {}

  /** A data block was found in the block cache. */
  default void blockCacheHit() {}

  /** A data block was read from the file (not cached, or no cache). */
  default void blockCacheMiss() {}
}
