package io.strata.api.spi;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Ticker;
import io.strata.api.Options;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.version.TableStatsSource;
import java.nio.file.Path;

/**
 * What the engine lends a plugin when it creates one for a database: the directory, the file
 * system, the options, the key order and the clock; to a compaction strategy also the counts of
 * each table's entries and deletions. Immutable.
 *
 * @param dbDirectory the database directory
 * @param fileSystem the file system every file operation goes through
 * @param options the options the database was opened with
 * @param internalKeyComparator the order of internal keys, over {@code options.comparator()}
 * @param ticker the clock, in nanoseconds
 * @param tableStats the entry and deletion counts of live table files, for compaction
 *     strategies; {@link TableStatsSource#NONE} for other plugins
 */
public record PluginContext(Path dbDirectory, FileSystem fileSystem, Options options,
    InternalKeyComparator internalKeyComparator, Ticker ticker, TableStatsSource tableStats) {
  /**
   * Checks the components.
   *
   * @param dbDirectory the database directory
   * @param fileSystem the file system every file operation goes through
   * @param options the options the database was opened with
   * @param internalKeyComparator the order of internal keys, over {@code options.comparator()}
   * @param ticker the clock, in nanoseconds
   * @param tableStats the entry and deletion counts of live table files, for compaction
   *     strategies; {@link TableStatsSource#NONE} for other plugins
   * @throws NullPointerException if a component is null
   */
  public PluginContext {
    checkNotNull(dbDirectory, "dbDirectory");
    checkNotNull(fileSystem, "fileSystem");
    checkNotNull(options, "options");
    checkNotNull(internalKeyComparator, "internalKeyComparator");
    checkNotNull(ticker, "ticker");
    checkNotNull(tableStats, "tableStats");
  }

  /**
   * A context without table stats ({@link TableStatsSource#NONE}).
   *
   * @param dbDirectory the database directory
   * @param fileSystem the file system every file operation goes through
   * @param options the options the database was opened with
   * @param internalKeyComparator the order of internal keys, over {@code options.comparator()}
   * @param ticker the clock, in nanoseconds
   * @throws NullPointerException if an argument is null
   */
  public PluginContext(Path dbDirectory, FileSystem fileSystem, Options options,
      InternalKeyComparator internalKeyComparator, Ticker ticker) {
    this(dbDirectory, fileSystem, options, internalKeyComparator, ticker, TableStatsSource.NONE);
  }

  /**
   * This context with {@code stats} as its table stats; what the engine hands its compaction
   * strategy.
   *
   * @param stats the entry and deletion counts of live table files
   * @return a copy of this context with {@link #tableStats()} set
   * @throws NullPointerException if {@code stats} is null
   */
  public PluginContext withTableStats(TableStatsSource stats) {
    return new PluginContext(dbDirectory, fileSystem, options, internalKeyComparator, ticker,
        stats);
  }
}
