package io.strata.core;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import java.util.TreeMap;

/**
 * The snapshots handed out and not yet released (google/leveldb {@code SnapshotList}), counted
 * per sequence number; the oldest bounds what a compaction may drop. Thread-safe: the list is
 * guarded by {@code DbState.mutex}.
 */
final class Snapshots {
  private final DbState state;
  /** Sequence number to the number of unreleased snapshots at it. */
  @GuardedBy("state.mutex")
  private final TreeMap<Long, Integer> snapshots = new TreeMap<>();

  Snapshots(DbState state) {
    this.state = state;
  }

  /** A snapshot at the last published sequence number. */
  Snapshot create() {
    state.mutex.lock();
    try {
      long seq = state.versions.lastSequence();
      snapshots.merge(seq, 1, Integer::sum);
      return new SnapshotImpl(this, seq);
    } finally {
      state.mutex.unlock();
    }
  }

  private void release(SnapshotImpl s) {
    state.mutex.lock();
    try {
      snapshots.computeIfPresent(s.sequence, (k, n) -> n == 1 ? null : n - 1);
    } finally {
      state.mutex.unlock();
    }
  }

  /**
   * The sequence number a read with {@code readOptions} reads at: its snapshot's, else the last
   * published one.
   *
   * @throws IllegalArgumentException if the snapshot belongs to another database
   * @throws IllegalStateException if the snapshot was released
   */
  long readSequence(ReadOptions readOptions) {
    if (readOptions.snapshot().isPresent()) {
      Snapshot s = readOptions.snapshot().get();
      checkArgument(s instanceof SnapshotImpl && ((SnapshotImpl) s).owner == this,
          "snapshot %s does not belong to this database", s);
      checkState(!((SnapshotImpl) s).released, "snapshot %s was released", s);
      return s.sequenceNumber();
    }
    return state.versions.lastSequence();
  }

  /** The sequence numbers of the live snapshots, ascending, each once. */
  long[] all() {
    state.mutex.lock();
    try {
      return snapshots.keySet().stream().mapToLong(Long::longValue).toArray();
    } finally {
      state.mutex.unlock();
    }
  }

  /** The oldest sequence number a reader may read at. */
  long smallest() {
    state.mutex.lock();
    try {
      return snapshots.isEmpty() ? state.versions.lastSequence() : snapshots.firstKey();
    } finally {
      state.mutex.unlock();
    }
  }

  /**
   * The newest snapshot's sequence number, or -1 when none is open: a compaction filter sees
   * only entries above it (rocksdb {@code CompactionIterator}'s {@code latest_snapshot_}).
   */
  long newest() {
    state.mutex.lock();
    try {
      return snapshots.isEmpty() ? -1 : snapshots.lastKey();
    } finally {
      state.mutex.unlock();
    }
  }

  private static final class SnapshotImpl implements Snapshot {
    final Snapshots owner;
    final long sequence;
    volatile boolean released;

    SnapshotImpl(Snapshots owner, long sequence) {
      this.owner = owner;
      this.sequence = sequence;
    }

    @Override
    public long sequenceNumber() {
      return sequence;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        owner.release(this);
      }
    }

    @Override
    public String toString() {
      return "Snapshot@" + sequence;
    }
  }
}
