package io.strata.core;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.annotations.VisibleForTesting;
import io.strata.api.Db;
import io.strata.api.spi.version.Version;
import java.io.IOException;

/**
 * The one entry tests have into an open database's engine (as LevelDB's {@code TEST_} methods
 * or Lucene's {@code TestSecrets}): forcing a flush, waiting for background work to settle, and
 * looking at the current Version. Not for production code, which reaches the engine only through
 * {@link Db}. Stateless; each method is as thread-safe as the engine call it makes.
 */
@VisibleForTesting
final class DbTesting {
  private DbTesting() {}

  /** The current Version of {@code db}. */
  static Version currentVersion(Db db) {
    return engine(db).currentVersion();
  }

  /**
   * Switches {@code db}'s memtable, if it holds anything, and waits until it is flushed to a
   * table.
   *
   * @throws IOException if the flush failed (the database is then read-only)
   * @throws IllegalStateException if {@code db} is closed
   */
  static void flushMemTable(Db db) throws IOException {
    engine(db).flush();
  }

  /**
   * Waits until no flush or compaction is scheduled and nothing is left to compact.
   *
   * @throws IOException the background error, if one stopped the work
   */
  static void awaitQuiescence(Db db) throws IOException {
    engine(db).awaitQuiescence();
  }

  /**
   * Closes every table {@code db}'s table cache holds open and no reader is using, as if the
   * cache had evicted them: what a test of which tables a read opens starts from, since open
   * reads every table's properties (the compaction strategy's deletion counts).
   */
  static void evictTables(Db db) {
    DbImpl engine = engine(db);
    Version v = engine.currentVersion();
    for (int level = 0; level < v.numLevels(); level++) {
      v.files(level).forEach(f -> engine.tableCache().evict(f.fileNumber()));
    }
  }

  private static DbImpl engine(Db db) {
    if (db instanceof io.strata.core.ttl.TtlDb ttl) {
      db = ttl.baseDb();
    }
    checkArgument(db instanceof DbImpl, "not a database Strata.open returned: %s", db);
    return (DbImpl) db;
  }
}
