package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata checkpoint DB_DIR OUT_DIR} on a real database. */
class CheckpointCommandTest {
  @TempDir Path tmp;

  @Test
  void checkpointMakesAnOpenableCopy() throws IOException {
    Path db = tmp.resolve("db");
    try (Db d = Strata.open(db, Options.defaults())) {
      for (int i = 0; i < 500; i++) {
        d.put(("k" + i).getBytes(UTF_8), ("v" + i).getBytes(UTF_8));
      }
      d.flush();
      d.put("in-log".getBytes(UTF_8), "x".getBytes(UTF_8));
    }
    Path out = tmp.resolve("copy");
    CliRunner.Result r = new CliRunner(Strata::open).run("checkpoint", db.toString(), out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("checkpoint of " + db + " in " + out + " at sequence 501");
    try (Db copy = Strata.open(out, Options.builder().createIfMissing(false).build())) {
      assertThat(copy.get("k499".getBytes(UTF_8))).isEqualTo("v499".getBytes(UTF_8));
      assertThat(copy.get("in-log".getBytes(UTF_8))).isEqualTo("x".getBytes(UTF_8));
    }
  }

  @Test
  void anExistingTargetOrAMissingDatabaseFails() throws IOException {
    Path db = tmp.resolve("db");
    try (Db d = Strata.open(db, Options.defaults())) {
      d.put("k".getBytes(UTF_8), "v".getBytes(UTF_8));
    }
    Path out = Files.createDirectory(tmp.resolve("copy"));
    CliRunner.Result r = new CliRunner(Strata::open).run("checkpoint", db.toString(), out.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("strata: already exists: " + out);

    CliRunner.Result missing = new CliRunner(Strata::open).run("checkpoint",
        tmp.resolve("nothing").toString(), tmp.resolve("copy2").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no database at " + tmp.resolve("nothing"));
    assertThat(tmp.resolve("copy2")).doesNotExist();

    CliRunner.Result usage = new CliRunner(Strata::open).run("checkpoint", db.toString());
    assertThat(usage.exitCode()).isEqualTo(2);
  }
}
