package io.strata.testkit;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * One reader thread of {@link DbStress}: gets, scans both ways, iterators held open across
 * compactions, and snapshots read once at once and again later. Confined to its thread.
 *
 * <p>Every read over keys {@code [a, b)} (half-open, by key index) brackets itself: the
 * {@code committed} version of each key before the read starts, the {@code started} version
 * after its point in time is fixed (after the get returns; after the iterator or snapshot is
 * created). A key must show a version in between; {@link ExpectedState#check} says more.
 */
final class StressReader {
  /** Snapshots a reader keeps for a later re-read, at most. */
  private static final int MAX_HELD_SNAPSHOTS = 3;

  private final DbStress stress;
  private final Db db;
  private final ExpectedState state;
  private final Random rnd;
  private final ArrayDeque<HeldSnapshot> held = new ArrayDeque<>();

  StressReader(DbStress stress, Db db, ExpectedState state, Random rnd) {
    this.stress = stress;
    this.db = db;
    this.state = state;
    this.rnd = rnd;
  }

  /** A snapshot and what its first read saw over {@code [a, b)}. */
  private record HeldSnapshot(Snapshot snapshot, int a, int b, byte[][] seen, long takenNanos) {}

  void loop(BooleanSupplier running) throws IOException, InterruptedException {
    try {
      while (running.getAsBoolean()) {
        int p = rnd.nextInt(100);
        if (p < 40) {
          get();
        } else if (p < 60) {
          scan(true, false);
        } else if (p < 75) {
          scan(false, false);
        } else if (p < 80) {
          scan(rnd.nextBoolean(), true);
        } else if (p < 92) {
          takeSnapshot();
        } else {
          rereadOldestSnapshot();
        }
      }
      while (!held.isEmpty()) {
        rereadOldestSnapshot();
      }
    } finally {
      held.forEach(h -> h.snapshot.close());
    }
  }

  private ReadOptions readOptions(Snapshot snapshot) {
    ReadOptions.Builder b = ReadOptions.builder().verifyChecksums(rnd.nextInt(4) == 0)
        .fillCache(rnd.nextInt(4) != 0);
    if (snapshot != null) {
      b.snapshot(snapshot);
    }
    return b.build();
  }

  private void get() throws IOException {
    int i = rnd.nextInt(state.numKeys);
    long pre = state.committed.get(i);
    byte[] seen = db.get(readOptions(null), ExpectedState.key(i));
    long post = state.started.get(i);
    judge(i, seen, pre, post, "get");
    stress.gets.increment();
  }

  /** A range {@code [a, b)} of 1 to 400 keys. */
  private int[] range() {
    int a = rnd.nextInt(state.numKeys);
    int b = Math.min(state.numKeys, a + 1 + rnd.nextInt(400));
    return new int[] {a, b};
  }

  private long[] committed(int a, int b) {
    long[] v = new long[b - a];
    for (int i = a; i < b; i++) {
      v[i - a] = state.committed.get(i);
    }
    return v;
  }

  private long[] started(int a, int b) {
    long[] v = new long[b - a];
    for (int i = a; i < b; i++) {
      v[i - a] = state.started.get(i);
    }
    return v;
  }

  /**
   * Scans {@code [a, b)} forward or backward; a long-lived scan pauses half-way, for as long as
   * a compaction may take to replace the files it reads.
   */
  private void scan(boolean forward, boolean longLived) throws IOException, InterruptedException {
    int[] r = range();
    int a = r[0];
    int b = r[1];
    long[] pre = committed(a, b);
    byte[][] seen;
    long[] post;
    try (DbIterator it = db.newIterator(readOptions(null))) {
      post = started(a, b);
      seen = read(it, a, b, forward, longLived ? 10 + rnd.nextInt(90) : 0);
    }
    String what = (forward ? "forward" : "backward") + (longLived ? " long-lived" : "")
        + " scan";
    judgeRange(a, b, seen, pre, post, what);
    (longLived ? stress.longLivedIterators : forward ? stress.forwardScans
        : stress.backwardScans).increment();
  }

  /** Reads the keys in {@code [a, b)} with {@code it}; pauses half-way if asked. */
  private byte[][] read(DbIterator it, int a, int b, boolean forward, int pauseMillis)
      throws IOException, InterruptedException {
    byte[][] seen = new byte[b - a][];
    int count = 0;
    int last = forward ? a - 1 : b;
    if (forward) {
      it.seek(ExpectedState.key(a));
    } else if (b < state.numKeys) {
      it.seek(ExpectedState.key(b));
      if (it.isValid()) {
        it.prev();
      } else {
        it.seekToLast();
      }
    } else {
      it.seekToLast();
    }
    for (; it.isValid(); count++) {
      int i = state.indexOf(it.key());
      if (i < 0) {
        throw new AssertionError("iterator shows a foreign key of " + it.key().length
            + " bytes");
      }
      if (forward ? i >= b : i < a) {
        break;
      }
      if (forward ? i <= last : i >= last) {
        throw new AssertionError("iterator out of order: key " + i + " after key " + last
            + (forward ? " going forward" : " going backward"));
      }
      seen[i - a] = it.value();
      last = i;
      if (pauseMillis > 0 && count == (b - a) / 4) {
        Thread.sleep(pauseMillis);
      }
      if (forward) {
        it.next();
      } else {
        it.prev();
      }
    }
    return seen;
  }

  private void takeSnapshot() throws IOException, InterruptedException {
    int[] r = range();
    int a = r[0];
    int b = r[1];
    long[] pre = committed(a, b);
    Snapshot snapshot = db.getSnapshot();
    long[] post = started(a, b);
    byte[][] seen = new byte[b - a][];
    ReadOptions at = readOptions(snapshot);
    for (int i = a; i < b; i++) {
      seen[i - a] = db.get(at, ExpectedState.key(i));
    }
    judgeRange(a, b, seen, pre, post, "snapshot read");
    stress.snapshotReads.increment();
    held.addLast(new HeldSnapshot(snapshot, a, b, seen, System.nanoTime()));
    if (held.size() > MAX_HELD_SNAPSHOTS) {
      rereadOldestSnapshot();
    }
  }

  /** Reads the oldest held snapshot again, both ways by iterator: it must read the same. */
  private void rereadOldestSnapshot() throws IOException, InterruptedException {
    HeldSnapshot h = held.pollFirst();
    if (h == null) {
      return;
    }
    try (Snapshot s = h.snapshot) {
      for (boolean forward : new boolean[] {true, false}) {
        byte[][] again;
        try (DbIterator it = db.newIterator(readOptions(s))) {
          again = read(it, h.a, h.b, forward, 0);
        }
        for (int i = h.a; i < h.b; i++) {
          if (!Arrays.equals(again[i - h.a], h.seen[i - h.a])) {
            throw new AssertionError(String.format("snapshot %s taken %d ms ago: key %d read "
                    + "%s by get then %s by %s iterator", s,
                (System.nanoTime() - h.takenNanos) / 1_000_000, i,
                DbStress.describe(state, i, h.seen[i - h.a]),
                DbStress.describe(state, i, again[i - h.a]), forward ? "forward" : "backward"));
          }
        }
      }
    }
    stress.snapshotRereads.increment();
  }

  private void judgeRange(int a, int b, byte[][] seen, long[] pre, long[] post, String what) {
    for (int i = a; i < b; i++) {
      judge(i, seen[i - a], pre[i - a], post[i - a], what);
    }
    // Groups wholly inside the range were read at one point in time: one write each.
    byte[][] members = new byte[ExpectedState.GROUP_SIZE][];
    for (int i = a; i < b; i++) {
      int group = state.groupOf(i);
      if (group < 0 || state.memberOf(i) != 0) {
        continue;
      }
      int writer = i % state.writers;
      int lastMember = state.groupMember(writer, group, ExpectedState.GROUP_SIZE - 1);
      if (lastMember >= b) {
        continue;
      }
      for (int m = 0; m < ExpectedState.GROUP_SIZE; m++) {
        members[m] = seen[state.groupMember(writer, group, m) - a];
      }
      String wrong = state.checkGroup(writer, group, members);
      if (!wrong.isEmpty()) {
        throw new AssertionError(what + ": " + wrong);
      }
    }
  }

  private void judge(int i, byte[] seen, long pre, long post, String what) {
    String wrong = state.check(i, seen, pre, post);
    if (wrong == null) {
      stress.undecided.increment();
    } else if (!wrong.isEmpty()) {
      throw new AssertionError(what + ": " + wrong);
    } else {
      stress.keysChecked.increment();
    }
  }
}
