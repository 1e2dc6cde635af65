package io.strata.core.table;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CompressionType;
import io.strata.api.CorruptionException;
import io.strata.api.Options;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import io.strata.api.spi.table.TableBuilder;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables read through a memory mapping: uncompressed data blocks come from the page cache and
 * stay out of the block cache (as in LevelDB), compressed ones are cached, and damage is still
 * reported.
 */
class MappedTableCachingTest {
  @TempDir Path dir;
  private final LocalFileSystem fs = new LocalFileSystem();

  private Path write(CompressionType compression) throws Exception {
    Options options = Options.builder().compression(compression).build();
    InternalKeyComparator icmp = new InternalKeyComparator(options.comparator());
    Path path = dir.resolve(compression + ".ldb");
    try (WritableFile out = fs.newWritableFile(path)) {
      TableBuilder b = new BlockBasedTableBuilder(options, icmp, out);
      for (int i = 0; i < 5000; i++) {
        b.add(InternalKeys.encode(key(i), i + 1, ValueType.VALUE),
            ("value-" + i + "-" + "x".repeat(60)).getBytes(UTF_8));
      }
      b.finish();
    }
    return path;
  }

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes(UTF_8);
  }

  private BlockBasedTable open(Path path, CaffeineBlockCache cache) throws Exception {
    ReadableFile file = fs.newReadableFile(path);
    assertThat(file.isMemoryMapped()).isTrue();
    return BlockBasedTable.open(file, path.getFileName().toString(), file.size(),
        new InternalKeyComparator(Options.defaults().comparator()), cache, false);
  }

  @Test
  void uncompressedMappedBlocksStayOutOfTheCacheCompressedOnesGoIn() throws Exception {
    for (CompressionType c : CompressionType.values()) {
      CaffeineBlockCache cache = new CaffeineBlockCache(8 << 20);
      try (BlockBasedTable t = open(write(c), cache)) {
        for (int round = 0; round < 2; round++) {
          for (int i = 0; i < 5000; i += 7) {
            GetResult r = new GetResult();
            assertThat(t.get(key(i), Long.MAX_VALUE >>> 8, r, true, true)).isTrue();
            assertThat(r.value()).startsWith(("value-" + i + "-").getBytes(UTF_8));
          }
        }
      }
      if (c == CompressionType.NONE) {
        assertThat(cache.usageBytes()).as("uncompressed").isZero();
      } else {
        assertThat(cache.usageBytes()).as("snappy").isPositive();
        assertThat(cache.hits()).isPositive();
      }
    }
  }

  @Test
  void damageInAMappedBlockIsReportedWhenTheTableIsOpened() throws Exception {
    Path path = write(CompressionType.NONE);
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
      f.seek(200);
      int b = f.read();
      f.seek(200);
      f.write(b ^ 0x40);
    }
    try (BlockBasedTable t = open(path, new CaffeineBlockCache(8 << 20))) {
      for (int attempt = 0; attempt < 2; attempt++) {
        assertThatThrownBy(() -> t.get(key(1), Long.MAX_VALUE >>> 8, new GetResult(), true, true))
            .isInstanceOf(CorruptionException.class)
            .hasMessageContaining("NONE.ldb at offset 0");
      }
    }
  }
}
