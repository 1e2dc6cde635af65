package io.strata.core;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.Bytes;
import io.strata.api.DbIterator;
import io.strata.api.Range;
import io.strata.api.ReadOptions;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.PinnedVersion;
import io.strata.api.spi.version.Version;
import io.strata.core.cache.TableCache;
import io.strata.core.iterator.ConcatenatingIterator;
import io.strata.core.iterator.DbIteratorImpl;
import io.strata.core.iterator.MergingIterator;
import io.strata.core.rangedel.MemTableTombstones;
import io.strata.core.rangedel.RangeDelFilteringIterator;
import io.strata.core.read.TableIterators;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Point lookups, iterators and approximate sizes (google/leveldb {@code DBImpl::Get},
 * {@code Version::Get}, {@code NewIterator}, {@code GetApproximateSizes}). Thread-safe.
 *
 * <p>Reads take no lock: the published sequence, then {@code mem}, then {@code imm}, then a
 * pinned Version, in that order, so that every entry at or below the sequence is in one of them
 * (a flush installs its table before it clears {@code imm}). A pinned Version is released through
 * {@link ObsoleteFiles#unpin}, which deletes the tables its last pin kept.
 */
final class ReadPath {
  private final DbState state;
  private final Snapshots snapshots;
  private final ObsoleteFiles obsoleteFiles;
  private final MemTableTombstones memTombstones;
  private final RangeDels rangeDels = new RangeDels();

  ReadPath(DbState state, Snapshots snapshots, ObsoleteFiles obsoleteFiles) {
    this.state = state;
    this.snapshots = snapshots;
    this.obsoleteFiles = obsoleteFiles;
    this.memTombstones = new MemTableTombstones(state.ucmp);
  }

  /** The value of {@code key}, or null; through the memtables, then level by level. */
  byte[] get(ReadOptions readOptions, byte[] key) throws IOException {
    long sequence = snapshots.readSequence(readOptions);
    MemTable m = state.mem;
    MemTable im = state.imm;
    GetResult result = new GetResult();
    state.stats.gets.increment();
    // The newest visible range tombstone covering the key among the sources searched so far
    // (RocksDB's max_covering_tombstone_seq): it hides an older entry found at or below them.
    long[] covering = {memTombstones.of(m).maxCoveringSequence(key, sequence)};
    if (m.get(key, sequence, result)) {
      return RangeDels.visibleValue(result, covering[0]);
    }
    if (im != null) {
      covering[0] = Math.max(covering[0], memTombstones.of(im).maxCoveringSequence(key, sequence));
      if (im.get(key, sequence, result)) {
        return RangeDels.visibleValue(result, covering[0]);
      }
    }
    boolean verify = readOptions.verifyChecksums() || state.options.paranoidChecks();
    PinnedVersion pinned = state.versions.pinCurrent();
    try {
      Version v = pinned.version();
      int consulted = 0;
      try {
        for (FileMetaData f : v.files(0)) {
          if (compareUserKey(key, f.smallest().userKey()) >= 0
              && compareUserKey(key, f.largest().userKey()) <= 0) {
            consulted++;
            if (tableGet(f, key, sequence, result, verify, readOptions.fillCache(), covering)) {
              return RangeDels.visibleValue(result, covering[0]);
            }
          }
        }
        byte[] lookup = null;
        for (int level = 1; level < Version.NUM_LEVELS; level++) {
          List<FileMetaData> files = v.files(level);
          if (files.isEmpty()) {
            continue;
          }
          if (lookup == null) {
            lookup = InternalKeys.encode(key, sequence, ValueType.FOR_SEEK);
          }
          int i = v.findFile(level, lookup);
          if (i < files.size()) {
            FileMetaData f = files.get(i);
            if (compareUserKey(key, f.smallest().userKey()) >= 0) {
              consulted++;
              if (tableGet(f, key, sequence, result, verify, readOptions.fillCache(),
                  covering)) {
                return RangeDels.visibleValue(result, covering[0]);
              }
            }
          }
        }
        return null;
      } finally {
        state.stats.tablesConsulted.add(consulted);
      }
    } finally {
      obsoleteFiles.unpin(pinned);
    }
  }

  /** Compares a user key with a file bound; no copy of the bound in the bytewise order. */
  private int compareUserKey(byte[] key, Bytes bound) {
    // Bytes orders bytewise; a byte-array comparison returns a small value, safe to negate.
    return state.bytewise
        ? -bound.compareTo(key, 0, key.length) : state.ucmp.compare(key, bound.toByteArray());
  }

  private boolean tableGet(FileMetaData f, byte[] key, long sequence, GetResult result,
      boolean verify, boolean fillCache, long[] covering) throws IOException {
    try (TableCache.Handle h = state.tableCache.acquire(f.fileNumber(), f.fileSizeBytes())) {
      covering[0] = Math.max(covering[0],
          h.rangeTombstones(state.ucmp).maxCoveringSequence(key, sequence));
      return h.reader().get(key, sequence, result, verify, fillCache, state.stats);
    }
  }

  /** An iterator over the memtables and a pinned Version; does no I/O until positioned. */
  DbIterator newIterator(ReadOptions readOptions) {
    long sequence = snapshots.readSequence(readOptions);
    MemTable m = state.mem;
    MemTable im = state.imm;
    PinnedVersion pinned = state.versions.pinCurrent();
    boolean verify = readOptions.verifyChecksums() || state.options.paranoidChecks();
    boolean fill = readOptions.fillCache();
    ConcatenatingIterator.FileOpener opener =
        f -> TableIterators.open(state.tableCache, f, verify, fill, state.stats);
    List<InternalIterator> children = new ArrayList<>();
    children.add(m.newIterator());
    if (im != null) {
      children.add(im.newIterator());
    }
    Version v = pinned.version();
    for (FileMetaData f : v.files(0)) {
      // One lazily opened file each: newIterator does no I/O.
      children.add(new ConcatenatingIterator(state.icmp, List.of(f), opener));
    }
    for (int level = 1; level < Version.NUM_LEVELS; level++) {
      if (!v.files(level).isEmpty()) {
        children.add(new ConcatenatingIterator(state.icmp, v.files(level), opener));
      }
    }
    InternalIterator merged = new RangeDelFilteringIterator(MergingIterator.of(state.icmp,
        children), () -> rangeDels.collect(state, memTombstones, m, im, v), sequence);
    return new DbIteratorImpl(merged, state.ucmp, sequence,
        () -> obsoleteFiles.unpin(pinned), () -> !state.closed, state.stats.iteratorSeeks);
  }

  /** Bytes of table data in each of {@code ranges} (half-open), approximately. */
  long[] approximateSizes(List<Range> ranges) throws IOException {
    long[] sizes = new long[ranges.size()];
    PinnedVersion pinned = state.versions.pinCurrent();
    try {
      for (int i = 0; i < ranges.size(); i++) {
        Range r = checkNotNull(ranges.get(i), "ranges[%s]", i);
        byte[] start = InternalKeys.encode(r.start().toByteArray(), InternalKey.MAX_SEQUENCE,
            ValueType.FOR_SEEK);
        byte[] limit = InternalKeys.encode(r.limit().toByteArray(), InternalKey.MAX_SEQUENCE,
            ValueType.FOR_SEEK);
        long a = approximateOffsetOf(pinned.version(), start);
        long b = approximateOffsetOf(pinned.version(), limit);
        sizes[i] = b >= a ? b - a : 0;
      }
    } finally {
      obsoleteFiles.unpin(pinned);
    }
    return sizes;
  }

  /** Bytes of the tables before {@code key} (google/leveldb {@code ApproximateOffsetOf}). */
  private long approximateOffsetOf(Version v, byte[] key) throws IOException {
    long result = 0;
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      for (FileMetaData f : v.files(level)) {
        if (state.icmp.compare(f.largest().encode(), key) <= 0) {
          result += f.fileSizeBytes();
        } else if (state.icmp.compare(f.smallest().encode(), key) > 0) {
          if (level > 0) {
            break; // sorted: no later file of the level holds smaller keys
          }
        } else {
          try (TableCache.Handle h =
              state.tableCache.acquire(f.fileNumber(), f.fileSizeBytes())) {
            result += h.reader().approximateOffsetOf(key);
          }
        }
      }
    }
    return result;
  }
}
