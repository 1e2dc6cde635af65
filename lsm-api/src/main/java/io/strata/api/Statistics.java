package io.strata.api;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Maps;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a database's counters and state, from {@link Db#statistics()}. Counters
 * ({@code ...Written}, {@code ...Read}, counts and micros) run from the open of the database;
 * the other figures describe the moment of the snapshot. The counters are read one by one
 * without a lock, so a snapshot taken while work runs may be a few events apart between
 * components.
 *
 * @param userBytesWritten bytes of keys and values handed to put, delete and write
 * @param logBytesWritten bytes appended to write-ahead logs (records and their headers)
 * @param flushes memtables written to tables
 * @param flushBytesWritten bytes of the tables flushes wrote
 * @param levels per level: files, bytes and compaction figures; one entry per level
 * @param gets point lookups, those the memtables answered included
 * @param filterProbes tables whose filter was probed by gets
 * @param filterNegatives of those, tables the filter ruled out
 * @param tablesRead tables whose data blocks a get read (the filter said maybe, or the table has
 *     none)
 * @param dataBlocksRead data blocks read by gets and iterators (not by compactions); equal to
 *     {@code blockCacheHits + blockCacheMisses}
 * @param blockCacheHits data blocks found in the block cache
 * @param blockCacheMisses data blocks read from the file (every read when the cache is off)
 * @param iteratorSeeks {@code seek}, {@code seekToFirst} and {@code seekToLast} calls on user
 *     iterators
 * @param stallMicros by cause, microseconds writers spent delayed (slowdown sleeps) or blocked
 *     (stops, or waiting for the immutable memtable's flush); every cause present
 * @param stallCounts by cause, writes delayed or blocked; every cause present
 * @param writeStallCondition the condition writers met last
 * @param memtableBytes approximate memory of the active and immutable memtables, in bytes
 * @param liveLogBytes bytes of the write-ahead logs still needed (the current one, and the one
 *     of a memtable being flushed)
 * @param pendingCompactionBytes bytes the strategy estimates compaction must rewrite to settle
 *     the tree (see {@code CompactionStrategy.estimatedPendingCompactionBytes})
 * @param runningCompactions compactions running now (0 or 1)
 * @param userBytesRead bytes of the values {@code get} and {@code multiGet} returned (rocksdb
 *     {@code BYTES_READ}; iterators are not counted)
 * @param blockCacheUsageBytes bytes of blocks the database's block cache holds now; with
 *     {@link SharedResources}, the shared cache's, over every database using it
 * @param blockCacheCapacityBytes bytes the database's block cache holds at most; with
 *     {@link SharedResources}, the shared cache's capacity
 */
public record Statistics(long userBytesWritten, long logBytesWritten, long flushes,
    long flushBytesWritten, List<LevelStatistics> levels, long gets, long filterProbes,
    long filterNegatives, long tablesRead, long dataBlocksRead, long blockCacheHits,
    long blockCacheMisses, long iteratorSeeks, Map<WriteStallCause, Long> stallMicros,
    Map<WriteStallCause, Long> stallCounts, WriteStallCondition writeStallCondition,
    long memtableBytes, long liveLogBytes, long pendingCompactionBytes, int runningCompactions,
    long userBytesRead, long blockCacheUsageBytes, long blockCacheCapacityBytes) {
  /**
   * Copies the collections; a cause missing from a map counts 0.
   *
   * @param userBytesWritten bytes of keys and values handed to put, delete and write
   * @param logBytesWritten bytes appended to write-ahead logs (records and their headers)
   * @param flushes memtables written to tables
   * @param flushBytesWritten bytes of the tables flushes wrote
   * @param levels per level: files, bytes and compaction figures; one entry per level
   * @param gets point lookups, those the memtables answered included
   * @param filterProbes tables whose filter was probed by gets
   * @param filterNegatives of those, tables the filter ruled out
   * @param tablesRead tables whose data blocks a get read (the filter said maybe, or the table has
   *     none)
   * @param dataBlocksRead data blocks read by gets and iterators (not by compactions); equal to
   *     {@code blockCacheHits + blockCacheMisses}
   * @param blockCacheHits data blocks found in the block cache
   * @param blockCacheMisses data blocks read from the file (every read when the cache is off)
   * @param iteratorSeeks {@code seek}, {@code seekToFirst} and {@code seekToLast} calls on user
   *     iterators
   * @param stallMicros by cause, microseconds writers spent delayed (slowdown sleeps) or blocked
   *     (stops, or waiting for the immutable memtable's flush); every cause present
   * @param stallCounts by cause, writes delayed or blocked; every cause present
   * @param writeStallCondition the condition writers met last
   * @param memtableBytes approximate memory of the active and immutable memtables, in bytes
   * @param liveLogBytes bytes of the write-ahead logs still needed (the current one, and the one
   *     of a memtable being flushed)
   * @param pendingCompactionBytes bytes the strategy estimates compaction must rewrite to settle
   *     the tree (see {@code CompactionStrategy.estimatedPendingCompactionBytes})
   * @param runningCompactions compactions running now (0 or 1)
   * @param userBytesRead bytes of the values {@code get} and {@code multiGet} returned
   * @param blockCacheUsageBytes bytes of blocks the database's block cache holds now
   * @param blockCacheCapacityBytes bytes the database's block cache holds at most
   */
  public Statistics {
    levels = ImmutableList.copyOf(levels);
    stallMicros = Maps.immutableEnumMap(complete(stallMicros, "stallMicros"));
    stallCounts = Maps.immutableEnumMap(complete(stallCounts, "stallCounts"));
    checkNotNull(writeStallCondition, "writeStallCondition");
  }

  /**
   * A snapshot without the read and block cache figures (they count 0): the components before
   * {@code userBytesRead} existed.
   *
   * @param userBytesWritten bytes of keys and values handed to put, delete and write
   * @param logBytesWritten bytes appended to write-ahead logs (records and their headers)
   * @param flushes memtables written to tables
   * @param flushBytesWritten bytes of the tables flushes wrote
   * @param levels per level: files, bytes and compaction figures; one entry per level
   * @param gets point lookups, those the memtables answered included
   * @param filterProbes tables whose filter was probed by gets
   * @param filterNegatives of those, tables the filter ruled out
   * @param tablesRead tables whose data blocks a get read
   * @param dataBlocksRead data blocks read by gets and iterators (not by compactions)
   * @param blockCacheHits data blocks found in the block cache
   * @param blockCacheMisses data blocks read from the file
   * @param iteratorSeeks {@code seek}, {@code seekToFirst} and {@code seekToLast} calls
   * @param stallMicros by cause, microseconds writers spent delayed or blocked
   * @param stallCounts by cause, writes delayed or blocked
   * @param writeStallCondition the condition writers met last
   * @param memtableBytes approximate memory of the active and immutable memtables, in bytes
   * @param liveLogBytes bytes of the write-ahead logs still needed
   * @param pendingCompactionBytes bytes the strategy estimates compaction must rewrite
   * @param runningCompactions compactions running now (0 or 1)
   */
  public Statistics(long userBytesWritten, long logBytesWritten, long flushes,
      long flushBytesWritten, List<LevelStatistics> levels, long gets, long filterProbes,
      long filterNegatives, long tablesRead, long dataBlocksRead, long blockCacheHits,
      long blockCacheMisses, long iteratorSeeks, Map<WriteStallCause, Long> stallMicros,
      Map<WriteStallCause, Long> stallCounts, WriteStallCondition writeStallCondition,
      long memtableBytes, long liveLogBytes, long pendingCompactionBytes,
      int runningCompactions) {
    this(userBytesWritten, logBytesWritten, flushes, flushBytesWritten, levels, gets,
        filterProbes, filterNegatives, tablesRead, dataBlocksRead, blockCacheHits,
        blockCacheMisses, iteratorSeeks, stallMicros, stallCounts, writeStallCondition,
        memtableBytes, liveLogBytes, pendingCompactionBytes, runningCompactions, 0, 0, 0);
  }

  private static Map<WriteStallCause, Long> complete(Map<WriteStallCause, Long> m, String name) {
    checkNotNull(m, name);
    EnumMap<WriteStallCause, Long> all = new EnumMap<>(WriteStallCause.class);
    for (WriteStallCause c : WriteStallCause.values()) {
      all.put(c, m.getOrDefault(c, 0L));
    }
    return all;
  }

  /** {@return bytes of the live table files, over every level} */
  public long liveTableBytes() {
    long n = 0;
    for (LevelStatistics l : levels) {
      n += l.bytes();
    }
    return n;
  }

  /** {@return the number of live table files, over every level} */
  public int liveTableFiles() {
    int n = 0;
    for (LevelStatistics l : levels) {
      n += l.files();
    }
    return n;
  }

  /** {@return bytes compactions read, over every level} */
  public long compactionBytesRead() {
    long n = 0;
    for (LevelStatistics l : levels) {
      n += l.compactionBytesRead();
    }
    return n;
  }

  /** {@return bytes of tables compactions wrote, over every level} */
  public long compactionBytesWritten() {
    long n = 0;
    for (LevelStatistics l : levels) {
      n += l.compactionBytesWritten();
    }
    return n;
  }

  /**
   * {@return microseconds spent in compactions (trivial moves included, flushes not), over every
   * level}
   */
  public long compactionMicros() {
    long n = 0;
    for (LevelStatistics l : levels) {
      n += l.compactionMicros();
    }
    return n;
  }

  /** {@return bytes of tables written by flushes and compactions} */
  public long tableBytesWritten() {
    return flushBytesWritten + compactionBytesWritten();
  }

  /** {@return microseconds writers spent delayed or blocked, over every cause} */
  public long stallMicrosTotal() {
    long n = 0;
    for (long v : stallMicros.values()) {
      n += v;
    }
    return n;
  }
}
