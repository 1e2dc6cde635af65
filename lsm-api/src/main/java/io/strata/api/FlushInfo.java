package io.strata.api;

/**
 * A completed flush, for {@link EventListener#onFlushCompleted}.
 *
 * @param fileNumber the number of the table written
 * @param level the level the table was installed at (0, or deeper when the strategy places a
 *     flush below level 0)
 * @param fileSizeBytes the table's size in bytes
 * @param entries entries of the flushed memtable (puts and deletions)
 * @param durationMicros microseconds from the start of the write to the installed edit
 */
public record FlushInfo(long fileNumber, int level, long fileSizeBytes, long entries,
    long durationMicros) {}
