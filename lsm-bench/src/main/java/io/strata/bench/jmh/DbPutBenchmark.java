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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * One thread's unsynced puts through the engine's write path, as db_bench {@code fillseq}
 * writes them: 16-byte keys in ascending order, 100-byte values, one put per write, a 4 MiB
 * write buffer by default (so memtables switch and flush as the benchmark runs). With {@code wal} false the
 * puts skip the write-ahead log ({@code WriteOptions.disableWal}), which leaves the CPU cost of
 * the put path alone (writer queue, sequence numbers, stall check, memtable insert) without the
 * log's system call. The score is puts per second. The database lives in the temporary-file
 * directory ({@code java.io.tmpdir}). Confined to the benchmark's one thread.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DbPutBenchmark {
  /** Bytes of each value. */
  static final int VALUE_BYTES = 100;

  /** Whether the puts go to the write-ahead log. */
  @Param({"true", "false"})
  public boolean wal;

  /**
   * The write buffer, in MiB: 4 as db_bench's default; 1024 keeps a short run in one memtable,
   * with no flush or compaction competing for the CPU (give the JVM the heap, e.g. -Xmx4g).
   */
  @Param({"4"})
  public int writeBufferMiB;

  private final byte[] key = new byte[BenchData.KEY_BYTES];
  private long next;
  private WriteOptions writeOptions;
  private Path dir;
  private Db db;
  private byte[] value;

  /** Opens an empty database. */
  @Setup
  public void setUp() throws IOException {
    dir = BenchData.newTempDir("db-put");
    db = Strata.open(dir, Options.builder().compression(CompressionType.NONE)
        .writeBufferSizeBytes((long) writeBufferMiB << 20).build());
    value = BenchData.value(VALUE_BYTES, new SplittableRandom(BenchData.SEED));
    writeOptions = new WriteOptions(false, !wal);
  }

  /** Closes and deletes the database. */
  @TearDown
  public void tearDown() throws IOException {
    if (db != null) {
      db.close();
    }
    BenchData.deleteTree(dir);
  }

  /** One unsynced put of the next key in ascending order. */
  @Benchmark
  @Threads(1)
  public void put() throws IOException {
    // Written in place: the engine copies the key.
    BenchData.formatKey(next++, key);
    db.put(writeOptions, key, value);
  }
}
