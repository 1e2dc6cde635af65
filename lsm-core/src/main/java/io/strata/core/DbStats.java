package io.strata.core;

import io.strata.api.LevelStatistics;
import io.strata.api.Statistics;
import io.strata.api.WriteStallCause;
import io.strata.api.WriteStallCondition;
import io.strata.api.spi.table.TableReadStats;
import io.strata.api.spi.version.Version;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one open database: per-level compaction figures (as LevelDB's
 * {@code CompactionStats}), flushes, bytes written by kind, read costs and write stalls; the
 * source of {@code Db.statistics()} and of the {@code strata.*} properties. Thread-safe and
 * cheap: {@link LongAdder}s and atomic arrays, no lock.
 *
 * <p>Also the {@link TableReadStats} the engine hands to table readers for gets and user
 * iterators (compactions and checks read with {@link TableReadStats#NONE}).
 */
final class DbStats implements TableReadStats {
  private static final WriteStallCause[] CAUSES = WriteStallCause.values();

  // Compactions, per output level: count, micros, bytes read, bytes written. Trivial moves count
  // with 0 bytes; flushes do not count here.
  final AtomicLongArray compactions = new AtomicLongArray(Version.NUM_LEVELS);
  final AtomicLongArray micros = new AtomicLongArray(Version.NUM_LEVELS);
  final AtomicLongArray bytesRead = new AtomicLongArray(Version.NUM_LEVELS);
  final AtomicLongArray bytesWritten = new AtomicLongArray(Version.NUM_LEVELS);
  // Flushes, in all and per level they went to (for the strata.stats table, as LevelDB's).
  final LongAdder flushes = new LongAdder();
  final LongAdder flushBytes = new LongAdder();
  final AtomicLongArray flushesAtLevel = new AtomicLongArray(Version.NUM_LEVELS);
  final AtomicLongArray flushMicrosAtLevel = new AtomicLongArray(Version.NUM_LEVELS);
  final AtomicLongArray flushBytesAtLevel = new AtomicLongArray(Version.NUM_LEVELS);
  /** Key and value bytes handed to writes (the user's bytes). */
  final LongAdder userBytes = new LongAdder();
  /** Bytes of the values get and multiGet returned (rocksdb {@code BYTES_READ}). */
  final LongAdder userBytesRead = new LongAdder();
  /** Bytes appended to write-ahead logs. */
  final LongAdder walBytes = new LongAdder();
  /** Bytes of table files written by flushes, compactions and open's log recovery. */
  final LongAdder tableBytes = new LongAdder();
  /** Point lookups, and tables whose key range held the key of one that reached the tables. */
  final LongAdder gets = new LongAdder();
  final LongAdder tablesConsulted = new LongAdder();
  // Read costs, counted by the table readers through the TableReadStats methods below.
  final LongAdder filterProbes = new LongAdder();
  final LongAdder filterNegatives = new LongAdder();
  final LongAdder tablesRead = new LongAdder();
  final LongAdder blockCacheHits = new LongAdder();
  final LongAdder blockCacheMisses = new LongAdder();
  /** seek, seekToFirst and seekToLast calls on user iterators. */
  final LongAdder iteratorSeeks = new LongAdder();
  /** Writes delayed by a slowdown sleep. */
  final LongAdder slowdowns = new LongAdder();
  /** By {@link WriteStallCause#ordinal()}: microseconds writers were delayed or blocked. */
  private final LongAdder[] stallMicros = adders();
  /** By {@link WriteStallCause#ordinal()}: writes delayed or blocked. */
  private final LongAdder[] stallCounts = adders();
  /** The condition writers met last; written under {@code mutex} by {@code WritePath}. */
  volatile WriteStallCondition writeStallCondition = WriteStallCondition.NORMAL;
  /** Bytes of the live write-ahead logs; written under {@code mutex} by {@code WalFiles}. */
  volatile long liveLogBytes;
  /** Compactions running now. */
  final AtomicInteger runningCompactions = new AtomicInteger();

  private static LongAdder[] adders() {
    LongAdder[] a = new LongAdder[CAUSES.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  /** Counts a compaction (or, with 0 bytes, a trivial move) that wrote to {@code level}. */
  void addCompaction(int level, long elapsedMicros, long read, long written) {
    compactions.incrementAndGet(level);
    micros.addAndGet(level, elapsedMicros);
    bytesRead.addAndGet(level, read);
    bytesWritten.addAndGet(level, written);
    tableBytes.add(written);
  }

  /** Counts a flush to {@code level}; its table's bytes were counted in tableBytes already. */
  void addFlush(int level, long elapsedMicros, long written) {
    flushes.increment();
    flushBytes.add(written);
    flushesAtLevel.incrementAndGet(level);
    flushMicrosAtLevel.addAndGet(level, elapsedMicros);
    flushBytesAtLevel.addAndGet(level, written);
  }

  /** Counts the bytes of the values a multiGet returned (null for a key not found). */
  void countRead(List<byte[]> values) {
    long n = 0;
    for (byte[] v : values) {
      if (v != null) {
        n += v.length;
      }
    }
    userBytesRead.add(n);
  }

  /** Counts {@code stalledMicros} of a write delayed or blocked by {@code cause}. */
  void addStallMicros(WriteStallCause cause, long stalledMicros) {
    stallMicros[cause.ordinal()].add(stalledMicros);
  }

  /** Counts one write delayed or blocked by {@code cause}. */
  void countStall(WriteStallCause cause) {
    stallCounts[cause.ordinal()].increment();
  }

  /** Microseconds writers were delayed or blocked, over every cause. */
  long stallMicrosTotal() {
    long n = 0;
    for (LongAdder a : stallMicros) {
      n += a.sum();
    }
    return n;
  }

  @Override
  public void filterProbed(boolean negative) {
    filterProbes.increment();
    if (negative) {
      filterNegatives.increment();
    }
  }

  @Override
  public void tableRead() {
    tablesRead.increment();
  }

  @Override
  public void blockCacheHit() {
    blockCacheHits.increment();
  }

  @Override
  public void blockCacheMiss() {
    blockCacheMisses.increment();
  }

  /**
   * A snapshot of the counters, with the state of the moment given by the caller.
   *
   * @param v the current Version, for files and bytes per level
   * @param memtableBytes approximate bytes of the memtables
   * @param pendingCompactionBytes the strategy's estimate for {@code v}
   * @param blockCacheUsageBytes bytes the block cache holds now
   * @param blockCacheCapacityBytes bytes the block cache holds at most
   */
  Statistics snapshot(Version v, long memtableBytes, long pendingCompactionBytes,
      long blockCacheUsageBytes, long blockCacheCapacityBytes) {
    List<LevelStatistics> levels = new ArrayList<>(Version.NUM_LEVELS);
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      levels.add(new LevelStatistics(level, v.numFiles(level), v.levelBytes(level),
          compactions.get(level), bytesRead.get(level), bytesWritten.get(level),
          micros.get(level)));
    }
    Map<WriteStallCause, Long> stalled = new EnumMap<>(WriteStallCause.class);
    Map<WriteStallCause, Long> stalls = new EnumMap<>(WriteStallCause.class);
    for (WriteStallCause c : CAUSES) {
      stalled.put(c, stallMicros[c.ordinal()].sum());
      stalls.put(c, stallCounts[c.ordinal()].sum());
    }
    // Misses before hits: a block read between the two sums is then counted in neither.
    long misses = blockCacheMisses.sum();
    long hits = blockCacheHits.sum();
    return new Statistics(userBytes.sum(), walBytes.sum(), flushes.sum(), flushBytes.sum(),
        levels, gets.sum(), filterProbes.sum(), filterNegatives.sum(), tablesRead.sum(),
        hits + misses, hits, misses, iteratorSeeks.sum(), stalled, stalls,
        writeStallCondition, memtableBytes, liveLogBytes, pendingCompactionBytes,
        runningCompactions.get(), userBytesRead.sum(), blockCacheUsageBytes,
        blockCacheCapacityBytes);
  }
}
