package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.coding.Crc32c;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.core.Strata;
import io.strata.core.table.BlockHandle;
import io.strata.core.table.TableLayout;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file tools on a database written with Zstandard: sst, dump and verify name its blocks. */
class ZstdFileToolsTest {
  @TempDir Path dir;

  @BeforeEach
  void fill() throws IOException {
    Options options = Options.builder().writeBufferSizeBytes(64 << 10)
        .compression(CompressionType.ZSTD).build();
    try (Db db = Strata.open(dir, options)) {
      for (int i = 0; i < 2000; i++) {
        db.put(String.format("k%05d", i).getBytes(UTF_8),
            ("value" + i + "-".repeat(50)).getBytes(UTF_8));
      }
      db.compactRange(null, null);
    }
  }

  private CliRunner.Result run(String... args) {
    return new CliRunner().run(args);
  }

  @Test
  void sstDumpAndVerifyReadZstdTables() throws IOException {
    String table = FileToolsFixture.files(dir, ".ldb").get(0);
    String path = dir.resolve(table).toString();
    CliRunner.Result sst = run("sst", path);
    assertThat(sst.exitCode()).as(sst.err()).isZero();
    assertThat(sst.out())
        .containsPattern("(?m)^data blocks   \\d+, \\d+ bytes, compression zstd \\d+$");
    CliRunner.Result dump = run("dump", path);
    assertThat(dump.exitCode()).as(dump.err()).isZero();
    assertThat(sst.out()).contains("entries       " + dump.out().lines().count() + "\n");
    CliRunner.Result verify = run("--db", dir.toString(), "verify");
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("OK       " + table).contains("no damage");
  }

  @Test
  void aZstdBlockWithABadSizeIsNamedWithFileAndOffset() throws IOException {
    String table = FileToolsFixture.files(dir, ".ldb").get(0);
    Path path = dir.resolve(table);
    BlockHandle first;
    try (ReadableFile f = new LocalFileSystem().newReadableFile(path)) {
      first = TableLayout.read(f, table, f.size()).dataBlocks().get(0);
    }
    // A 2-byte size varint replaced by another (16383) and the checksum made to match, so that
    // only the zstd decoder can see the damage.
    int n = (int) first.size();
    byte[] block = new byte[n + 1];
    try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
      f.seek(first.offset());
      f.readFully(block);
      assertThat(block[n]).isEqualTo((byte) 0x7);
      assertThat(Coding.varintLength(Coding.getVarint32(block, new int[] {0}, n))).isEqualTo(2);
      block[0] = (byte) 0xff;
      block[1] = 0x7f;
      byte[] crc = new byte[4];
      Coding.putFixed32(crc, 0, Crc32c.mask(Crc32c.valueWithTrailingType(block, 0, n, block[n])));
      f.seek(first.offset());
      f.write(block, 0, 2);
      f.seek(first.offset() + n + 1);
      f.write(crc);
    }
    CliRunner.Result verify = run("--db", dir.toString(), "verify");
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.out()).contains("CORRUPT  " + table)
        .contains(table + " at offset " + first.offset())
        .contains("corrupted zstd compressed block");
    CliRunner.Result dump = run("dump", path.toString());
    assertThat(dump.exitCode()).isEqualTo(1);
    assertThat(dump.err()).startsWith("strata: ").contains(table)
        .contains("offset " + first.offset()).contains("zstd");
  }
}
