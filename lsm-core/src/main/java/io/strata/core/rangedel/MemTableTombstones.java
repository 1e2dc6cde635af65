package io.strata.core.rangedel;

import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.memtable.MemTable;
import java.io.IOException;

/**
 * The fragmented range tombstones of the (at most two) live memtables, rebuilt only when a
 * memtable's tombstone count changed, as RocksDB caches a memtable's {@code
 * FragmentedRangeTombstoneList} (db/memtable.cc). A memtable without tombstones costs one
 * counter read.
 *
 * <p>Thread-safe: readers race benignly on the two slots; a slot holds an immutable value.
 */
public final class MemTableTombstones {
  private record Cached(MemTable mem, long count, FragmentedRangeTombstones fragments) {}

  private final KeyComparator ucmp;
  private volatile Cached first;
  private volatile Cached second;

  /**
   * An empty cache.
   *
   * @param ucmp the user-key comparator
   */
  public MemTableTombstones(KeyComparator ucmp) {
    this.ucmp = ucmp;
  }

  /**
   * The tombstones of {@code mem}: every one whose sequence number was visible when this was
   * called, and maybe some added since.
   *
   * @param mem the memtable
   * @return its fragments
   * @throws IOException never for an in-memory table; as the iterator declares
   */
  public FragmentedRangeTombstones of(MemTable mem) throws IOException {
    long count = mem.rangeTombstoneCount();
    if (count == 0) {
      return FragmentedRangeTombstones.EMPTY;
    }
    Cached a = first;
    if (a != null && a.mem == mem && a.count == count) {
      return a.fragments;
    }
    Cached b = second;
    if (b != null && b.mem == mem && b.count == count) {
      return b.fragments;
    }
    FragmentedRangeTombstones f;
    try (InternalIterator it = mem.newRangeTombstoneIterator()) {
      f = FragmentedRangeTombstones.read(it, ucmp);
    }
    Cached fresh = new Cached(mem, count, f);
    if (a != null && a.mem == mem) {
      first = fresh;
    } else if (b != null && b.mem == mem) {
      second = fresh;
    } else {
      second = a;
      first = fresh;
    }
    return f;
  }
}
