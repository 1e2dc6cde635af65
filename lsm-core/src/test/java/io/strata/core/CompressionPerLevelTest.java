package io.strata.core;

import static io.strata.api.CompressionType.NONE;
import static io.strata.api.CompressionType.SNAPPY;
import static io.strata.api.CompressionType.ZSTD;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.BytewiseComparator;
import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.core.table.TableLayout;
import io.strata.core.tools.DbVerifier;
import io.strata.manifest.FileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compression per level on real files: flushes write level 0's type, compactions their output
 * level's or the bottommost type, and a reopen with other settings reads every older table and
 * writes new ones with the new types.
 */
class CompressionPerLevelTest {
  @TempDir Path dir;

  private static byte[] key(int i) {
    return String.format("key%08d", i).getBytes(StandardCharsets.US_ASCII);
  }

  /** 200 bytes, the second half repeating the first: compresses to about half. */
  private static byte[] value(int i) {
    Random rnd = new Random(i);
    byte[] v = new byte[200];
    rnd.nextBytes(v);
    System.arraycopy(v, 0, v, 100, 100);
    return v;
  }

  private static void load(Db db, int from, int to) throws IOException {
    for (int i = from; i < to; i++) {
      db.put(key(i), value(i));
    }
  }

  private static void checkAll(Db db, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      assertThat(db.get(key(i))).as("key %s", i).isEqualTo(value(i));
    }
  }

  /** The compression codes of the data blocks of {@code f}. */
  private Set<Integer> blockTypes(FileMetaData f) throws IOException {
    Path p = dir.resolve(FileNames.tableFileName(f.fileNumber()));
    try (ReadableFile file = new LocalFileSystem().newReadableFile(p)) {
      return new TreeSet<>(TableLayout.read(file, p.toString(), file.size()).dataBlockTypes());
    }
  }

  private static Options.Builder options() {
    return Options.builder().writeBufferSizeBytes(256 << 10);
  }

  @Test
  void flushWritesLevelZerosTypeAndCompactionTheOutputLevels() throws Exception {
    Options options = options().compressionPerLevel(List.of(NONE, SNAPPY, ZSTD)).build();
    try (Db db = Strata.open(dir, options)) {
      load(db, 0, 3000);
      DbTesting.flushMemTable(db);
      Version v = DbTesting.currentVersion(db);
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        for (FileMetaData f : v.files(level)) {
          assertThat(blockTypes(f)).as("flushed to level %s", level).containsOnly(NONE.code());
        }
      }
      db.compactRange(null, null);
      DbTesting.awaitQuiescence(db);
      v = DbTesting.currentVersion(db);
      int tables = 0;
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        for (FileMetaData f : v.files(level)) {
          assertThat(level).isPositive();
          assertThat(blockTypes(f)).as("compacted to level %s", level)
              .containsOnly(options.compressionForLevel(level).code());
          tables++;
        }
      }
      assertThat(tables).isPositive();
      checkAll(db, 3000);
    }
  }

  @Test
  void bottommostCompactionUsesBottommostType() throws Exception {
    Options options = options().compressionPerLevel(List.of(NONE, SNAPPY))
        .bottommostCompression(ZSTD).build();
    try (Db db = Strata.open(dir, options)) {
      load(db, 0, 3000);
      db.compactRange(null, null);
      DbTesting.awaitQuiescence(db);
      Version v = DbTesting.currentVersion(db);
      int deepest = -1;
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        if (!v.files(level).isEmpty()) {
          deepest = level;
        }
      }
      assertThat(deepest).isPositive();
      for (FileMetaData f : v.files(deepest)) {
        assertThat(blockTypes(f)).containsOnly(ZSTD.code());
      }
      checkAll(db, 3000);
    }
  }

  @Test
  void reopenWithOtherCompressionReadsOldTablesAndWritesNewTypes() throws Exception {
    try (Db db = Strata.open(dir, options().compression(ZSTD).build())) {
      load(db, 0, 2000);
      db.compactRange(null, null);
    }
    Options none = options().compression(SNAPPY).compressionPerLevel(List.of(NONE)).build();
    try (Db db = Strata.open(dir, none)) {
      checkAll(db, 2000);
      load(db, 2000, 4000);
      db.compactRange(null, null);
      DbTesting.awaitQuiescence(db);
      Version v = DbTesting.currentVersion(db);
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        for (FileMetaData f : v.files(level)) {
          assertThat(blockTypes(f)).containsOnly(NONE.code());
        }
      }
      checkAll(db, 4000);
    }
    try (Db db = Strata.open(dir, options().compression(ZSTD).build())) {
      checkAll(db, 4000);
    }
    assertThat(new DbVerifier(new LocalFileSystem(), dir, BytewiseComparator.INSTANCE)
        .verify().ok()).isTrue();
  }

  @Test
  void verifierReadsZstdTables() throws Exception {
    try (Db db = Strata.open(dir, options().compression(CompressionType.ZSTD).build())) {
      load(db, 0, 2000);
      DbTesting.flushMemTable(db);
    }
    DbVerifier.Report report =
        new DbVerifier(new LocalFileSystem(), dir, BytewiseComparator.INSTANCE).verify();
    assertThat(report.ok()).as("%s", report).isTrue();
  }

  private String optionsFileText() throws IOException {
    try (var files = java.nio.file.Files.list(dir)) {
      Path p = files.filter(f -> f.getFileName().toString().matches("OPTIONS-\\d+"))
          .findFirst().orElseThrow();
      return java.nio.file.Files.readString(p);
    }
  }

  @Test
  void optionsFileRecordsTheSettingsOfTheLastOpen() throws Exception {
    Options tiers = options().compressionPerLevel(List.of(NONE, SNAPPY, ZSTD))
        .bottommostCompression(ZSTD).build();
    try (Db db = Strata.open(dir, tiers)) {
      db.put(key(1), value(1));
    }
    assertThat(optionsFileText()).contains("[TableOptions]\n  compression=kSnappyCompression\n"
        + "  compression_per_level=kNoCompression:kSnappyCompression:kZSTD\n"
        + "  bottommost_compression=kZSTD\n");
    try (Db db = Strata.open(dir, options().build())) {
      assertThat(db.get(key(1))).isEqualTo(value(1));
    }
    assertThat(optionsFileText()).doesNotContain("[TableOptions]")
        .contains("strata_options_file_version=1\n");
  }
}
