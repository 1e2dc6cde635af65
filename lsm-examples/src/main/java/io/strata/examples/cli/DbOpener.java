package io.strata.examples.cli;

import io.strata.api.Db;
import io.strata.api.Options;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the database in a directory; {@code io.strata.core.Strata::open} in the command line, a
 * database of their own in tests. Implementations must be safe to call several times in a row for
 * the same directory (a benchmark closes and reopens it).
 */
@FunctionalInterface
public interface DbOpener {
  /**
   * Opens (or, when {@code options.createIfMissing()}, creates) the database in {@code directory}.
   * The caller closes the result.
   *
   * @throws IOException when the database cannot be opened: absent, locked, damaged, unreadable
   * @throws IllegalArgumentException when {@code options} name an unknown plugin or option
   */
  Db open(Path directory, Options options) throws IOException;
}
