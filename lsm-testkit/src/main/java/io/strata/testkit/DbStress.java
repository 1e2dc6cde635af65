package io.strata.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.Range;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A concurrency stress run in the manner of RocksDB's {@code db_stress}: writer threads, reader
 * threads and a compacting thread on one database for a set time, every read checked against
 * the expected state, then every key checked once more before and after a reopen.
 *
 * <p>Each writer owns a stripe of the keys (see {@link ExpectedState} for the layout) and writes
 * puts, deletes, batches of random keys of its stripe, and batches over whole key groups,
 * recording per key the version of the last write that began and the last that returned.
 * Readers run gets, forward and backward scans over key ranges, iterators kept open across
 * compactions, and snapshot reads that they read again, by iterator both ways, after later
 * writes and compactions. Each key a read sees must show a version written between the read's
 * start and its point in time; a group must show one write on all its members (batches are
 * atomic, scans and snapshots are one point in time); a snapshot must read the same every time.
 * A compacting thread runs {@code compactRange} over random ranges (and sometimes everything) and
 * asks for approximate sizes; the small write buffer of the caller's {@link Options} keeps
 * flushes and automatic compactions going too.
 *
 * <p>Plugins run it with their own {@link Options} (a strategy, a table format, a file system).
 * Not thread-safe: one {@link #run()} at a time.
 */
public final class DbStress {
  private final Path dir;
  private final Options options;
  private final int writerThreads;
  private final int readerThreads;
  private final Duration duration;
  private final long seed;
  private final int singlesPerWriter;
  private final int groupsPerWriter;

  final LongAdder puts = new LongAdder();
  final LongAdder deletes = new LongAdder();
  final LongAdder batches = new LongAdder();
  final LongAdder groupBatches = new LongAdder();
  final LongAdder gets = new LongAdder();
  final LongAdder forwardScans = new LongAdder();
  final LongAdder backwardScans = new LongAdder();
  final LongAdder longLivedIterators = new LongAdder();
  final LongAdder snapshotReads = new LongAdder();
  final LongAdder snapshotRereads = new LongAdder();
  final LongAdder keysChecked = new LongAdder();
  final LongAdder undecided = new LongAdder();
  final LongAdder compactRanges = new LongAdder();

  private DbStress(Builder b) {
    this.dir = b.dir;
    this.options = b.options;
    this.writerThreads = b.writerThreads;
    this.readerThreads = b.readerThreads;
    this.duration = b.duration;
    this.seed = b.seed;
    this.singlesPerWriter = b.singlesPerWriter;
    this.groupsPerWriter = b.groupsPerWriter;
  }

  /**
   * A run on {@code dir} (created if missing; it should be empty) opened with {@code options}.
   *
   * @param dir the database's directory
   * @param options the options the database is opened with
   * @return a builder of the run, with the defaults its setters name
   */
  public static Builder builder(Path dir, Options options) {
    return new Builder(checkNotNull(dir, "dir"), checkNotNull(options, "options"));
  }

  /** What a run did; every count is of operations that completed and were checked. */
  public record Report(long puts, long deletes, long batches, long groupBatches, long gets,
      long forwardScans, long backwardScans, long longLivedIterators, long snapshotReads,
      long snapshotRereads, long compactRanges, long keysChecked, long undecidedReads) {
    @Override
    public String toString() {
      return String.format("writes: %d puts, %d deletes, %d batches, %d group batches; reads: "
              + "%d gets, %d forward scans, %d backward scans, %d long-lived iterators, %d "
              + "snapshot reads, %d snapshot re-reads; %d compactRange calls; %d key reads "
              + "checked, %d undecided (absent while several writes overlapped the read)", puts,
          deletes, batches, groupBatches, gets, forwardScans, backwardScans, longLivedIterators,
          snapshotReads, snapshotRereads, compactRanges, keysChecked, undecidedReads);
    }
  }

  /**
   * Runs the stress for the configured duration, then checks every key, reopens the database and
   * checks every key again. The database is closed when this returns or throws.
   *
   * @return what the run did
   * @throws AssertionError if a read saw what no correct database could show; its message names
   *     the key, what was seen and what was expected, and the seed
   * @throws IOException if the database fails (a failed read in a thread is an AssertionError
   *     whose cause is the IOException)
   * @throws InterruptedException if the calling thread is interrupted while the run waits for
   *     its threads
   */
  public Report run() throws IOException, InterruptedException {
    ExpectedState state = new ExpectedState(seed, writerThreads, singlesPerWriter,
        groupsPerWriter);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long deadline = System.nanoTime() + duration.toNanos();
    try (Db db = Strata.open(dir, options)) {
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writerThreads; w++) {
        final int writer = w;
        threads.add(thread("stress-writer-" + w, failure, deadline,
            () -> writeLoop(db, state, writer, failure, deadline)));
      }
      for (int r = 0; r < readerThreads; r++) {
        StressReader reader = new StressReader(this, db, state, new Random(seed * 7919 + r));
        threads.add(thread("stress-reader-" + r, failure, deadline,
            () -> reader.loop(() -> failure.get() == null && System.nanoTime() < deadline)));
      }
      threads.add(thread("stress-compactor", failure, deadline,
          () -> compactLoop(db, state, failure, deadline)));
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join(TimeUnit.NANOSECONDS.toMillis(duration.toNanos()) + TimeUnit.MINUTES.toMillis(5));
        if (t.isAlive()) {
          throw new AssertionError(t.getName() + " did not stop; seed " + seed);
        }
      }
      if (failure.get() != null) {
        Throwable t = failure.get();
        throw new AssertionError(t.getMessage() + " (seed " + seed + ")", t);
      }
      verifyAll(db, state, "after the run");
    }
    try (Db db = Strata.open(dir, options)) {
      verifyAll(db, state, "after a reopen");
    }
    return new Report(puts.sum(), deletes.sum(), batches.sum(), groupBatches.sum(), gets.sum(),
        forwardScans.sum(), backwardScans.sum(), longLivedIterators.sum(), snapshotReads.sum(),
        snapshotRereads.sum(), compactRanges.sum(), keysChecked.sum(), undecided.sum());
  }

  /** A body that may throw. */
  private interface Body {
    void run() throws Exception;
  }

  private static Thread thread(String name, AtomicReference<Throwable> failure, long deadline,
      Body body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable e) {
        failure.compareAndSet(null, new AssertionError(name + ": " + e, e));
      }
    }, name);
    t.setDaemon(true);
    return t;
  }

  private void writeLoop(Db db, ExpectedState state, int writer, AtomicReference<Throwable> failure,
      long deadline) throws IOException {
    Random rnd = new Random(seed * 31 + writer);
    int[] keys = new int[ExpectedState.GROUP_SIZE + 8];
    for (long version = 1; failure.get() == null && System.nanoTime() < deadline; version++) {
      int p = rnd.nextInt(100);
      int n;
      if (p < 50 || singlesPerWriter < 16) {
        n = 1;
        keys[0] = state.singleKey(writer, rnd.nextInt(singlesPerWriter));
      } else if (p < 75) {
        n = 2 + rnd.nextInt(7);
        int j0 = rnd.nextInt(singlesPerWriter);
        int stride = 1 + rnd.nextInt(singlesPerWriter / n);
        for (int m = 0; m < n; m++) {
          keys[m] = state.singleKey(writer, (j0 + m * stride) % singlesPerWriter); // distinct
        }
      } else {
        n = ExpectedState.GROUP_SIZE;
        int group = rnd.nextInt(groupsPerWriter);
        for (int m = 0; m < n; m++) {
          keys[m] = state.groupMember(writer, group, m);
        }
      }
      WriteOptions wo = rnd.nextInt(100) == 0 ? WriteOptions.SYNC : WriteOptions.DEFAULT;
      for (int m = 0; m < n; m++) {
        state.started.set(keys[m], version);
      }
      if (n == 1) {
        if (state.isDelete(keys[0], version)) {
          db.delete(wo, ExpectedState.key(keys[0]));
          deletes.increment();
        } else {
          db.put(wo, ExpectedState.key(keys[0]), state.value(keys[0], version));
          puts.increment();
        }
      } else {
        WriteBatch batch = new WriteBatch();
        for (int m = 0; m < n; m++) {
          if (state.isDelete(keys[m], version)) {
            batch.delete(ExpectedState.key(keys[m]));
          } else {
            batch.put(ExpectedState.key(keys[m]), state.value(keys[m], version));
          }
        }
        db.write(wo, batch);
        (p < 75 ? batches : groupBatches).increment();
      }
      for (int m = 0; m < n; m++) {
        state.committed.set(keys[m], version);
      }
    }
  }

  private void compactLoop(Db db, ExpectedState state, AtomicReference<Throwable> failure,
      long deadline) throws IOException, InterruptedException {
    Random rnd = new Random(seed * 17 + 3);
    while (failure.get() == null && System.nanoTime() < deadline) {
      Thread.sleep(50 + rnd.nextInt(200));
      int a = rnd.nextInt(state.numKeys);
      int b = Math.min(state.numKeys - 1, a + rnd.nextInt(state.numKeys / 3 + 1));
      if (rnd.nextInt(10) == 0) {
        db.compactRange(null, null);
      } else {
        db.compactRange(ExpectedState.key(a), ExpectedState.key(b));
      }
      compactRanges.increment();
      long[] sizes = db.getApproximateSizes(List.of(
          new Range(ExpectedState.key(a), ExpectedState.key(b))));
      if (sizes[0] < 0) {
        throw new AssertionError("negative approximate size " + sizes[0]);
      }
    }
  }

  /** With no write in flight: every key by get and by a scan both ways equals its last write. */
  private void verifyAll(Db db, ExpectedState state, String when) throws IOException {
    byte[][] expected = new byte[state.numKeys][];
    for (int i = 0; i < state.numKeys; i++) {
      expected[i] = state.expectedAfter(i, state.committed.get(i));
      byte[] actual = db.get(ExpectedState.key(i));
      if (!Arrays.equals(actual, expected[i])) {
        throw new AssertionError(when + ": key " + i + " is " + describe(state, i, actual)
            + ", expected " + describe(state, i, expected[i]) + " (seed " + seed + ")");
      }
    }
    try (DbIterator it = db.newIterator()) {
      int next = 0;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        next = expectNext(state, expected, it, next, 1, when);
      }
      expectNone(expected, next, 1, when);
      next = state.numKeys - 1;
      for (it.seekToLast(); it.isValid(); it.prev()) {
        next = expectNext(state, expected, it, next, -1, when);
      }
      expectNone(expected, next, -1, when);
    }
    keysChecked.add(3L * state.numKeys);
  }

  /** Checks the iterator's entry is the next present key from {@code from} in {@code dir}. */
  private int expectNext(ExpectedState state, byte[][] expected, DbIterator it, int from,
      int dir, String when) {
    int i = from;
    while (i >= 0 && i < expected.length && expected[i] == null) {
      i += dir;
    }
    int actual = state.indexOf(it.key());
    if (i < 0 || i >= expected.length) {
      throw new AssertionError(when + ": scan shows key " + actual + " = "
          + describe(state, actual, it.value()) + " after the last present key (seed " + seed
          + ")");
    }
    if (actual != i || !Arrays.equals(it.value(), expected[i])) {
      throw new AssertionError(when + ": scan shows key " + actual + " = "
          + describe(state, actual, it.value()) + ", expected key " + i + " (seed " + seed
          + ")");
    }
    return i + dir;
  }

  private void expectNone(byte[][] expected, int from, int dir, String when) {
    for (int i = from; i >= 0 && i < expected.length; i += dir) {
      if (expected[i] != null) {
        throw new AssertionError(when + ": scan ended before key " + i + " (seed " + seed + ")");
      }
    }
  }

  static String describe(ExpectedState state, int i, byte[] v) {
    if (v == null) {
      return "absent";
    }
    long version = i < 0 ? -1 : state.versionOf(i, v);
    return version < 0 ? "a foreign value of " + v.length + " bytes" : "version " + version;
  }

  /** Settings of a {@link DbStress} run. */
  public static final class Builder {
    private final Path dir;
    private final Options options;
    private int writerThreads = 4;
    private int readerThreads = 4;
    private Duration duration = Duration.ofSeconds(10);
    private long seed = System.nanoTime();
    private int singlesPerWriter = 1000;
    private int groupsPerWriter = 50;

    private Builder(Path dir, Options options) {
      this.dir = dir;
      this.options = options;
    }

    /**
     * Writer threads, each with its own stripe of keys; default 4.
     *
     * @param n writer threads, 1 to 64
     * @return this builder
     */
    public Builder writerThreads(int n) {
      checkArgument(n >= 1 && n <= 64, "writerThreads must be in [1, 64], was %s", n);
      this.writerThreads = n;
      return this;
    }

    /**
     * Reader threads; default 4.
     *
     * @param n reader threads, 0 to 64
     * @return this builder
     */
    public Builder readerThreads(int n) {
      checkArgument(n >= 0 && n <= 64, "readerThreads must be in [0, 64], was %s", n);
      this.readerThreads = n;
      return this;
    }

    /**
     * How long the threads run, before the final checks; default 10 s.
     *
     * @param d how long, not negative
     * @return this builder
     */
    public Builder duration(Duration d) {
      checkNotNull(d, "duration");
      checkArgument(!d.isNegative(), "duration must not be negative, was %s", d);
      this.duration = d;
      return this;
    }

    /**
     * The seed of every random choice; default {@link System#nanoTime()}.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Keys per writer: {@code singles} written one by one or in random batches, and
     * {@code groups} groups of 5 keys written whole; defaults
     * 1000 and 50.
     *
     * @param singles keys written one by one or in batches, at least 1
     * @param groups groups of keys written whole, at least 1
     * @return this builder
     */
    public Builder keysPerWriter(int singles, int groups) {
      checkArgument(singles >= 1, "singles must be at least 1, was %s", singles);
      checkArgument(groups >= 1, "groups must be at least 1, was %s", groups);
      this.singlesPerWriter = singles;
      this.groupsPerWriter = groups;
      return this;
    }

    /**
     * @return the configured run
     * @throws IllegalArgumentException if the keys of all writers number 10,000,000 or more
     *     (keys are {@code k} and 7 digits)
     */
    public DbStress build() {
      long keys = (long) (singlesPerWriter + groupsPerWriter * ExpectedState.GROUP_SIZE)
          * writerThreads;
      checkArgument(keys < 10_000_000, "too many keys: %s writers x (%s singles + %s groups)",
          writerThreads, singlesPerWriter, groupsPerWriter);
      return new DbStress(this);
    }
  }
}
