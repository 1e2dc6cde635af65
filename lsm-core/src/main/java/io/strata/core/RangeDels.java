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

/**
 * The read path's range-deletion steps, kept out of {@link ReadPath}, and the fragmented
 * tombstones of the latest Version's tables, computed once per Version (a Version is immutable),
 * so that an iterator over a tree without tombstones costs no table lookups.
 *
 * <p>Thread-safe: the cache is one volatile slot holding an immutable pair.
 */
final class RangeDels {
  private record VersionTombstones(Version version, FragmentedRangeTombstones fragments) {}

  private volatile VersionTombstones latest;

  /** The last merge of memtable and table fragments, keyed by the identity of its parts. */
  private record Merged(FragmentedRangeTombstones mem, FragmentedRangeTombstones imm,
      FragmentedRangeTombstones tables, FragmentedRangeTombstones fragments) {}

  private volatile Merged merged;

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
   * Every range tombstone of the memtables and of the tables {@code files} of {@code v} (null:
   * every table of {@code v}), fragmented as one list, for an iterator (RocksDB's {@code
   * ReadRangeDelAggregator}). The fragments of all of a Version's tables are kept until the
   * next Version; those of a subset are computed each time.
   */
  FragmentedRangeTombstones collect(DbState state, MemTableTombstones memTombstones,
      MemTable m, MemTable im, Version v, List<FileMetaData> files) throws IOException {
    FragmentedRangeTombstones tables = files == null ? tablesOf(state, v)
        : fragmentsOf(state, files);
    FragmentedRangeTombstones mem = memTombstones.of(m);
    FragmentedRangeTombstones imm = im == null ? FragmentedRangeTombstones.EMPTY
        : memTombstones.of(im);
    if (mem.isEmpty() && imm.isEmpty()) {
      return tables;
    }
    // The parts are cached values, the same objects while nothing changed: a run of iterators
    // between writes merges once.
    Merged last = merged;
    if (last != null && last.mem() == mem && last.imm() == imm && last.tables() == tables) {
      return last.fragments();
    }
    List<RangeTombstone> all = new ArrayList<>(mem.tombstones());
    all.addAll(imm.tombstones());
    all.addAll(tables.tombstones());
    FragmentedRangeTombstones fragments = FragmentedRangeTombstones.fragment(all, state.ucmp);
    merged = new Merged(mem, imm, tables, fragments);
    return fragments;
  }

  private FragmentedRangeTombstones tablesOf(DbState state, Version v) throws IOException {
    VersionTombstones cached = latest;
    if (cached != null && cached.version() == v) {
      return cached.fragments();
    }
    List<FileMetaData> files = new ArrayList<>();
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      files.addAll(v.files(level));
    }
    FragmentedRangeTombstones fragments = fragmentsOf(state, files);
    latest = new VersionTombstones(v, fragments);
    return fragments;
  }

  private static FragmentedRangeTombstones fragmentsOf(DbState state, List<FileMetaData> files)
      throws IOException {
    List<RangeTombstone> all = new ArrayList<>();
    for (FileMetaData f : files) {
      try (TableCache.Handle h = state.tableCache.acquire(f.fileNumber(), f.fileSizeBytes())) {
        all.addAll(h.rangeTombstones(state.ucmp).tombstones());
      }
    }
    return all.isEmpty() ? FragmentedRangeTombstones.EMPTY
        : FragmentedRangeTombstones.fragment(all, state.ucmp);
  }
}
