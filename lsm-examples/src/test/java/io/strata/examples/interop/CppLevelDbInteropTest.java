package io.strata.examples.interop;

import static io.strata.examples.interop.InteropWorkload.apply;
import static io.strata.examples.interop.InteropWorkload.dump;
import static io.strata.examples.interop.InteropWorkload.emptyModel;
import static io.strata.examples.interop.InteropWorkload.generate;
import static io.strata.examples.interop.InteropWorkload.lines;
import static io.strata.examples.interop.InteropWorkload.sha256;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.core.Strata;
import io.strata.examples.interop.InteropWorkload.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;

/**
 * Strata and C++ LevelDB 1.23 (Debian's {@code libleveldb-dev}) open each other's databases:
 * tables in several levels, Snappy or none, deletes and overwrites, a log left unflushed at
 * close. LevelDB reads with {@code paranoid_checks} and {@code verify_checksums}; every side is
 * compared with a {@link TreeMap} model. A database shaped by {@code tiered} is refused by
 * LevelDB; one shaped by {@code time-window}, in LevelDB's layout, is read. Skipped, saying so, where the library is not installed.
 */
class CppLevelDbInteropTest {
  private static final long SEED = 16;
  private static final int KEYS = 8_000;
  private static final long WRITE_BUFFER_BYTES = 64 * 1024;

  private static LevelDbTool leveldb;
  /** Why the tool could not be built, or null. */
  private static String unavailable;

  @TempDir Path dir;

  @BeforeAll
  static void compileTool(@TempDir Path toolDir) throws Exception {
    try {
      leveldb = LevelDbTool.compile(toolDir);
    } catch (TestAbortedException e) {
      unavailable = e.getMessage(); // skip each test with it, so that every report shows why
    }
  }

  @BeforeEach
  void requireTool() {
    Assumptions.assumeTrue(unavailable == null, unavailable);
  }

  /** Small buffers and levels, so that a few MiB fill several levels. */
  private static Options.Builder smallLevels() {
    return Options.builder()
        .writeBufferSizeBytes(WRITE_BUFFER_BYTES)
        .strategyOption("target_file_size_base", Long.toString(64 * 1024))
        .strategyOption("max_bytes_for_level_base", Long.toString(256 * 1024));
  }

  @ParameterizedTest
  @EnumSource(value = CompressionType.class, names = {"NONE", "SNAPPY"}) // LevelDB's two
  void levelDbReadsWhatStrataWrote(CompressionType compression) throws Exception {
    Path db = dir.resolve("db");
    List<Op> ops = generate(SEED, 30_000, KEYS, true);
    List<Op> tail = generate(SEED + 1, 200, KEYS, false);
    TreeMap<byte[], byte[]> model = apply(apply(emptyModel(), ops), tail);
    try (Db strata = Strata.open(db, smallLevels().compression(compression).build())) {
      apply(strata, ops);
      strata.waitForCompactions();
      assertThat(nonEmptyLevels(strata)).as("levels holding tables").isGreaterThanOrEqualTo(2);
      apply(strata, tail); // stays in the log: close does not flush
    }
    assertThat(unflushedLogBytes(db)).as("bytes in the log left at close").isPositive();

    List<String> leveldbLines = levelDbDump(db);
    report("strata (" + compression + ") -> leveldb", lines(model), leveldbLines);
    assertThat(leveldbLines).isEqualTo(lines(model));
  }

  /**
   * A log still open, as a crash leaves it, ends in the zeros of the chunk it is written through
   * (a memory mapping): LevelDB reads its records and skips the zeros as preallocated space.
   */
  @Test
  void levelDbReadsTheLogOfADatabaseLeftOpen() throws Exception {
    Path db = dir.resolve("db");
    Path copy = dir.resolve("copy");
    List<Op> ops = generate(SEED + 8, 30_000, KEYS, true);
    List<Op> tail = generate(SEED + 9, 200, KEYS, false);
    TreeMap<byte[], byte[]> model = apply(apply(emptyModel(), ops), tail);
    try (Db strata = Strata.open(db, smallLevels().build())) {
      apply(strata, ops);
      strata.waitForCompactions();
      apply(strata, tail);
      strata.waitForCompactions(); // no flush deletes a log while the files are copied
      // What a crash here would leave: the files as they are, the log not cut to its records.
      Files.createDirectories(copy);
      try (Stream<Path> files = Files.list(db)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, copy.resolve(f.getFileName()));
        }
      }
    }
    Path log = newestLog(copy);
    byte[] bytes = Files.readAllBytes(log);
    assertThat(bytes.length % (64 << 10)).as("a log of whole mapped chunks").isZero();
    assertThat(bytes[bytes.length - 1]).as("the last byte of the log left open").isZero();

    List<String> leveldbLines = levelDbDump(copy);
    report("strata (left open) -> leveldb", lines(model), leveldbLines);
    assertThat(leveldbLines).isEqualTo(lines(model));
  }

  private static Path newestLog(Path db) throws IOException {
    try (Stream<Path> files = Files.list(db)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".log"))
          .max(java.util.Comparator.comparing(f -> f.getFileName().toString()))
          .orElseThrow();
    }
  }

  @Test
  void strataReadsWritesAndCompactsWhatLevelDbWrote_thenLevelDbReadsIt() throws Exception {
    Path db = dir.resolve("db");
    List<Op> script = new ArrayList<>(generate(SEED + 2, 30_000, KEYS, true));
    script.addAll(generate(SEED + 3, 200, KEYS, false)); // left in LevelDB's log
    TreeMap<byte[], byte[]> model = apply(emptyModel(), script);
    Path scriptFile = dir.resolve("script.txt");
    InteropWorkload.writeScript(script, scriptFile);
    LevelDbTool.Result written =
        leveldb.write(db, scriptFile, CompressionType.SNAPPY, WRITE_BUFFER_BYTES);
    assertThat(written.exitCode()).as(written.stderr()).isZero();
    assertThat(unflushedLogBytes(db)).as("bytes in LevelDB's log").isPositive();

    List<Op> more = generate(SEED + 4, 5_000, KEYS, false);
    try (Db strata = Strata.open(db, Options.defaults())) {
      assertThat(strata.getProperty("strata.strategy")).hasValue("leveled");
      assertThat(nonEmptyLevels(strata)).as("levels holding tables").isGreaterThanOrEqualTo(2);
      List<String> strataLines = dump(strata);
      report("leveldb -> strata", lines(model), strataLines);
      assertThat(strataLines).isEqualTo(lines(model));
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        assertThat(strata.get(e.getKey())).isEqualTo(e.getValue());
      }
      apply(strata, more);
      strata.compactRange(null, null);
    }
    apply(model, more);

    List<String> leveldbLines = levelDbDump(db);
    report("leveldb -> strata (+5000 writes, compacted) -> leveldb", lines(model), leveldbLines);
    assertThat(leveldbLines).isEqualTo(lines(model));
  }

  /** {@code time-window} keeps LevelDB's layout, so the engine writes no record of its own. */
  @Test
  void levelDbReadsWhatTimeWindowWrote() throws Exception {
    Path db = dir.resolve("db");
    List<Op> ops = generate(SEED + 6, 30_000, KEYS, false);
    TreeMap<byte[], byte[]> model = apply(emptyModel(), ops);
    Options timeWindow = Options.builder()
        .writeBufferSizeBytes(WRITE_BUFFER_BYTES)
        .compactionStrategy("time-window")
        .build();
    try (Db strata = Strata.open(db, timeWindow)) {
      apply(strata, ops);
      strata.waitForCompactions();
      assertThat(strata.getProperty("strata.strategy")).hasValue("time-window");
    }

    List<String> leveldbLines = levelDbDump(db);
    report("strata (time-window) -> leveldb", lines(model), leveldbLines);
    assertThat(leveldbLines).isEqualTo(lines(model));
  }

  @Test
  void levelDbRefusesADatabaseShapedByTiered() throws Exception {
    Path db = dir.resolve("db");
    List<Op> ops = generate(SEED + 5, 30_000, KEYS, false);
    TreeMap<byte[], byte[]> model = apply(emptyModel(), ops);
    Options tiered = Options.builder()
        .writeBufferSizeBytes(WRITE_BUFFER_BYTES)
        .compactionStrategy("tiered")
        .build();
    try (Db strata = Strata.open(db, tiered)) {
      apply(strata, ops);
      strata.waitForCompactions();
      assertThat(strata.getProperty("strata.strategy")).hasValue("tiered");
    }

    LevelDbTool.Result refused = leveldb.dump(db, dir.resolve("dump.txt"));
    System.out.println(
        "tiered -> leveldb: exit " + refused.exitCode() + ", " + refused.stderr().strip());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("Corruption").contains("unknown tag");
    assertThat(dir.resolve("dump.txt")).doesNotExist();

    try (Db strata = Strata.open(db, Options.defaults())) { // LevelDB changed nothing Strata reads
      assertThat(dump(strata)).isEqualTo(lines(model));
    }
  }

  /**
   * LevelDB 1.23 has no Zstandard: the MANIFEST records the feature (tag 82) before the first
   * zstd block is written, and LevelDB refuses the directory at open instead of failing on a
   * block.
   */
  @Test
  void levelDbRefusesADatabaseWithZstdBlocks() throws Exception {
    Path db = dir.resolve("db");
    List<Op> ops = generate(SEED + 7, 5_000, KEYS, false);
    TreeMap<byte[], byte[]> model = apply(emptyModel(), ops);
    try (Db strata = Strata.open(db, smallLevels().compression(CompressionType.ZSTD).build())) {
      apply(strata, ops);
      strata.compactRange(null, null);
    }
    LevelDbTool.Result refused = leveldb.dump(db, dir.resolve("dump.txt"));
    System.out.println(
        "zstd -> leveldb: exit " + refused.exitCode() + ", " + refused.stderr().strip());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("Corruption: VersionEdit: unknown tag");
    try (Db strata = Strata.open(db, Options.defaults())) { // Strata reads it, as before
      assertThat(dump(strata)).isEqualTo(lines(model));
    }
  }

  /**
   * A merge, a range deletion or a TTL: each records its feature in the MANIFEST before it
   * reaches the log, and LevelDB refuses the directory at open, even with the record only in the
   * log; Strata reads it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"merge", "range-deletion", "ttl"})
  void levelDbRefusesADatabaseUsingAFeatureItLacks(String feature) throws Exception {
    Path db = dir.resolve("db");
    Options.Builder options = Options.builder();
    if (feature.equals("merge")) {
      options.mergeOperator("stringappend");
    } else if (feature.equals("ttl")) {
      options.ttl(java.time.Duration.ofDays(1));
    }
    try (Db strata = Strata.open(db, options.build())) {
      strata.put(b("a"), b("1"));
      strata.put(b("c"), b("3"));
      if (feature.equals("merge")) {
        strata.merge(b("a"), b("2"));
      } else if (feature.equals("range-deletion")) {
        strata.deleteRange(b("b"), b("d"));
      }
    }
    LevelDbTool.Result refused = leveldb.dump(db, dir.resolve("dump.txt"));
    System.out.println(feature + " -> leveldb: exit " + refused.exitCode() + ", "
        + refused.stderr().strip());
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("Corruption: VersionEdit: unknown tag");
    try (Db strata = Strata.open(db, options.build())) {
      assertThat(strata.get(b("a"))).isEqualTo(b(feature.equals("merge") ? "1,2" : "1"));
      assertThat(strata.get(b("c"))).isEqualTo(feature.equals("range-deletion") ? null : b("3"));
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private List<String> levelDbDump(Path db) throws IOException, InterruptedException {
    Path out = dir.resolve("dump.txt");
    LevelDbTool.Result dumped = leveldb.dump(db, out);
    assertThat(dumped.exitCode()).as(dumped.stderr()).isZero();
    return Files.readAllLines(out, UTF_8);
  }

  static int nonEmptyLevels(Db db) {
    int levels = 0;
    for (int level = 0; level < 7; level++) {
      if (!db.getProperty("strata.num-files-at-level" + level).orElseThrow().equals("0")) {
        levels++;
      }
    }
    return levels;
  }

  /** Bytes in the directory's {@code .log} files. */
  static long unflushedLogBytes(Path db) throws IOException {
    long bytes = 0;
    try (Stream<Path> files = Files.list(db)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().endsWith(".log")) {
          bytes += Files.size(f);
        }
      }
    }
    return bytes;
  }

  /** Row counts and checksums of both sides, as the compatibility notes quote them. */
  static void report(String trip, List<String> expected, List<String> actual) {
    System.out.printf("%s: model %d rows sha256 %s; read %d rows sha256 %s%n",
        trip, expected.size(), sha256(expected), actual.size(), sha256(actual));
  }
}
