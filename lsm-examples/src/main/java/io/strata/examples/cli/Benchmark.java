package io.strata.examples.cli;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.annotations.VisibleForTesting;
import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.WriteOptions;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.examples.timewindow.TimeWindowCompactionStrategyProvider;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs LevelDB's db_bench workloads (google/leveldb {@code benchmarks/db_bench.cc}) against a
 * Strata database and prints db_bench's report, one line per workload plus latency percentiles,
 * then the database's per-level shape ({@code strata.stats}).
 *
 * <p>Workloads, as db_bench defines them ({@code num} entries, {@code reads} reads, keys
 * {@code %016d} of an index drawn uniformly from [0, num)):
 *
 * <ul>
 *   <li>{@code fillseq}: num puts of keys 0..num-1 in order, into a fresh database
 *   <li>{@code fillrandom}: num puts of random keys into a fresh database (about 63% of the
 *       indexes end up present, 1 - 1/e)
 *   <li>{@code overwrite}: num puts of random keys into the existing database
 *   <li>{@code fillsync}: num/1000 puts of random keys with {@code sync=true}, fresh database
 *   <li>{@code readrandom}: reads gets of random keys, reporting how many were found
 *   <li>{@code readmissing}: reads gets of keys that are never present (a random key less its last
 *       byte)
 *   <li>{@code readhot}: reads gets of random keys among the first 1% of indexes
 *   <li>{@code readseq} / {@code readreverse}: one iterator pass over up to reads entries,
 *       forwards / backwards
 *   <li>{@code seekrandom}: reads seeks to random keys, each with a new iterator
 *   <li>{@code deleteseq} / {@code deleterandom}: num deletes of keys in order / at random
 *   <li>{@code mergerandom}: num {@code uint64add} merges of 1 (an 8-byte little-endian counter
 *       increment) into keys drawn uniformly or, with {@code mergeKeys} {@code zipfian}, from a
 *       scrambled Zipfian distribution (see {@link ZipfianKeys}); the database is opened with the
 *       {@code uint64add} merge operator whenever the run holds this workload. A {@code
 *       readrandom} after it reads the counters.
 *   <li>{@code compact}: one {@code compactRange(null, null)}
 *   <li>{@code stats} / {@code sstables}: print that property of the database
 *   <li>{@code space}: space amplification, live table bytes over the bytes of the live keys
 *       and values a full scan returns
 * </ul>
 *
 * With {@code threads > 1} each thread runs the whole workload at once, as in db_bench. Each fresh
 * database workload closes the database, deletes it (see {@link BenchDirectory}) and opens it
 * again.
 *
 * <p>Confined to the calling thread, which starts and joins the worker threads.
 */
final class Benchmark {
  /** The workloads run when none are named. */
  static final List<String> DEFAULT_BENCHMARKS = List.of("fillseq", "fillsync", "fillrandom",
      "overwrite", "readrandom", "readseq", "readreverse", "seekrandom", "deleterandom");

  /** Every workload name this runner knows. */
  static final Set<String> KNOWN = Set.of("fillseq", "fillrandom", "overwrite", "fillsync",
      "readrandom", "readmissing", "readhot", "readseq", "readreverse", "seekrandom", "deleteseq",
      "deleterandom", "deleterange", "compact", "waitforcompaction", "stats", "sstables", "space",
      "mergerandom");

  /** deleterange: keys per range deletion (RocksDB db_bench's {@code range_tombstone_width}). */
  static final int RANGE_TOMBSTONE_WIDTH = 1000;

  /** deleterange: puts per range deletion ({@code writes_per_range_tombstone}). */
  static final int WRITES_PER_RANGE_TOMBSTONE = 100;

  /** db_bench's compression ratio of values: each value shrinks to about half. */
  static final double COMPRESSION_RATIO = 0.5;

  /** What bench says when run with the time-window strategy, whose keys it does not write. */
  static final String TIME_WINDOW_WARNING = "warning: time-window reads a big-endian millisecond"
      + " timestamp from each key's first 8 bytes, but bench's keys are 16 ASCII digits and all"
      + " fall in one window: the figures do not show time-window compaction of time series";

  /** Nanoseconds between two "... finished N ops" redraws of the bar: at most 5 per second. */
  private static final long PROGRESS_INTERVAL_NANOS = 200_000_000L;

  /**
   * Nanoseconds between two progress lines when standard error is not a terminal: often enough
   * that a CI log shows a long workload moving, seldom enough that a run stays readable.
   */
  static final long PROGRESS_LINE_INTERVAL_NANOS = 5_000_000_000L;

  /**
   * What to run.
   *
   * @param benchmarks workload names, each in {@link #KNOWN}, run in order
   * @param num entries of the fills and deletes, and the key space [0, num); >= 1
   * @param reads operations of the reads and seeks; >= 0
   * @param valueSizeBytes bytes per value, in [1, 1 MiB]
   * @param seed seeds the value pool ({@code seed}) and the n-th worker thread started in the
   *     run, n from 1 ({@code seed + 699 + n}): with db_bench's 301 these are db_bench's 301 and
   *     1000 + n, so the same keys come in the same order
   * @param threads threads running each workload at once; >= 1
   * @param useExistingDb keep the database in {@code directory}; fresh-database workloads are then
   *     skipped
   * @param force delete the database in {@code directory} even when bench did not create it
   *     (see {@link BenchDirectory})
   * @param directory the database directory
   * @param options how to open it; {@code createIfMissing} is set here from {@code useExistingDb}
   * @param histogram time every operation and report latency percentiles (db_bench's
   *     {@code --histogram}); off, the loops read no clock per operation
   * @param zipfianMerges whether {@code mergerandom} draws its keys from a Zipfian distribution
   *     rather than uniformly
   */
  record Config(List<String> benchmarks, int num, int reads, int valueSizeBytes, long seed,
      int threads, boolean useExistingDb, boolean force, Path directory, Options options,
      boolean histogram, boolean zipfianMerges) {
    Config {
      benchmarks = List.copyOf(benchmarks);
    }

    /** As the canonical constructor, with uniform {@code mergerandom} keys. */
    Config(List<String> benchmarks, int num, int reads, int valueSizeBytes, long seed,
        int threads, boolean useExistingDb, boolean force, Path directory, Options options,
        boolean histogram) {
      this(benchmarks, num, reads, valueSizeBytes, seed, threads, useExistingDb, force, directory,
          options, histogram, false);
    }
  }

  private final Config config;
  private final DbOpener opener;
  private final PrintWriter out;
  private final PrintWriter err;
  private final ProgressMode progress;
  private final long lineIntervalNanos;
  private final ValueGenerator.Pool pool;
  private Db db;
  private int threadsStarted;

  /**
   * @param out where the report goes
   * @param err where progress goes
   * @param progress {@link ProgressMode#BAR} (redrawn in place), {@link ProgressMode#LINES} (one
   *     line every {@link #PROGRESS_LINE_INTERVAL_NANOS}) or {@link ProgressMode#NONE}
   */
  Benchmark(Config config, DbOpener opener, PrintWriter out, PrintWriter err,
      ProgressMode progress) {
    this(config, opener, out, err, progress, PROGRESS_LINE_INTERVAL_NANOS);
  }

  /** As above, with {@code lineIntervalNanos} between two progress lines. */
  @VisibleForTesting
  Benchmark(Config config, DbOpener opener, PrintWriter out, PrintWriter err,
      ProgressMode progress, long lineIntervalNanos) {
    checkArgument(progress != ProgressMode.AUTO, "progress must be resolved, was %s", progress);
    this.config = config;
    this.opener = opener;
    this.out = out;
    this.err = err;
    this.progress = progress;
    this.lineIntervalNanos = lineIntervalNanos;
    this.pool = new ValueGenerator.Pool(config.seed(), COMPRESSION_RATIO);
  }

  /**
   * Prints the header, runs every workload and prints the database's statistics; the database is
   * closed at the end, also after a failure.
   *
   * @throws IOException when the database may not be deleted (not bench's own, or open; then
   *     nothing was touched), or when the database fails
   */
  void run() throws IOException {
    if (!config.useExistingDb()) {
      BenchDirectory.checkMayRecreate(config.directory(), config.force());
      BenchDirectory.clear(fileSystem(), config.directory());
    }
    printHeader();
    db = open();
    try {
      for (String name : config.benchmarks()) {
        runOne(name);
      }
      out.println();
      StatsCommand.printProperty(db, "strata.stats", out);
      out.flush();
    } catch (IOException | RuntimeException e) {
      closeQuietlyAfter(e);
      throw e;
    }
    closeDb();
  }

  private void runOne(String name) throws IOException {
    int num = config.num();
    Workload workload;
    boolean fresh = false;
    switch (name) {
      case "fillseq":
        fresh = true;
        workload = t -> write(t, num, true, WriteOptions.DEFAULT);
        break;
      case "fillrandom":
        fresh = true;
        workload = t -> write(t, num, false, WriteOptions.DEFAULT);
        break;
      case "overwrite":
        workload = t -> write(t, num, false, WriteOptions.DEFAULT);
        break;
      case "fillsync":
        fresh = true;
        workload = t -> write(t, num / 1000, false, WriteOptions.SYNC);
        break;
      case "readrandom":
        workload = t -> readRandom(t, num, false, true);
        break;
      case "readhot":
        workload = t -> readRandom(t, (num + 99) / 100, false, false);
        break;
      case "readmissing":
        workload = t -> readRandom(t, num, true, false);
        break;
      case "readseq":
        workload = t -> readSequential(t, true);
        break;
      case "readreverse":
        workload = t -> readSequential(t, false);
        break;
      case "seekrandom":
        workload = this::seekRandom;
        break;
      case "deleteseq":
        workload = t -> delete(t, true);
        break;
      case "deleterandom":
        workload = t -> delete(t, false);
        break;
      case "deleterange":
        fresh = true;
        workload = this::deleteRange;
        break;
      case "compact":
        workload = this::compact;
        break;
      case "waitforcompaction":
        workload = this::waitForCompaction;
        break;
      case "mergerandom":
        workload = t -> mergeRandom(t, num);
        break;
      case "space":
        printSpaceAmplification();
        return;
      case "stats":
      case "sstables":
        out.println();
        StatsCommand.printProperty(db, "strata." + name, out);
        out.flush();
        return;
      default:
        throw new IllegalArgumentException("unknown benchmark '" + name + "'");
    }
    if (fresh) {
      if (config.useExistingDb()) {
        out.printf(Locale.ROOT, "%-12s : skipped (--use-existing-db is set)%n", name);
        out.flush();
        return;
      }
      closeDb();
      BenchDirectory.clear(fileSystem(), config.directory());
      db = open();
    }
    out.print(runThreads(name, workload).report(name));
    out.flush();
  }

  /**
   * Space amplification: the bytes of live tables over the bytes of the live data (keys and
   * values a full scan returns), after flushing nothing: the memtable's data counts as live but
   * not as table bytes, so a small memtable barely moves the ratio.
   */
  private void printSpaceAmplification() throws IOException {
    long liveBytes = 0;
    long keys = 0;
    try (io.strata.api.DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        liveBytes += it.key().length + it.value().length;
        keys++;
      }
    }
    long tableBytes = db.statistics().liveTableBytes();
    out.printf(Locale.ROOT, "%-12s : %.1f MB of tables for %.1f MB of live data (%d keys):"
            + " space amplification %.2f%n", "space", tableBytes / 1048576.0,
        liveBytes / 1048576.0, keys, liveBytes == 0 ? 0.0 : (double) tableBytes / liveBytes);
    out.flush();
  }

  // ---- the workloads ------------------------------------------------------------------------

  /** One workload on one thread. */
  @FunctionalInterface
  private interface Workload {
    void run(ThreadState t) throws IOException;
  }

  private void write(ThreadState t, int n, boolean sequential, WriteOptions options)
      throws IOException {
    ValueGenerator values = new ValueGenerator(pool);
    int valueSize = config.valueSizeBytes();
    for (int i = 0; i < n; i++) {
      // Fresh arrays per put: the API does not promise that put copies what it is handed.
      byte[] key = BenchKeys.key(sequential ? i : t.random.uniform(config.num()));
      byte[] value = values.generate(valueSize);
      long start = t.clock();
      db.put(options, key, value);
      t.finishedOp(start);
    }
    t.stats.addBytes((long) n * (BenchKeys.KEY_BYTES + valueSize));
  }

  /** {@code n} merges of a {@code uint64add} increment of 1 into random keys of [0, num). */
  private void mergeRandom(ThreadState t, int n) throws IOException {
    byte[] one = {1, 0, 0, 0, 0, 0, 0, 0}; // fixed64 little-endian 1
    ZipfianKeys zipfian = config.zipfianMerges() ? new ZipfianKeys(config.num(), t.random) : null;
    for (int i = 0; i < n; i++) {
      byte[] key = BenchKeys.key(zipfian != null ? zipfian.next() : t.random.uniform(config.num()));
      long start = t.clock();
      db.merge(WriteOptions.DEFAULT, key, one);
      t.finishedOp(start);
    }
    t.stats.addBytes((long) n * (BenchKeys.KEY_BYTES + one.length));
  }

  /**
   * {@code reads} gets of keys drawn from [0, range); {@code missing} drops each key's last byte,
   * giving a key that is never present; {@code reportFound} adds db_bench's "(F of N found)".
   */
  private void readRandom(ThreadState t, int range, boolean missing, boolean reportFound)
      throws IOException {
    byte[] key = new byte[BenchKeys.KEY_BYTES];
    byte[] shortKey = new byte[BenchKeys.KEY_BYTES - 1];
    int found = 0;
    for (int i = 0; i < config.reads(); i++) {
      BenchKeys.format(t.random.uniform(range), key);
      byte[] target = key;
      if (missing) {
        System.arraycopy(key, 0, shortKey, 0, shortKey.length);
        target = shortKey;
      }
      long start = t.clock();
      byte[] value = db.get(target);
      t.finishedOp(start);
      if (value != null) {
        found++;
      }
    }
    if (reportFound) {
      t.stats.addMessage(String.format(Locale.ROOT, "(%d of %d found)", found, config.num()));
    }
  }

  private void readSequential(ThreadState t, boolean forward) throws IOException {
    long bytes = 0;
    try (DbIterator it = db.newIterator()) {
      if (forward) {
        it.seekToFirst();
      } else {
        it.seekToLast();
      }
      for (int i = 0; i < config.reads() && it.isValid(); i++) {
        long start = t.clock();
        bytes += it.key().length + it.value().length;
        if (forward) {
          it.next();
        } else {
          it.prev();
        }
        t.finishedOp(start);
      }
    }
    t.stats.addBytes(bytes);
  }

  private void seekRandom(ThreadState t) throws IOException {
    byte[] key = new byte[BenchKeys.KEY_BYTES];
    int found = 0;
    for (int i = 0; i < config.reads(); i++) {
      BenchKeys.format(t.random.uniform(config.num()), key);
      long start = t.clock();
      try (DbIterator it = db.newIterator()) {
        it.seek(key);
        if (it.isValid() && Arrays.equals(it.key(), key)) {
          found++;
        }
      }
      t.finishedOp(start);
    }
    t.stats.addMessage(String.format(Locale.ROOT, "(%d of %d found)", found, config.num()));
  }

  private void delete(ThreadState t, boolean sequential) throws IOException {
    for (int i = 0; i < config.num(); i++) {
      byte[] key = BenchKeys.key(sequential ? i : t.random.uniform(config.num()));
      long start = t.clock();
      db.delete(WriteOptions.DEFAULT, key);
      t.finishedOp(start);
    }
  }

  /**
   * {@code num} operations on random keys of [0, num): puts, with every
   * {@value #WRITES_PER_RANGE_TOMBSTONE}th a {@code deleteRange} of the
   * {@value #RANGE_TOMBSTONE_WIDTH} keys from a random one (RocksDB db_bench's
   * {@code writes_per_range_tombstone} and {@code range_tombstone_width}); each is one op.
   */
  private void deleteRange(ThreadState t) throws IOException {
    ValueGenerator values = new ValueGenerator(pool);
    int valueSize = config.valueSizeBytes();
    long bytes = 0;
    for (int i = 0; i < config.num(); i++) {
      int k = t.random.uniform(config.num());
      long start;
      if ((i + 1) % WRITES_PER_RANGE_TOMBSTONE == 0) {
        byte[] begin = BenchKeys.key(k);
        byte[] end = BenchKeys.key(k + RANGE_TOMBSTONE_WIDTH);
        start = t.clock();
        db.deleteRange(WriteOptions.DEFAULT, begin, end);
        bytes += 2L * BenchKeys.KEY_BYTES;
      } else {
        byte[] key = BenchKeys.key(k);
        byte[] value = values.generate(valueSize);
        start = t.clock();
        db.put(WriteOptions.DEFAULT, key, value);
        bytes += BenchKeys.KEY_BYTES + valueSize;
      }
      t.finishedOp(start);
    }
    t.stats.addBytes(bytes);
  }

  private void compact(ThreadState t) throws IOException {
    long start = t.clock();
    db.compactRange(null, null);
    t.finishedOp(start);
  }

  /**
   * RocksDB db_bench's {@code waitforcompaction}: waits until no compaction is running or due,
   * so that the next workload runs without background work competing for the CPU.
   */
  private void waitForCompaction(ThreadState t) throws IOException {
    long start = t.clock();
    db.waitForCompactions();
    t.finishedOp(start);
  }

  // ---- threads, database, header -------------------------------------------------------------

  /**
   * A worker's state: its random keys, its figures, its share of the progress display (the first
   * worker's operations are the ones shown).
   */
  private final class ThreadState {
    final BenchRandom random;
    final BenchStats stats = new BenchStats();
    private final String workload;
    private final boolean showsProgress;
    private final long startNanos = System.nanoTime();
    private long nextProgressNanos;

    ThreadState(String workload, int index, long seed) {
      random = new BenchRandom(seed);
      this.workload = workload;
      showsProgress = progress != ProgressMode.NONE && index == 0;
      nextProgressNanos = progress == ProgressMode.LINES ? startNanos + lineIntervalNanos : 0;
    }

    /** The clock for timing one operation; 0 without {@code --histogram}. */
    long clock() {
      return config.histogram() ? System.nanoTime() : 0;
    }

    /** Counts an operation begun at {@code start}, a value of {@link #clock()}. */
    void finishedOp(long start) {
      stats.finishedOp(config.histogram() ? System.nanoTime() - start : -1);
      if (showsProgress && (stats.done() & 255) == 0) {
        long now = System.nanoTime();
        if (now - nextProgressNanos >= 0) {
          if (progress == ProgressMode.BAR) {
            nextProgressNanos = now + PROGRESS_INTERVAL_NANOS;
            err.printf(Locale.ROOT, "... finished %d ops%30s\r", stats.done(), "");
          } else {
            nextProgressNanos = now + lineIntervalNanos;
            err.printf(Locale.ROOT, "bench: %s: %,d ops in %.1f s%n", workload, stats.done(),
                (now - startNanos) / 1e9);
          }
          err.flush();
        }
      }
    }
  }

  /**
   * Runs {@code workload}, named {@code name}, on {@code threads} threads started together;
   * merges their figures.
   */
  private BenchStats runThreads(String name, Workload workload) throws IOException {
    int n = config.threads();
    List<ThreadState> states = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      threadsStarted++;
      states.add(new ThreadState(name, i, config.seed() + 699 + threadsStarted));
    }
    if (n == 1) {
      runOn(states.get(0), workload);
    } else {
      runConcurrently(states, workload);
    }
    if (progress == ProgressMode.BAR) {
      err.print("\r" + " ".repeat(60) + "\r");
      err.flush();
    }
    BenchStats merged = states.get(0).stats;
    for (int i = 1; i < n; i++) {
      merged.merge(states.get(i).stats);
    }
    return merged;
  }

  private static void runOn(ThreadState state, Workload workload) throws IOException {
    state.stats.start(System.nanoTime());
    workload.run(state);
    state.stats.stop(System.nanoTime());
  }

  private void runConcurrently(List<ThreadState> states, Workload workload) throws IOException {
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>(states.size());
    for (int i = 0; i < states.size(); i++) {
      ThreadState state = states.get(i);
      Thread thread = new Thread(() -> {
        try {
          go.await();
          runOn(state, workload);
        } catch (Throwable e) { // handed to the coordinating thread, which rethrows it
          failure.compareAndSet(null, e);
        }
      }, "bench-" + i);
      threads.add(thread);
      thread.start();
    }
    go.countDown();
    try {
      for (Thread thread : threads) {
        thread.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the benchmark threads");
    }
    Throwable e = failure.get();
    if (e instanceof IOException) {
      throw (IOException) e;
    } else if (e instanceof RuntimeException) {
      throw (RuntimeException) e;
    } else if (e instanceof Error) {
      throw (Error) e;
    } else if (e != null) {
      throw new UncheckedIOException(new IOException(e));
    }
  }

  /** The file system the database is opened on, whose lock guards its deletion. */
  private FileSystem fileSystem() {
    return config.options().fileSystem().orElseGet(LocalFileSystem::new);
  }

  /** Opens the database; one bench creates is marked as bench's own (see {@link BenchDirectory}). */
  private Db open() throws IOException {
    Options.Builder builder = config.options().toBuilder().createIfMissing(!config.useExistingDb());
    if (config.benchmarks().contains("mergerandom")) {
      builder.mergeOperator("uint64add");
    }
    Options options = builder.build();
    Db opened = opener.open(config.directory(), options);
    if (!config.useExistingDb()) {
      try {
        BenchDirectory.mark(config.directory());
      } catch (IOException e) {
        try {
          opened.close();
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed); // the marker's failure is the one to report
        }
        throw e;
      }
    }
    return opened;
  }

  private void closeDb() throws IOException {
    Db d = db;
    db = null;
    if (d != null) {
      d.close();
    }
  }

  private void closeQuietlyAfter(Exception primary) {
    try {
      closeDb();
    } catch (IOException | RuntimeException e) {
      primary.addSuppressed(e); // the first failure is the one to report
    }
  }

  private void printHeader() {
    Options o = config.options();
    int valueSize = config.valueSizeBytes();
    int compressedValue = (int) (valueSize * COMPRESSION_RATIO + 0.5);
    double storedValue = o.compression() == CompressionType.NONE ? valueSize : compressedValue;
    long num = config.num();
    err.printf(Locale.ROOT, "Strata:     Java %s, %d CPUs%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors());
    if (o.compactionStrategy().filter(TimeWindowCompactionStrategyProvider.NAME::equals)
        .isPresent()) {
      // A warning rather than a refusal: the run is sound and measures the engine under this
      // plugin (its trigger, its stalls), just not time-window compaction of time series.
      err.println(TIME_WINDOW_WARNING);
    }
    err.flush();
    out.printf(Locale.ROOT, "Keys:       %d bytes each%n", BenchKeys.KEY_BYTES);
    out.printf(Locale.ROOT, "Values:     %d bytes each (%d bytes after compression)%n",
        valueSize, compressedValue);
    out.printf(Locale.ROOT, "Entries:    %d%n", num);
    out.printf(Locale.ROOT, "RawSize:    %.1f MB (estimated)%n",
        (BenchKeys.KEY_BYTES + valueSize) * num / 1048576.0);
    out.printf(Locale.ROOT, "FileSize:   %.1f MB (estimated)%n",
        (BenchKeys.KEY_BYTES + storedValue) * num / 1048576.0);
    out.printf(Locale.ROOT, "Compression: %s%n", o.compression().name().toLowerCase(Locale.ROOT));
    out.printf(Locale.ROOT, "Strategy:   %s%s%n", o.compactionStrategy().orElse(
        config.useExistingDb() ? "the database's own" : Options.DEFAULT_COMPACTION_STRATEGY),
        o.strategyOptions().isEmpty() ? "" : " " + o.strategyOptions());
    out.printf(Locale.ROOT, "Threads:    %d%n", config.threads());
    out.println("------------------------------------------------");
    out.flush();
  }
}
