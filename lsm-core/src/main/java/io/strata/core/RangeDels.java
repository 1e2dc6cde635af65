package io.strata.core;

import io.strata.api.spi.GetResult;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.core.cache.TableCache;
import io.strata.core.rangedel.FragmentedRangeTombstones;
import io.strata.core.rangedel.MemTableTombstones;
import io.strata.core.rangedel.RangeTombstone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The read path's range-deletion steps, kept out of {@link ReadPath}. */
final class RangeDels {
  private RangeDels() {}

  /**
   * The value a get returns for the entry in {@code result}: null when it is a delete or a range
   * tombstone at {@code covering} is newer than it.
   */
  static byte[] visibleValue(GetResult result, long covering) {
    if (covering >= 0 && result.sequence() < covering) {
      return null;
    }
    return result.value();
  }

  /**
   * Every range tombstone of the memtables and of every table of {@code v}, fragmented as one
   * list, for an iterator (RocksDB's {@code ReadRangeDelAggregator}).
   */
  static FragmentedRangeTombstones collect(DbState state, MemTableTombstones memTombstones,
      MemTable m, MemTable im, Version v) throws IOException {
    List<RangeTombstone> all = new ArrayList<>(memTombstones.of(m).tombstones());
    if (im != null) {
      all.addAll(memTombstones.of(im).tombstones());
    }
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      for (FileMetaData f : v.files(level)) {
        try (TableCache.Handle h = state.tableCache.acquire(f.fileNumber(), f.fileSizeBytes())) {
          all.addAll(h.rangeTombstones(state.ucmp).tombstones());
        }
      }
    }
    return all.isEmpty() ? FragmentedRangeTombstones.EMPTY
        : FragmentedRangeTombstones.fragment(all, state.ucmp);
  }
}
