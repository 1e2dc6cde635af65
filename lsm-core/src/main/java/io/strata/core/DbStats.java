package io.strata.core;

import io.strata.api.spi.version.Version;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one open database: per-level compaction figures (as LevelDB's
 * {@code CompactionStats}), bytes written by kind, and read amplification. Thread-safe.
 */
final class DbStats {
  // Per output level: compactions, micros, bytes read, bytes written.
  final AtomicLongArray compactions = new AtomicLongArray(Version.NUM_LEVELS);
  final AtomicLongArray micros = new AtomicLongArray(Version.NUM_LEVELS);
  final AtomicLongArray bytesRead = new AtomicLongArray(Version.NUM_LEVELS);
  final AtomicLongArray bytesWritten = new AtomicLongArray(Version.NUM_LEVELS);
  /** Key and value bytes handed to writes (the user's bytes). */
  final LongAdder userBytes = new LongAdder();
  /** Bytes appended to write-ahead logs. */
  final LongAdder walBytes = new LongAdder();
  /** Bytes of table files written by flushes and compactions. */
  final LongAdder tableBytes = new LongAdder();
  /** Point lookups that reached the tables, and tables consulted by them. */
  final LongAdder gets = new LongAdder();
  final LongAdder tablesConsulted = new LongAdder();
  /** Writes delayed by a slowdown, and microseconds writers waited on a stop. */
  final LongAdder slowdowns = new LongAdder();
  final LongAdder stallMicros = new LongAdder();

  void addCompaction(int level, long elapsedMicros, long read, long written) {
    compactions.incrementAndGet(level);
    micros.addAndGet(level, elapsedMicros);
    bytesRead.addAndGet(level, read);
    bytesWritten.addAndGet(level, written);
    tableBytes.add(written);
  }
}
