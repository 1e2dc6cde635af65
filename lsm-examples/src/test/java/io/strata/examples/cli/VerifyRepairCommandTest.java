package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.Options;
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

  private String manifest() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("MANIFEST-"))
          .findFirst().orElseThrow();
    }
  }
}
