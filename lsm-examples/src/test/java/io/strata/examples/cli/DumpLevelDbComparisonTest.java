package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata dump} against C++ LevelDB 1.23's {@code leveldb::DumpFile} on the same files:
 * a database C++ LevelDB wrote and one Strata wrote. The C++ side is
 * {@code leveldb/dumpfile.cc} (a test resource), compiled with {@code g++ ... -lleveldb}; where
 * g++ or the LevelDB library is absent, the tests are skipped.
 */
class DumpLevelDbComparisonTest {
  @TempDir static Path work;
  private static Path dumpfile;
  private static String skipReason;

  @BeforeAll
  static void compile() throws IOException, InterruptedException {
    Path source = work.resolve("dumpfile.cc");
    try (InputStream in = DumpLevelDbComparisonTest.class
        .getResourceAsStream("/leveldb/dumpfile.cc")) {
      Files.copy(in, source);
    }
    if (!Files.exists(Path.of("/usr/include/leveldb/dumpfile.h"))) {
      skipReason = "C++ LevelDB headers absent (apt-get install libleveldb-dev g++)";
      return;
    }
    Path binary = work.resolve("dumpfile");
    Run r;
    try {
      r = exec(List.of("g++", "-O1", "-o", binary.toString(), source.toString(), "-lleveldb"));
    } catch (IOException e) {
      skipReason = "g++ not runnable: " + e.getMessage();
      return;
    }
    if (r.code != 0) {
      skipReason = "cannot build against C++ LevelDB: " + r.err;
      return;
    }
    dumpfile = binary;
  }

  private record Run(int code, String out, String err) {}

  private static Run exec(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    // LevelDB escapes every byte outside ' '..'~', so its dump is ASCII.
    return new Run(p.exitValue(), Files.readString(out, ISO_8859_1),
        Files.readString(err, ISO_8859_1));
  }

  private static String levelDbDump(Path file) throws IOException, InterruptedException {
    Run r = exec(List.of(dumpfile.toString(), file.toString()));
    assertThat(r.code).as(r.err).isZero();
    return r.out;
  }

  private static String strataDump(Path file) {
    CliRunner.Result r = new CliRunner().run("dump", file.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out();
  }

  /** Every log, table and MANIFEST of {@code dir}. */
  private static List<Path> dumpable(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String suffix : List.of(".log", ".ldb")) {
      FileToolsFixture.files(dir, suffix).forEach(n -> files.add(dir.resolve(n)));
    }
    files.add(dir.resolve(FileToolsFixture.manifest(dir)));
    return files;
  }

  private static void assertSameDumps(Path dir) throws IOException, InterruptedException {
    List<Path> files = dumpable(dir);
    assertThat(files).hasSizeGreaterThan(3);
    for (Path f : files) {
      String expected = levelDbDump(f);
      assertThat(expected).as(f.toString()).isNotEmpty();
      assertThat(strataDump(f)).as(f.toString()).isEqualTo(expected);
    }
  }

  @Test
  void agreesWithLevelDbOnADatabaseLevelDbWrote() throws Exception {
    assumeTrue(dumpfile != null, () -> skipReason);
    Path db = work.resolve("leveldb-db");
    Run w = exec(List.of(dumpfile.toString(), "--write", db.toString()));
    assertThat(w.code).as(w.err).isZero();
    assertSameDumps(db);
    StringBuilder tables = new StringBuilder();
    for (String t : FileToolsFixture.files(db, ".ldb")) {
      tables.append(levelDbDump(db.resolve(t)));
    }
    assertThat(tables).contains(" : del => ''\n").contains("'bin\\x01\\xff' @ ");
  }

  @Test
  void sstCountsALevelDbTableByAScan() throws Exception {
    assumeTrue(dumpfile != null, () -> skipReason);
    Path db = work.resolve("leveldb-sst");
    Run w = exec(List.of(dumpfile.toString(), "--write", db.toString()));
    assertThat(w.code).as(w.err).isZero();
    for (String table : FileToolsFixture.files(db, ".ldb")) {
      String dump = levelDbDump(db.resolve(table));
      CliRunner.Result r = new CliRunner().run("sst", db.resolve(table).toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).as(table)
          .contains("counted       by a scan (no strata.properties block")
          .contains("entries       " + dump.lines().count() + "\n")
          .contains("tombstones    " + dump.lines().filter(l -> l.contains(" : del => "))
              .count() + "\n")
          .contains("full filter   none\n")
          .contains("metaindex     ").contains(": filter.leveldb.BuiltinBloomFilter2\n");
    }
  }

  @Test
  void agreesWithLevelDbOnADatabaseStrataWrote() throws Exception {
    assumeTrue(dumpfile != null, () -> skipReason);
    Path db = work.resolve("strata-db");
    FileToolsFixture.fill(db, "leveled");
    assertSameDumps(db);
  }
}
