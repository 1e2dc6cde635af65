package io.strata.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCommandTest {
  @TempDir Path dir;

  private CliRunner.Result run(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--db";
    all[1] = dir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return new CliRunner().run(all);
  }

  @Test
  void printsEachEditAndTheShape() throws IOException {
    FileToolsFixture.fill(dir, "leveled");
    CliRunner.Result r = run("manifest");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(FileToolsFixture.manifest(dir) + " (named by CURRENT in " + dir + ")\n"
            + "edit 1 at offset 0\n  comparator     leveldb.BytewiseComparator\n")
        .containsPattern("(?m)^  log number     \\d+$")
        .containsPattern("(?m)^  next file      \\d+$")
        .containsPattern("(?m)^  last sequence  \\d+$")
        .containsPattern("(?m)^  add L2        #\\d+ \\d+ bytes 'm\\d{5}'@\\d+ \\.\\. ")
        .containsPattern("(?m)^  delete L\\d     #\\d+")
        .containsPattern("(?m)^shape after \\d+ edits: log number \\d+, next file \\d+, last"
            + " sequence \\d+$")
        .containsPattern("(?m)^  L2 +\\d+ +\\d+$")
        .containsPattern("(?m)^  L3 +\\d+ +\\d+$")
        .containsPattern("(?m)^  total +\\d+ +\\d+$");
  }

  @Test
  void printsStrataStrategyRecords() throws IOException {
    FileToolsFixture.fill(dir, "tiered");
    CliRunner.Result r = run("manifest");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("  strategy       tiered (new database)\n")
        .containsPattern("sequences \\d+ \\.\\. \\d+ by tiered\n")
        .contains(", strategy tiered\n");
  }

  @Test
  void aDamagedManifestIsCorruptionWithFileAndOffset() throws IOException {
    FileToolsFixture.fill(dir, "leveled");
    String manifest = FileToolsFixture.manifest(dir);
    FileToolsFixture.flip(dir.resolve(manifest), Files.size(dir.resolve(manifest)) - 3);
    CliRunner.Result r = run("manifest");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("edit 1 at offset 0\n");
    assertThat(r.err()).startsWith("strata: ").contains(manifest).containsPattern("offset \\d+");
  }

  @Test
  void aMissingManifestIsNamed() throws IOException {
    FileToolsFixture.fill(dir, "leveled");
    Files.delete(dir.resolve(FileToolsFixture.manifest(dir)));
    CliRunner.Result r = run("manifest");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no such file or directory: ").contains("MANIFEST-");
  }

  @Test
  void aDirectoryWithoutCurrentIsNamed() {
    CliRunner.Result r = run("manifest");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no such file or directory: ").contains("CURRENT");
  }
}
