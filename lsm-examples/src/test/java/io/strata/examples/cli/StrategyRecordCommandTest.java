package io.strata.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.core.Strata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line against real databases: a command that names no strategy keeps the
 * database's, naming another switches it and says so, and a database whose CURRENT is gone is
 * refused rather than recreated.
 */
class StrategyRecordCommandTest {
  @TempDir Path dir;

  private CliRunner.Result run(String... args) {
    StrataCli cli = new StrataCli(Strata::open, new ByteArrayInputStream(new byte[0]), false);
    CommandLine cl = cli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    all[0] = "--db";
    all[1] = dir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = cl.execute(all);
    return new CliRunner.Result(code, out.toString(), err.toString());
  }

  private CliRunner.Result ok(String... args) {
    CliRunner.Result r = run(args);
    assertThat(r.exitCode()).as("%s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  @Test
  void aPlainGetLeavesATieredDatabaseTiered() {
    assertThat(ok("--strategy", "tiered", "--strategy-option", "min_threshold=6", "put", "x", "1")
        .err()).isEmpty();
    CliRunner.Result get = ok("get", "x");
    assertThat(get.out()).isEqualTo("1\n");
    assertThat(get.err()).isEmpty();
    assertThat(ok("stats").out()).contains("strategy: tiered (since the database was created)")
        .contains("strategy options: min_threshold=6").doesNotContain("switched");
  }

  @Test
  void namingAnotherStrategySwitchesAndSaysSo() {
    ok("put", "x", "1");
    CliRunner.Result get = ok("--strategy", "tiered", "get", "x");
    assertThat(get.out()).isEqualTo("1\n");
    assertThat(get.err()).isEqualTo(
        "strata: compaction strategy switched from leveled to tiered\n");
    assertThat(ok("stats").out()).contains("strategy: tiered (switched from LevelDB layout)");
    assertThat(ok("--strategy", "tiered", "get", "x").err()).as("already tiered").isEmpty();
  }

  @Test
  void putOnADatabaseWhoseCurrentIsGoneIsRefusedAndRepairBringsItBack() throws IOException {
    ok("put", "x", "1");
    ok("compact");
    ok("put", "y", "2");
    Files.delete(dir.resolve("CURRENT"));
    Map<String, Integer> before = files();
    CliRunner.Result put = run("put", "z", "3");
    assertThat(put.exitCode()).isEqualTo(1);
    assertThat(put.err()).contains(dir.toString()).contains("strata repair");
    assertThat(files()).isEqualTo(before);
    assertThat(run("get", "x").exitCode()).isEqualTo(1);
    assertThat(files()).isEqualTo(before);
    ok("repair");
    assertThat(ok("get", "x").out()).isEqualTo("1\n");
    assertThat(ok("get", "y").out()).isEqualTo("2\n");
  }

  /** Every regular file but LOCK, with a hash of its bytes. */
  private Map<String, Integer> files() throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (Files.isRegularFile(p) && !name.equals("LOCK")) {
          out.put(name, Arrays.hashCode(Files.readAllBytes(p)));
        }
      }
    }
    return out;
  }
}
