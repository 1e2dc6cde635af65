package io.strata.bench.jmh;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.WriteOptions;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Point lookups through the whole read path of a database ({@code Db.get}: memtables, the
 * pinned Version, table cache, filters, block cache, memory-mapped tables) from one thread and
 * from two, db_bench {@code readrandom} warmed up: the score of {@code get} is lookups per
 * second of its one thread, that of {@code getTwoThreads} the lookups per second of both
 * threads together, so their ratio is how lookups scale to a second core.
 *
 * <p>The database is built once per fork: {@code keys} keys of 16 bytes in a shuffled order
 * with 100-byte values, on LevelDB's shape ({@link Options#levelDbDefaults()}: 4 MiB write
 * buffer, 8 MiB block cache, 2 MiB tables), bloom filters of 10 bits per key and no
 * compression, as the README's db_bench comparison; then flushed and left until no compaction
 * is due, so that no background work competes with the lookups. Every key looked up is
 * present. The database lives in the temporary-file directory ({@code java.io.tmpdir}).
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DbGetBenchmark {
  /** Bytes of each value. */
  static final int VALUE_BYTES = 100;

  /** Keys in the database (every one present). */
  @Param({"1000000"})
  public int keys;

  /**
   * Whether each lookup verifies the CRC32C of the blocks it reads ({@link
   * ReadOptions#verifyChecksums()}, true by default): a data block missing from the block cache
   * is then read whole, 4 KiB, where a lookup without it touches the entries its search visits.
   */
  @Param({"true"})
  public boolean verifyChecksums;

  private Path dir;
  private Db db;
  private ReadOptions readOptions;

  /** One lookup thread's own key sequence. */
  @State(Scope.Thread)
  public static class Lookups {
    private final byte[] key = new byte[BenchData.KEY_BYTES];
    private SplittableRandom random;

    /** Seeds this thread's sequence apart from every other thread's. */
    @Setup
    public void setUp() {
      random = new SplittableRandom(BenchData.SEED + Thread.currentThread().getId());
    }

    /** The key of a random index of [0, keys), written in place as BenchData.key spells it. */
    byte[] next(int keys) {
      BenchData.formatKey(random.nextInt(keys), key);
      return key;
    }
  }

  /** Builds the database and waits until no compaction is due. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = BenchData.newTempDir("db-get");
    db = Strata.open(dir, Options.builder().levelDbDefaults().bloomBitsPerKey(10)
        .compression(CompressionType.NONE).build());
    byte[][] order = BenchData.shuffled(BenchData.sortedKeys(keys, 1), BenchData.SEED);
    SplittableRandom random = new SplittableRandom(BenchData.SEED);
    WriteOptions unsynced = new WriteOptions(false, false);
    for (byte[] key : order) {
      db.put(unsynced, key, BenchData.value(VALUE_BYTES, random));
    }
    db.flush();
    db.waitForCompactions();
    readOptions = ReadOptions.builder().verifyChecksums(verifyChecksums).build();
  }

  /** Closes and deletes the database. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (db != null) {
      db.close();
    }
    BenchData.deleteTree(dir);
  }

  /** One lookup of a random present key, from one thread. */
  @Benchmark
  @Threads(1)
  public byte[] get(Lookups lookups) throws IOException {
    return db.get(readOptions, lookups.next(keys));
  }

  /** One lookup of a random present key, from each of two threads. */
  @Benchmark
  @Threads(2)
  public byte[] getTwoThreads(Lookups lookups) throws IOException {
    return db.get(readOptions, lookups.next(keys));
  }
}
