package io.strata.core.compaction;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.core.rangedel.RangeTombstone;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes the entries of an iterator, a memtable's say, to a new table file (google/leveldb
 * {@code db/builder.cc}, {@code BuildTable}): the one memtable-to-table step shared by the flush,
 * the replay of write-ahead logs at open, and {@code repair}.
 *
 * <p>Stateless. The table is finished, fsynced and closed through {@link TableFileWriter}; the
 * directory entry is not synced (the caller syncs the directory before the MANIFEST names the
 * table, as the durability order requires).
 */
public final class TableBuilding {
  private TableBuilding() {}

  /**
   * Writes every entry of {@code it}, from its first, to table {@code number} in {@code dir}.
   *
   * @param it entries in internal-key order; positioned here, not closed
   * @return the new table's metadata, or empty if {@code it} holds no entry (then no file is
   *     left behind)
   * @throws IOException if reading {@code it} or writing the table fails; the partial file is
   *     deleted (best effort)
   */
  public static Optional<FileMetaData> build(FileSystem fs, Path dir, TableFormat format,
      long number, InternalIterator it) throws IOException {
    return build(fs, dir, format, number, it, null, null);
  }

  /**
   * Writes every entry of {@code it} and every range tombstone of {@code rangeTombstones} (as
   * RocksDB's {@code BuildTable} takes the memtable's range-deletion iterators) to table
   * {@code number} in {@code dir}; the file's bounds cover the tombstones.
   *
   * @param it entries in internal-key order; positioned here, not closed
   * @param rangeTombstones a memtable's {@code newRangeTombstoneIterator()}, or null for none;
   *     positioned here, not closed
   * @param icmp the internal-key comparator; may be null only when {@code rangeTombstones} is
   * @return the new table's metadata, or empty if both iterators are empty (then no file is
   *     left behind)
   * @throws IOException if reading an iterator or writing the table fails; the partial file is
   *     deleted (best effort)
   */
  public static Optional<FileMetaData> build(FileSystem fs, Path dir, TableFormat format,
      long number, InternalIterator it, InternalIterator rangeTombstones,
      InternalKeyComparator icmp) throws IOException {
    checkNotNull(it, "it");
    try (TableFileWriter out = new TableFileWriter(checkNotNull(fs, "fs"),
        checkNotNull(dir, "dir"), checkNotNull(format, "format"), number)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(it.key(), it.value());
      }
      if (rangeTombstones != null) {
        checkNotNull(icmp, "icmp");
        for (rangeTombstones.seekToFirst(); rangeTombstones.isValid(); rangeTombstones.next()) {
          out.addRangeTombstone(
              RangeTombstone.fromEntry(rangeTombstones.key(), rangeTombstones.value()), icmp);
        }
      }
      if (out.numEntries() == 0 && out.numRangeTombstones() == 0) {
        return Optional.empty(); // closing the writer deletes the empty file
      }
      return Optional.of(out.finish());
    }
  }
}
