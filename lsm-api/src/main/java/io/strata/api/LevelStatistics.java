package io.strata.api;

/**
 * One level's files and compaction figures, part of {@link Statistics}. Compactions are counted
 * at their output level; a trivial move counts as a compaction with 0 bytes read and written.
 * Flushes are not compactions: see {@link Statistics#flushes()}.
 *
 * @param level the level, 0-based
 * @param files live table files at the level now
 * @param bytes bytes of those files
 * @param compactions compactions that wrote to this level since open
 * @param compactionBytesRead bytes of input files those compactions read
 * @param compactionBytesWritten bytes of tables those compactions wrote
 * @param compactionMicros microseconds those compactions took
 */
public record LevelStatistics(int level, int files, long bytes, long compactions,
    long compactionBytesRead, long compactionBytesWritten, long compactionMicros) {}
