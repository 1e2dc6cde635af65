package io.strata.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpCommandTest {
  @TempDir static Path dir;

  @BeforeAll
  static void fill() throws IOException {
    FileToolsFixture.fill(dir, "leveled");
  }

  private static CliRunner.Result run(String... args) {
    return new CliRunner().run(args);
  }

  @Test
  void dumpsALogAsWriteBatches() throws IOException {
    String log = FileToolsFixture.files(dir, ".log").get(0);
    CliRunner.Result r = run("dump", dir.resolve(log).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("--- offset 0; sequence ")
        .contains("  del 'k01990'\n")
        .contains("  put 'b\\x01\\xff' 'v\\x0a\\x7f'\n");
  }

  @Test
  void dumpsRangeDeletionsOfLogsAndTables(@TempDir Path ranged) throws IOException {
    try (Db db = Strata.open(ranged, Options.defaults())) {
      db.put("a".getBytes(UTF_8), "1".getBytes(UTF_8));
      db.deleteRange("b".getBytes(UTF_8), "d".getBytes(UTF_8));
      db.flush();
      db.deleteRange("x".getBytes(UTF_8), "z".getBytes(UTF_8));
    }
    CliRunner.Result log = run("dump",
        ranged.resolve(FileToolsFixture.files(ranged, ".log").get(0)).toString());
    assertThat(log.exitCode()).as(log.err()).isZero();
    assertThat(log.out()).contains("  delete_range 'x' 'z'\n");
    CliRunner.Result table = run("dump",
        ranged.resolve(FileToolsFixture.files(ranged, ".ldb").get(0)).toString());
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).containsPattern("(?m)^'a' @ \\d+ : val => '1'$")
        .containsPattern("--- range deletions\n'b' @ \\d+ : range_del => 'd'\n");
  }

  @Test
  void dumpsATableAsInternalKeys() throws IOException {
    String table = FileToolsFixture.files(dir, ".ldb").get(0);
    CliRunner.Result r = run("dump", dir.resolve(table).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("(?m)^'k00001' @ \\d+ : val => 'value1-+'$");
    assertThat(r.out()).doesNotContain("--- table");
  }

  @Test
  void statsFollowTheEntriesOnlyWhenAsked() throws IOException {
    String table = FileToolsFixture.files(dir, ".ldb").get(0);
    CliRunner.Result r = run("dump", "--stats", dir.resolve(table).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("--- table\nfile          " + table)
        .contains("counted       from the strata.properties block");
  }

  @Test
  void dumpsMergesInLogsAndTables(@TempDir Path merges) throws IOException {
    Path db = merges.resolve("db");
    try (io.strata.api.Db d = io.strata.core.Strata.open(db,
        io.strata.api.Options.builder().mergeOperator("stringappend").build())) {
      d.merge("m".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      d.flush();
      d.merge("m".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "y".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    CliRunner.Result log = run("dump", db.resolve(FileToolsFixture.files(db, ".log").get(0))
        .toString());
    assertThat(log.exitCode()).as(log.err()).isZero();
    assertThat(log.out()).contains("  merge 'm' 'y'\n");
    CliRunner.Result table = run("dump", db.resolve(FileToolsFixture.files(db, ".ldb").get(0))
        .toString());
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).containsPattern("(?m)^'m' @ 1 : merge => 'x'$");
  }

  @Test
  void dumpsAManifestAsVersionEdits() throws IOException {
    CliRunner.Result r = run("dump", dir.resolve(FileToolsFixture.manifest(dir)).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("--- offset 0; VersionEdit {\n  Comparator: "
        + "leveldb.BytewiseComparator").contains("\n  AddFile: ").contains("\n}\n");
  }

  @Test
  void namesStrataRecordsOfTheManifest(@TempDir Path tiered) throws IOException {
    FileToolsFixture.fill(tiered, "tiered");
    CliRunner.Result r = run("dump", tiered.resolve(FileToolsFixture.manifest(tiered))
        .toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("\n  StrategySwitch: 'tiered' from ''")
        .containsPattern("\n  FileSequences: \\d+ \\d+ \\.\\. \\d+ 'tiered'");
  }

  @Test
  void aDamagedLogIsCorruptionWithFileAndOffset(@TempDir Path copy) throws IOException {
    String log = FileToolsFixture.files(dir, ".log").get(0);
    Path damaged = copy.resolve(log);
    Files.copy(dir.resolve(log), damaged);
    FileToolsFixture.flip(damaged, 20);
    CliRunner.Result r = run("dump", damaged.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(log).contains("offset 0");
  }

  @Test
  void aDamagedTableIsCorruptionWithFileAndOffset(@TempDir Path copy) throws IOException {
    String table = FileToolsFixture.files(dir, ".ldb").get(0);
    Path damaged = copy.resolve(table);
    Files.copy(dir.resolve(table), damaged);
    FileToolsFixture.flip(damaged, 5);
    CliRunner.Result r = run("dump", damaged.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(table).contains("offset 0");
  }

  @Test
  void aMissingFileIsNamed() {
    CliRunner.Result r = run("dump", dir.resolve("000999.log").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no such file or directory: ").contains("000999.log");
  }

  @Test
  void anotherFileTypeIsRefused() {
    CliRunner.Result r = run("dump", dir.resolve("CURRENT").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("not a file dump reads");
  }
}
