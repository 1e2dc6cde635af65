package io.strata.api.spi.version;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/**
 * Where a compaction strategy looks up the {@link TableStats} of a live file; handed to it in
 * {@code PluginContext#tableStats()}. Kept apart from {@link Version}, which stays the
 * MANIFEST's view (LevelDB's, byte for byte): the engine fills its answers from each table's
 * properties, read once per file and kept by file number (as RocksDB initializes a file's
 * counts from its table properties, db/version_set.cc {@code MaybeInitializeFileMetaData}).
 *
 * <p>Implementations are thread-safe, never throw for a file they cannot read (they answer
 * {@link TableStats#UNKNOWN}, and may know it later), and answer quickly: the engine has read
 * the properties of the files its flushes and compactions wrote before strategies ask about
 * them; a file not read yet, after the database was opened say, may cost one read of its table's
 * properties on the first question.
 */
@FunctionalInterface
public interface TableStatsSource {
  /** The source that knows nothing: every file's stats are {@link TableStats#UNKNOWN}. */
  TableStatsSource NONE = file -> TableStats.UNKNOWN;

  /**
   * The stats of {@code file}.
   *
   * @param file a file of a live Version
   * @return its counts, or {@link TableStats#UNKNOWN} when they are not known
   * @throws NullPointerException if {@code file} is null
   */
  TableStats stats(FileMetaData file);

  /**
   * A source answering from a map by file number, {@link TableStats#UNKNOWN} for the files it
   * lacks; for tests and tools.
   *
   * @param byFileNumber stats by file number; copied
   * @return the source, immutable
   * @throws NullPointerException if {@code byFileNumber} or one of its keys or values is null
   */
  static TableStatsSource of(Map<Long, TableStats> byFileNumber) {
    ImmutableMap<Long, TableStats> copy =
        ImmutableMap.copyOf(checkNotNull(byFileNumber, "byFileNumber"));
    return file -> copy.getOrDefault(checkNotNull(file, "file").fileNumber(), TableStats.UNKNOWN);
  }
}
