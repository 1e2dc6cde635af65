package io.strata.core.compaction;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.table.TableProperties;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.TableStats;
import io.strata.api.spi.version.TableStatsSource;
import io.strata.api.spi.version.Version;
import io.strata.core.cache.TableCache;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TableStats} of live tables, read from each table's properties through the
 * {@link TableCache} once and kept by file number: what the engine hands its compaction strategy
 * as {@code PluginContext#tableStats()}, and what its key estimate adds up. The MANIFEST records
 * no such counts (LevelDB's format has no place for them); RocksDB likewise reads them from table
 * properties when it first needs them (db/version_set.cc {@code MaybeInitializeFileMetaData}).
 *
 * <p>The engine {@link #load}s the new Version after each flush and compaction, with no lock
 * held, so that a strategy, which picks under the engine's locks, finds the counts of new files
 * already read; a file not loaded yet (after open, or when its read failed) is read on the first
 * question. A table whose properties do not record the counts (written by LevelDB) has
 * {@link TableStats#UNKNOWN} stats, kept like any other; a table that cannot be read now answers
 * {@link TableStats#UNKNOWN} without being kept, and is tried again on the next question (reads
 * of it report the damage). Thread-safe.
 */
public final class TableStatsCache implements TableStatsSource {
  private static final Logger LOG = LoggerFactory.getLogger(TableStatsCache.class);

  private final TableCache tableCache;
  private final Map<Long, TableStats> byFileNumber = new ConcurrentHashMap<>();

  /**
   * A cache that reads properties through {@code tableCache}; does no I/O.
   *
   * @param tableCache the database's table cache
   * @throws NullPointerException if {@code tableCache} is null
   */
  public TableStatsCache(TableCache tableCache) {
    this.tableCache = checkNotNull(tableCache, "tableCache");
  }

  /**
   * The stats of {@code file}, read from its table's properties on the first question.
   *
   * @param file a live table file
   * @return its counts; {@link TableStats#UNKNOWN} when its table records none or cannot be read
   *     now
   * @throws NullPointerException if {@code file} is null
   */
  @Override
  public TableStats stats(FileMetaData file) {
    TableStats s = byFileNumber.get(checkNotNull(file, "file").fileNumber());
    if (s != null) {
      return s;
    }
    s = read(file);
    if (s != null) {
      byFileNumber.put(file.fileNumber(), s);
      return s;
    }
    return TableStats.UNKNOWN;
  }

  /**
   * Reads the stats of every file of {@code version} not known yet, and forgets those of files
   * it no longer holds (they are read again if an older Version still pinned is asked about).
   * Call with no engine lock held: it may read table files.
   *
   * @param version the current Version
   * @throws NullPointerException if {@code version} is null
   */
  public void load(Version version) {
    Set<Long> live = new HashSet<>();
    for (int level = 0; level < version.numLevels(); level++) {
      for (FileMetaData f : version.files(level)) {
        live.add(f.fileNumber());
        stats(f);
      }
    }
    byFileNumber.keySet().retainAll(live);
  }

  /** {@return the number of files whose stats are kept} */
  public int size() {
    return byFileNumber.size();
  }

  /** The stats of {@code f} from its table's properties; null if it cannot be read now. */
  private TableStats read(FileMetaData f) {
    try (TableCache.Handle h = tableCache.acquire(f.fileNumber(), f.fileSizeBytes())) {
      return of(h.reader().properties());
    } catch (NoSuchFileException e) {
      // The Version was read unpinned: a compaction installed since may have deleted the table.
      // If it did not, reads of the table report it missing.
      LOG.debug("table {} is gone before its properties were read; a compaction made it"
          + " obsolete meanwhile", f.fileNumber());
      return null;
    } catch (IOException e) {
      // Left unknown for now, and tried again on the next question: the stats only weigh
      // compaction choices, and reads of the table report the damage.
      LOG.warn("reading the properties of table {} failed; its deletions count as 0 for now",
          f.fileNumber(), e);
      return null;
    }
  }

  /**
   * The stats the properties record: {@link TableStats#UNKNOWN} unless both counts are;
   * deletions capped at the entries, which a well-formed table never exceeds.
   *
   * @param p a table's properties
   * @return the counts
   */
  static TableStats of(TableProperties p) {
    if (p.numEntries() == TableProperties.UNKNOWN || p.numDeletions() == TableProperties.UNKNOWN) {
      return TableStats.UNKNOWN;
    }
    return new TableStats(p.numEntries(), Math.min(p.numDeletions(), p.numEntries()));
  }
}
