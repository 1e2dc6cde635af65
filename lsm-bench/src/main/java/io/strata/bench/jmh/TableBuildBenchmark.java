package io.strata.bench.jmh;

import io.strata.api.CompressionType;
import io.strata.api.Options;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.WritableFile;
import io.strata.core.table.BlockBasedTableBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building one table as a flush or a compaction output does: {@link BlockBasedTableBuilder#add}
 * of {@value #ENTRIES} entries in order (16-byte keys, 100-byte values; about 2 MB, the default
 * target file size), then {@code finish}, into a fresh file of the temporary-file directory
 * written through {@link LocalFileSystem}, then closed (not fsynced: the fsync at the end of a
 * table is the disk's cost, not the builder's). Uncompressed 4 KiB blocks, restart interval 16,
 * bloom filter at 10 bits per key, as {@code strata bench} writes them.
 *
 * <p>The score is per entry added: the data block encoding, the per-2-KiB LevelDB filter and the
 * whole-table filter, the index, the block CRCs, and the file writes. Confined to its benchmark
 * thread.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TableBuildBenchmark {
  /** Entries of each table. */
  static final int ENTRIES = 1 << 14;
  /** Bytes of each value. */
  static final int VALUE_BYTES = 100;

  private final LocalFileSystem fs = new LocalFileSystem();
  private final Options options = Options.builder()
      .compression(CompressionType.NONE)
      .bloomBitsPerKey(10)
      .build();
  private Path dir;
  private byte[][] internalKeys;
  private byte[][] values;
  private int tables;

  /** Makes the entries, in internal-key order, and the directory the tables go to. */
  @Setup
  public void setUp() throws IOException {
    dir = BenchData.newTempDir("table-build");
    SplittableRandom random = new SplittableRandom(BenchData.SEED);
    internalKeys = new byte[ENTRIES][];
    values = new byte[ENTRIES][];
    for (int i = 0; i < ENTRIES; i++) {
      internalKeys[i] = InternalKeys.encode(BenchData.key(i), i + 1, ValueType.VALUE);
      values[i] = BenchData.value(VALUE_BYTES, random);
    }
  }

  /** Deletes the directory and the tables in it. */
  @TearDown
  public void tearDown() {
    BenchData.deleteTree(dir);
  }

  /**
   * Writes one table of every entry to a new file, and deletes it.
   *
   * @return the table's size in bytes
   */
  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public long build() throws IOException {
    Path path = dir.resolve(String.format("%06d.ldb", tables++));
    long size;
    try (WritableFile file = fs.newWritableFile(path)) {
      BlockBasedTableBuilder builder = new BlockBasedTableBuilder(options, BenchData.ICMP, file);
      for (int i = 0; i < ENTRIES; i++) {
        builder.add(internalKeys[i], values[i]);
      }
      builder.finish();
      size = builder.fileSizeBytes();
    }
    Files.delete(path);
    return size;
  }
}
