package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadCommandTest {
  @TempDir Path tmp;

  private final CliRunner cli = new CliRunner();

  private String db() {
    return tmp.resolve("db").toString();
  }

  private Path file(String content) throws IOException {
    Path f = tmp.resolve("input.tsv");
    Files.write(f, content.getBytes(UTF_8));
    return f;
  }

  private String get(String key) {
    CliRunner.Result r = cli.run("--db", db(), "get", key);
    return r.exitCode() == 0 ? r.out().strip() : null;
  }

  @Test
  void loadsEveryLineAndReportsTheCount() throws IOException {
    Path f = file("k1\tv1\nk2\tv2 with\ttab\r\n\u00e9\t\u00fc\n\tempty key\nlast\t");
    CliRunner.Result r = cli.run("--db", db(), "load", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("loaded 5 entries from " + f + System.lineSeparator());
    assertThat(get("k1")).isEqualTo("v1");
    assertThat(get("k2")).isEqualTo("v2 with\ttab"); // later tabs belong to the value, \r dropped
    assertThat(get("\u00e9")).isEqualTo("\u00fc");
    assertThat(cli.opener.last().size()).isEqualTo(5);
    assertThat(cli.run("--db", db(), "scan", "--to", "a").out())
        .isEqualTo("\tempty key" + System.lineSeparator());
  }

  @Test
  void writesInBatchesOfTheBatchSize() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2500; i++) {
      sb.append(String.format("key%05d\tvalue%d%n", i, i));
    }
    Path f = file(sb.toString());
    CliRunner.Result r = cli.run("--db", db(), "load", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("loaded 2500 entries");
    assertThat(cli.opener.last().size()).isEqualTo(2500);
    assertThat(get("key02499")).isEqualTo("value2499");
  }

  @Test
  void malformedLineStopsTheLoadNamingTheLine() throws IOException {
    Path f = file("a\t1\nb\t2\nno tab here\nc\t3\n");
    CliRunner.Result r = cli.run("--db", db(), "load", f.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("strata: " + f + ":3: malformed line, no tab between key and"
        + " value; the 2 entries before it were loaded, nothing from this line on"
        + System.lineSeparator());
    assertThat(get("a")).isEqualTo("1");
    assertThat(get("b")).isEqualTo("2");
    assertThat(get("c")).isNull();
  }

  @Test
  void malformedLineAfterFullBatchesKeepsEveryEarlierLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      sb.append("k").append(i).append('\t').append(i).append('\n');
    }
    sb.append('\n').append("after\tx\n"); // line 26 is empty: malformed
    Path f = file(sb.toString());
    CliRunner.Result r = cli.run("--db", db(), "load", "--batch-size", "10", f.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(f + ":26: malformed line").contains("the 25 entries before it");
    assertThat(cli.opener.last().size()).isEqualTo(25);
    assertThat(get("after")).isNull();
  }

  @Test
  void dashReadsStandardInput() {
    cli.stdin("x\t1\ny\t2\n".getBytes(UTF_8));
    CliRunner.Result r = cli.run("--db", db(), "load", "-");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("loaded 2 entries from <stdin>" + System.lineSeparator());
    assertThat(get("y")).isEqualTo("2");
  }

  @Test
  void malformedStandardInputNamesStdin() {
    cli.stdin("x\t1\noops\n".getBytes(UTF_8));
    CliRunner.Result r = cli.run("--db", db(), "load", "-");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("strata: <stdin>:2: malformed line");
  }

  @Test
  void emptyFileLoadsNothing() throws IOException {
    CliRunner.Result r = cli.run("--db", db(), "load", file("").toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("loaded 0 entries");
  }

  @Test
  void progressOnAPipeIsOneLinePerTenth() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      sb.append(String.format("key%06d\tvalue%d%n", i, i));
    }
    CliRunner.Result r = cli.run("--db", db(), "load", file(sb.toString()).toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.err().lines()).hasSizeBetween(8, 9).allMatch(l -> l.matches("load: \\d0% \\(.* entries\\)"));
    assertThat(r.err()).doesNotContain("\r");
  }

  @Test
  void progressOnATerminalIsABarEndedByANewline() throws IOException {
    cli.terminal(true);
    CliRunner.Result r = cli.run("--db", db(), "load", file("a\t1\nb\t2\n").toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).startsWith("\r[").contains("100%").contains("2 entries").endsWith(System.lineSeparator());
  }

  @Test
  void progressOptionChoosesLinesABarOrNothing() throws IOException {
    cli.terminal(true);
    String data = file("a\t1\nb\t2\n").toString();
    CliRunner.Result lines = cli.run("--db", db(), "load", "--progress", "lines", data);
    assertThat(lines.exitCode()).isZero();
    assertThat(lines.err()).doesNotContain("\r");
    assertThat(cli.run("--db", db(), "load", "--progress", "none", data).err()).isEmpty();
    cli.terminal(false);
    assertThat(cli.run("--db", db(), "load", "--progress", "bar", data).err()).startsWith("\r[");
    assertThat(cli.run("--db", db(), "load", "--progress", "fancy", data).err())
        .startsWith("strata: Invalid value for option '--progress': expected one of");
  }

  @Test
  void batchSizeMustBePositive() throws IOException {
    CliRunner.Result r = cli.run("--db", db(), "load", "--batch-size", "0", file("a\t1").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--batch-size must be >= 1, was 0");
  }
}
