package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WalRecoveryMode;
import io.strata.core.Strata;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyRepairCommandTest {
  @TempDir Path dir;

  @BeforeEach
  void fill() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 2000; i++) {
        db.put(("k" + i).getBytes(UTF_8), ("v" + i).getBytes(UTF_8));
      }
      db.compactRange(null, null);
      db.put("in-log".getBytes(UTF_8), "x".getBytes(UTF_8));
    }
  }

  private String file(String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted()
          .findFirst().orElseThrow();
    }
  }

  private CliRunner.Result run(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--db";
    all[1] = dir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return new CliRunner().run(all);
  }

  @Test
  void verifyPrintsOkPerFileAndExitsZero() throws IOException {
    CliRunner.Result r = run("verify");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("OK       CURRENT").contains("OK       " + file(".ldb"))
        .contains("OK       " + file(".log")).contains("no damage");
  }

  @Test
  void verifyNamesTheDamagedFileAndOffsetAndExitsOne() throws IOException {
    String table = file(".ldb");
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve(table).toFile(), "rw")) {
      f.seek(5);
      int v = f.read();
      f.seek(5);
      f.write(v ^ 1);
    }
    CliRunner.Result r = run("verify");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("CORRUPT  " + table).contains(table + " at offset 0")
        .contains("1 of ");
  }

  @Test
  void repairRebuildsALostManifest() throws IOException {
    Files.delete(dir.resolve("CURRENT"));
    Files.delete(dir.resolve(manifest()));
    assertThat(run("verify").exitCode()).isEqualTo(1);
    CliRunner.Result r = run("repair");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("repaired: ");
    assertThat(run("verify").exitCode()).isZero();
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get("k1999".getBytes(UTF_8))).isEqualTo("v1999".getBytes(UTF_8));
      assertThat(db.get("in-log".getBytes(UTF_8))).isEqualTo("x".getBytes(UTF_8));
    }
  }

  /** An orphan table (what a kill -9 during a flush leaves) is a finding, not damage: exit 3. */
  @Test
  void verifyReportsAnOrphanTableAndExitsThree() throws IOException {
    byte[] table = Files.readAllBytes(dir.resolve(file(".ldb")));
    Files.write(dir.resolve("000900.ldb"), java.util.Arrays.copyOf(table, table.length / 3));
    CliRunner.Result r = run("verify");
    assertThat(r.exitCode()).as(r.out()).isEqualTo(3);
    assertThat(r.out()).contains("ORPHAN   000900.ldb  not in the MANIFEST")
        .contains("no damage; 1 finding(s) open tolerates");
  }

  /**
   * Damage in the middle of the log fails the open by default; once dropped with
   * point-in-time recovery (here through the API), the command that opens the database prints
   * what was dropped on standard error, and verify reports the log kept under lost/.
   */
  @Test
  void droppedLogRecordsArePrintedAtOpenAndReportedByVerify() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 50; i++) {
        db.put(("w" + i).getBytes(UTF_8), ("v" + i).getBytes(UTF_8));
      }
    }
    String log = file(".log");
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve(log).toFile(), "rw")) {
      f.seek(300);
      int v = f.read();
      f.seek(300);
      f.write(v ^ 4);
    }
    CliRunner.Result failed = new CliRunner(Strata::open).run("--db", dir.toString(), "get",
        "w1");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err()).contains(log + " at offset").contains("damaged record")
        .contains("strata repair");
    assertThat(run("verify").exitCode()).isEqualTo(1);
    CliRunner.Result dropped = new CliRunner((directory, options) -> Strata.open(directory,
        options.toBuilder().walRecoveryMode(WalRecoveryMode.POINT_IN_TIME_RECOVERY).build()))
        .run("--db", dir.toString(), "get", "w1");
    assertThat(dropped.exitCode()).as(dropped.err()).isZero();
    assertThat(dropped.err()).contains("strata: warning: dropped at open: " + log + ": ")
        .contains("damaged record at offset").contains("intact record(s)")
        .contains("kept as lost/" + log);
    CliRunner.Result verify = run("verify");
    assertThat(verify.exitCode()).as(verify.out()).isEqualTo(1);
    assertThat(verify.out()).contains("LOST     lost/" + log).contains("damaged record at offset");
  }

  private String manifest() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("MANIFEST-"))
          .findFirst().orElseThrow();
    }
  }
}
