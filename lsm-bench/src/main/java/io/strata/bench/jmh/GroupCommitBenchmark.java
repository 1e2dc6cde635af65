package io.strata.bench.jmh;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WriteOptions;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Synced puts through the engine's write path (16-byte keys, 100-byte values, each put an fsync
 * of the write-ahead log), from one thread and from four: with four, the writers queued behind a
 * leader's fsync go into the next group and share its fsync (group commit, google/leveldb
 * {@code DBImpl::Write}), so the puts per second rise with the writers while the fsyncs per second
 * stay. The score is puts per second over all threads. The database lives in the temporary-file
 * directory ({@code java.io.tmpdir}), so the fsync meets a real file system rather than tmpfs.
 * Thread-safe: one database shared by the benchmark's threads.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GroupCommitBenchmark {
  /** Bytes of each value. */
  static final int VALUE_BYTES = 100;

  private static final WriteOptions SYNC = new WriteOptions(true, false);

  private final AtomicLong nextKey = new AtomicLong();
  private Path dir;
  private Db db;
  private byte[] value;

  /** Opens an empty database. */
  @Setup
  public void setUp() throws IOException {
    dir = BenchData.newTempDir("group-commit");
    db = Strata.open(dir, Options.builder().compression(CompressionType.NONE).build());
    value = BenchData.value(VALUE_BYTES, new SplittableRandom(BenchData.SEED));
  }

  /** Closes and deletes the database. */
  @TearDown
  public void tearDown() throws IOException {
    if (db != null) {
      db.close();
    }
    BenchData.deleteTree(dir);
  }

  private void putSynced() throws IOException {
    // Keys in a scrambled order (an odd multiplier permutes the longs), distinct per put.
    db.put(SYNC, BenchData.key((nextKey.getAndIncrement() * 0x9E3779B97F4A7C15L) >>> 11),
        value);
  }

  /** One synced put, one writer: every put pays its own fsync. */
  @Benchmark
  @Threads(1)
  public void putSync1Thread() throws IOException {
    putSynced();
  }

  /** One synced put, four writers: puts queued behind an fsync share the next. */
  @Benchmark
  @Threads(4)
  public void putSync4Threads() throws IOException {
    putSynced();
  }
}
