package io.strata.bench.jmh;

import io.strata.api.CompressionType;
import io.strata.api.Options;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import io.strata.core.table.BlockBasedTable;
import io.strata.core.table.BlockBasedTableBuilder;
import io.strata.core.table.CaffeineBlockCache;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Point lookups in one table ({@link BlockBasedTable#get}) of {@value #ENTRIES} entries (16-byte
 * keys, 100-byte values, uncompressed 4 KiB blocks, bloom filter at 10 bits per key; a 25 MB
 * file), written to the temporary-file directory and read from the operating system's page
 * cache, where writing it left it. The {@code source} parameter says where data blocks come from:
 *
 * <ul>
 *   <li>{@code blockCache}: the file read through a {@code FileChannel}, every data block already
 *       in a {@link CaffeineBlockCache} large enough for all of them (warmed by a scan in setup):
 *       the cost of a warm lookup;
 *   <li>{@code mmap}: the file memory-mapped, as the engine opens tables of up to 1 GiB; an
 *       uncompressed block of a mapped file is read in place, through a view of the mapping, at
 *       each lookup (only the value found is copied), and never cached (LevelDB's rule);
 *   <li>{@code pread}: the file read through a {@code FileChannel} with a block cache of capacity
 *       0: one positional read per lookup.
 * </ul>
 *
 * <p>{@code get} looks up a present key (a fresh copy of its value is returned), in random order;
 * {@code getMissing} a key between two present ones, which the whole-table bloom filter rules out
 * before the index is searched. Confined to its benchmark thread.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TableGetBenchmark {
  /** Entries of the table, a power of two. */
  static final int ENTRIES = 1 << 18;
  /** Bytes of each value. */
  static final int VALUE_BYTES = 100;
  /** Block cache capacity of {@code blockCache}, in bytes: above the table's data. */
  static final long WARM_CACHE_BYTES = 64L << 20;

  /** Where data blocks come from: {@code blockCache}, {@code mmap} or {@code pread}. */
  @Param({"blockCache", "mmap", "pread"})
  public String source;

  /** Entries used; {@value #ENTRIES} but in the smoke test, which lowers it. A power of two. */
  int entries = ENTRIES;

  private Path dir;
  private BlockBasedTable table;
  private byte[][] present;
  private byte[][] absent;
  private int next;
  private final GetResult result = new GetResult();

  /** Writes the table, opens it as {@link #source} says and warms what it reads from. */
  @Setup
  public void setUp() throws IOException {
    dir = BenchData.newTempDir("table");
    Path path = dir.resolve("000001.ldb");
    LocalFileSystem fs = new LocalFileSystem();
    Options options = Options.builder()
        .compression(CompressionType.NONE)
        .bloomBitsPerKey(10)
        .build();
    SplittableRandom random = new SplittableRandom(BenchData.SEED);
    byte[][] keys = new byte[entries][];
    byte[][] missing = new byte[entries][];
    try (WritableFile file = fs.newWritableFile(path)) {
      BlockBasedTableBuilder builder = new BlockBasedTableBuilder(options, BenchData.ICMP, file);
      for (int i = 0; i < entries; i++) {
        keys[i] = BenchData.key(2L * i); // even indices: odd ones are absent
        missing[i] = BenchData.key(2L * i + 1);
        builder.add(InternalKeys.encode(keys[i], i + 1, ValueType.VALUE),
            BenchData.value(VALUE_BYTES, random));
      }
      builder.finish();
      file.sync();
    }
    long size = Files.size(path);
    CaffeineBlockCache cache;
    ReadableFile file;
    switch (source) {
      case "blockCache" -> {
        cache = new CaffeineBlockCache(WARM_CACHE_BYTES);
        file = fs.newReadableFileInUse(path);
      }
      case "mmap" -> {
        cache = new CaffeineBlockCache(0);
        file = fs.newReadableFile(path);
      }
      case "pread" -> {
        cache = new CaffeineBlockCache(0);
        file = fs.newReadableFileInUse(path);
      }
      default -> throw new IllegalArgumentException("unknown source: " + source);
    }
    table = BlockBasedTable.open(file, path.getFileName().toString(), size, BenchData.ICMP,
        cache, false);
    // A scan reads every block once: into the block cache, or at least into the page cache.
    int scanned = 0;
    try (InternalIterator it = table.newIterator(false, true)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        scanned++;
      }
    }
    if (scanned != entries) {
      throw new IllegalStateException("table holds " + scanned + " entries, wrote " + entries);
    }
    present = BenchData.shuffled(keys, BenchData.SEED);
    absent = BenchData.shuffled(missing, BenchData.SEED + 1);
  }

  /** Closes the table and deletes its file. */
  @TearDown
  public void tearDown() throws IOException {
    if (table != null) {
      table.close();
    }
    BenchData.deleteTree(dir);
  }

  /** Looks up a present key. */
  @Benchmark
  public void get(Blackhole bh) throws IOException {
    byte[] key = present[next];
    next = (next + 1) & (entries - 1);
    result.reset();
    bh.consume(table.get(key, InternalKey.MAX_SEQUENCE, result, false, true));
    bh.consume(result.value());
  }

  /** Looks up an absent key that the whole-table filter rules out. */
  @Benchmark
  public boolean getMissing() throws IOException {
    byte[] key = absent[next];
    next = (next + 1) & (entries - 1);
    result.reset();
    return table.get(key, InternalKey.MAX_SEQUENCE, result, false, true);
  }
}
