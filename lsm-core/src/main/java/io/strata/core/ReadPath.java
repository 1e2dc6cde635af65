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
import io.strata.core.merge.MergeHelper;
import io.strata.core.rangedel.MemTableTombstones;
import io.strata.core.rangedel.RangeDelFilteringIterator;
import io.strata.core.read.TableIterators;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
    return get(readOptions, key, sequence, state.mem, state.imm, null);
  }

  /**
   * The values of {@code keys} (null where absent), in their order, all read at one sequence
   * through the same memtables and one pinned Version, in key order (rocksdb {@code MultiGet}).
   */
  List<byte[]> multiGet(ReadOptions readOptions, List<byte[]> keys) throws IOException {
    Integer[] order = new Integer[keys.size()];
    for (int i = 0; i < order.length; i++) {
      checkNotNull(keys.get(i), "keys[%s]", i);
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      byte[] x = keys.get(a);
      byte[] y = keys.get(b);
      return state.ucmp.compare(x, 0, x.length, y, 0, y.length);
    });
    long sequence = snapshots.readSequence(readOptions);
    MemTable m = state.mem;
    MemTable im = state.imm;
    PinnedVersion pinned = state.versions.pinCurrent();
    byte[][] values = new byte[order.length][];
    try {
      for (int i : order) {
        values[i] = get(readOptions, keys.get(i), sequence, m, im, pinned);
      }
    } finally {
      obsoleteFiles.unpin(pinned);
    }
    return Arrays.asList(values);
  }

  /**
   * The value of {@code key} at {@code sequence} in {@code m}, {@code im} and the Version
   * {@code shared} pins (null: the current one, pinned and released here).
   */
  private byte[] get(ReadOptions readOptions, byte[] key, long sequence, MemTable m,
      MemTable im, PinnedVersion shared) throws IOException {
    GetResult result = new GetResult();
    state.stats.gets.increment();
    // The newest visible range tombstone covering the key among the sources searched so far
    // (RocksDB's max_covering_tombstone_seq): it hides an older entry found at or below them.
    long[] covering = {memTombstones.of(m).maxCoveringSequence(key, sequence)};
    if (m.get(key, sequence, result) || coveredOperands(result, covering)) {
      return resolve(key, result, covering[0]);
    }
    if (im != null) {
      covering[0] = Math.max(covering[0], memTombstones.of(im).maxCoveringSequence(key, sequence));
      if (im.get(key, sequence, result) || coveredOperands(result, covering)) {
        return resolve(key, result, covering[0]);
      }
    }
    boolean verify = readOptions.verifyChecksums() || state.options.paranoidChecks();
    PinnedVersion pinned = shared != null ? shared : state.versions.pinCurrent();
    try {
      Version v = pinned.version();
      int consulted = 0;
      try {
        for (FileMetaData f : v.files(0)) {
          if (compareUserKey(key, f.smallest().userKey()) >= 0
              && compareUserKey(key, f.largest().userKey()) <= 0) {
            consulted++;
            if (tableGet(f, key, sequence, result, verify, readOptions.fillCache(), covering)
                || coveredOperands(result, covering)) {
              return resolve(key, result, covering[0]);
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
          // One file per level, as LevelDB; but a key's merge operands may go on in the next
          // file of the level (a compaction may cut its output inside a key's entries).
          for (int i = v.findFile(level, lookup); i < files.size(); i++) {
            FileMetaData f = files.get(i);
            if (compareUserKey(key, f.smallest().userKey()) < 0) {
              break;
            }
            consulted++;
            if (tableGet(f, key, sequence, result, verify, readOptions.fillCache(), covering)
                || coveredOperands(result, covering)) {
              return resolve(key, result, covering[0]);
            }
            if (!result.hasMergeOperands()) {
              break;
            }
          }
        }
        return resolve(key, result, covering[0]);
      } finally {
        state.stats.tablesConsulted.add(consulted);
      }
    } finally {
      if (shared == null) {
        obsoleteFiles.unpin(pinned);
      }
    }
  }

  /**
   * Whether the lookup so far found only merge operands and a range tombstone among the sources
   * searched covers the oldest of them: that tombstone is their base, and the lookup is done.
   */
  private static boolean coveredOperands(GetResult result, long[] covering) {
    return covering[0] >= 0 && result.state() == GetResult.State.MERGE_IN_PROGRESS
        && result.dropMergeOperandsBelow(covering[0]);
  }

  /**
   * The value a finished lookup gives: its put's value, or null, with the merge operands found
   * above the put, the delete or the bottom full-merged onto it. The newest range tombstone
   * covering the key, at sequence {@code covering} (-1 for none), deletes what is older than it.
   */
  private byte[] resolve(byte[] key, GetResult result, long covering) throws IOException {
    if (covering >= 0 && !result.dropMergeOperandsBelow(covering)
        && result.state() != GetResult.State.MERGE_IN_PROGRESS
        && RangeDels.visibleValue(result, covering) == null) {
      result.setDeleted();
    }
    if (!result.hasMergeOperands()) {
      return result.state() == GetResult.State.FOUND ? result.value() : null;
    }
    return MergeHelper.fullMerge(state.mergeOperator, key,
        Optional.ofNullable(result.state() == GetResult.State.FOUND ? result.value() : null),
        result.mergeOperands(), "get");
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

  /**
   * An iterator over the memtables and a pinned Version; does no I/O until positioned. Table
   * files wholly outside the read options' iterate bounds are left out. Without an explicit
   * snapshot it can be refreshed to the newest state.
   */
  DbIterator newIterator(ReadOptions readOptions) {
    long sequence = snapshots.readSequence(readOptions);
    byte[] lower = readOptions.iterateLowerBound().map(Bytes::toByteArray).orElse(null);
    byte[] upper = readOptions.iterateUpperBound().map(Bytes::toByteArray).orElse(null);
    DbIteratorImpl.Refresher refresher = readOptions.snapshot().isPresent() ? null
        : () -> pinView(readOptions, state.versions.lastSequence(), lower, upper);
    return new DbIteratorImpl(pinView(readOptions, sequence, lower, upper), state.ucmp, lower,
        upper, refresher, () -> !state.closed, state.stats.iteratorSeeks, state.mergeOperator);
  }

  /**
   * Pins the memtables and the current Version (read after {@code sequence}) as one merged
   * stream of entries, leaving out the files wholly outside {@code [lower, upper)}.
   */
  private DbIteratorImpl.View pinView(ReadOptions readOptions, long sequence, byte[] lower,
      byte[] upper) {
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
    boolean bounded = lower != null || upper != null;
    // With bounds, only the tables read can hold range tombstones that matter.
    List<FileMetaData> read = bounded ? new ArrayList<>() : null;
    for (FileMetaData f : v.files(0)) {
      // One lazily opened file each: newIterator does no I/O.
      if (inBounds(f, lower, upper)) {
        children.add(new ConcatenatingIterator(state.icmp, List.of(f), opener));
        if (bounded) {
          read.add(f);
        }
      }
    }
    for (int level = 1; level < Version.NUM_LEVELS; level++) {
      List<FileMetaData> files = v.files(level);
      if (lower != null || upper != null) {
        // Sorted and disjoint: the files in bounds are one run of the level.
        int from = 0;
        while (from < files.size() && !inBounds(files.get(from), lower, upper)) {
          from++;
        }
        int to = from;
        while (to < files.size() && inBounds(files.get(to), lower, upper)) {
          to++;
        }
        files = files.subList(from, to);
      }
      if (!files.isEmpty()) {
        children.add(new ConcatenatingIterator(state.icmp, files, opener));
        if (bounded) {
          read.addAll(files);
        }
      }
    }
    InternalIterator merged = new RangeDelFilteringIterator(MergingIterator.of(state.icmp,
        children), () -> rangeDels.collect(state, memTombstones, m, im, v, read), sequence);
    return new DbIteratorImpl.View(merged, sequence, () -> obsoleteFiles.unpin(pinned));
  }

  /** Whether {@code f}'s user keys meet {@code [lower, upper)} (a null bound is open). */
  private boolean inBounds(FileMetaData f, byte[] lower, byte[] upper) {
    return (lower == null || compareUserKey(lower, f.largest().userKey()) <= 0)
        && (upper == null || compareUserKey(upper, f.smallest().userKey()) > 0);
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
