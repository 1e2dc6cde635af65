package io.strata.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SstCommandTest {
  @TempDir static Path dir;

  @BeforeAll
  static void fill() throws IOException {
    FileToolsFixture.fill(dir, "leveled");
  }

  private static CliRunner.Result run(String... args) {
    return new CliRunner().run(args);
  }

  @Test
  void printsTheRecordedProperties() throws IOException {
    String table = FileToolsFixture.files(dir, ".ldb").get(0);
    CliRunner.Result r = run("sst", dir.resolve(table).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .containsPattern("(?m)^file          " + table + ", \\d+ bytes$")
        .contains("counted       from the strata.properties block\n")
        .containsPattern("(?m)^entries       [1-9]\\d*$")
        .containsPattern("(?m)^tombstones    \\d+$")
        .containsPattern("(?m)^sequences     \\d+ \\.\\. \\d+$")
        .containsPattern("(?m)^keys          'k\\d{5}' \\.\\. '[km]\\d{5}'$")
        .containsPattern("(?m)^data blocks   \\d+, \\d+ bytes, compression snappy \\d+$")
        .containsPattern("(?m)^index block   \\d+ bytes$")
        .containsPattern("(?m)^filter        leveldb.BuiltinBloomFilter2, \\d+ bytes$")
        .containsPattern("(?m)^full filter   \\d+ bytes$")
        .contains("filter.leveldb.BuiltinBloomFilter2, strata.filter.full, strata.properties");
  }

  @Test
  void agreesWithAScanOfTheSameTable() throws IOException {
    // The dump counts what the properties block records.
    for (String table : FileToolsFixture.files(dir, ".ldb")) {
      Path path = dir.resolve(table);
      String dump = run("dump", path.toString()).out();
      long entries = dump.lines().count();
      long tombstones = dump.lines().filter(l -> l.contains(" : del => ")).count();
      String sst = run("sst", path.toString()).out();
      assertThat(sst).as(table).contains("entries       " + entries + "\n")
          .contains("tombstones    " + tombstones + "\n");
    }
  }

  @Test
  void aDamagedIndexIsCorruptionWithFileAndOffset(@TempDir Path copy) throws IOException {
    String table = FileToolsFixture.files(dir, ".ldb").get(0);
    Path damaged = copy.resolve(table);
    Files.copy(dir.resolve(table), damaged);
    // The index block ends just before the 48-byte footer and its 5-byte trailer.
    FileToolsFixture.flip(damaged, Files.size(damaged) - 48 - 5 - 2);
    CliRunner.Result r = run("sst", damaged.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("strata: ").contains(table).containsPattern("offset \\d+");
  }

  @Test
  void aMissingFileIsNamed() {
    CliRunner.Result r = run("sst", dir.resolve("000999.ldb").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no such file or directory: ").contains("000999.ldb");
  }
}
