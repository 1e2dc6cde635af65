package io.strata.api.spi;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Ticker;
import io.strata.api.Options;
import io.strata.api.spi.env.FileSystem;
import java.nio.file.Path;

/**
 * What the engine lends a plugin when it creates one for a database: the directory, the file
 * system, the options, the key order and the clock. Immutable.
 *
 * @param dbDirectory the database directory
 * @param fileSystem the file system every file operation goes through
 * @param options the options the database was opened with
 * @param internalKeyComparator the order of internal keys, over {@code options.comparator()}
 * @param ticker the clock, in nanoseconds
 */
public record PluginContext(Path dbDirectory, FileSystem fileSystem, Options options,
    InternalKeyComparator internalKeyComparator, Ticker ticker) {
  /**
   * Checks the components.
   *
   * @param dbDirectory the database directory
   * @param fileSystem the file system every file operation goes through
   * @param options the options the database was opened with
   * @param internalKeyComparator the order of internal keys, over {@code options.comparator()}
   * @param ticker the clock, in nanoseconds
   * @throws NullPointerException if a component is null
   */
  public PluginContext {
    checkNotNull(dbDirectory, "dbDirectory");
    checkNotNull(fileSystem, "fileSystem");
    checkNotNull(options, "options");
    checkNotNull(internalKeyComparator, "internalKeyComparator");
    checkNotNull(ticker, "ticker");
  }
}
