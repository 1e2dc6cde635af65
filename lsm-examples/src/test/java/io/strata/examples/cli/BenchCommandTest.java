package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.core.Strata;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {
  private static final Pattern REPORT =
      Pattern.compile("(?m)^(\\w+)\\s+:\\s+\\d+\\.\\d{3} micros/op\\s+\\d+ ops/sec;(.*)$");

  @TempDir Path tmp;

  private final CliRunner cli = new CliRunner();

  private String db() {
    return tmp.resolve("bench").toString();
  }

  /** Workload names of the report lines, in order. */
  private static List<String> reported(String out) {
    return REPORT.matcher(out).results().map(m -> m.group(1)).toList();
  }

  private static String lineOf(String out, String workload) {
    Matcher m = REPORT.matcher(out);
    while (m.find()) {
      if (m.group(1).equals(workload)) {
        return m.group();
      }
    }
    throw new AssertionError("no report line for " + workload + " in\n" + out);
  }

  @Test
  void runsEveryDefaultWorkloadWithOneLineEach() {
    CliRunner.Result r = cli.run("--db", db(), "bench", "--num", "2000", "--histogram");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String out = r.out();
    assertThat(out).startsWith("Keys:       16 bytes each\n"
        + "Values:     100 bytes each (50 bytes after compression)\n"
        + "Entries:    2000\n"
        + "RawSize:    0.2 MB (estimated)\n"
        + "FileSize:   0.2 MB (estimated)\n"
        + "Compression: none\n"
        + "Strategy:   leveled\n"
        + "Threads:    1\n");
    assertThat(reported(out)).containsExactly("fillseq", "fillsync", "fillrandom", "overwrite",
        "readrandom", "readseq", "readreverse", "seekrandom", "deleterandom");
    assertThat(out).containsPattern("(?m)^\\s+latency micros: p50 [\\d.]+ p99 [\\d.]+ p99\\.9 [\\d.]+ max [\\d.]+$");
    assertThat(out.lines().filter(l -> l.contains("latency micros:")).count()).isEqualTo(9);
    // Fills and sequential reads move bytes; random reads, seeks and deletes report none.
    assertThat(lineOf(out, "fillseq")).contains(" MB/s (2000 ops)");
    // fillrandom then overwrite: 2 * num random keys leave about 1 - 1/e^2 = 86% present.
    String readseq = lineOf(out, "readseq");
    assertThat(readseq).containsPattern(" MB/s \\(1[67]\\d\\d ops\\)");
    assertThat(lineOf(out, "readreverse")).endsWith(readseq.substring(readseq.indexOf('(')));
    assertThat(lineOf(out, "readrandom")).doesNotContain("MB/s").containsPattern("\\(2000 ops\\) \\(\\d+ of 2000 found\\)");
    assertThat(lineOf(out, "seekrandom")).containsPattern("\\(\\d+ of 2000 found\\)");
    assertThat(lineOf(out, "fillsync")).contains("(2 ops)");
    // The per-level shape of the database the workloads built comes last.
    assertThat(out).containsPattern("\nin-memory: \\d+ keys\n$");
    assertThat(cli.opener.opened).anySatisfy(d -> assertThat(d.syncWrites.get()).isEqualTo(2));
    assertThat(cli.opener.opened).allSatisfy(d -> assertThat(d.isClosed()).isTrue());
  }

  private static int found(String line) {
    Matcher m = Pattern.compile("\\((\\d+) of (\\d+) found\\)").matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void fillrandomLeavesAbout63PercentOfKeysPresent() {
    CliRunner.Result r = cli.run("--db", db(), "bench", "--num", "2000",
        "--benchmarks", "fillrandom,readrandom,seekrandom");
    assertThat(r.exitCode()).as(r.err()).isZero();
    int present = cli.opener.last().size();
    assertThat(present).isBetween(1150, 1380); // 1 - 1/e = 63.2% of 2000 is 1264
    // Reads draw their own random keys, so they find about the same share.
    assertThat(found(lineOf(r.out(), "readrandom"))).isBetween(1150, 1380);
    assertThat(found(lineOf(r.out(), "seekrandom"))).isBetween(1150, 1380);
  }

  @Test
  void sameSeedGivesTheSameRunAndFillseqWritesEveryKey() {
    String first = cli.run("--db", db(), "bench", "--num", "1000",
        "--benchmarks", "fillrandom,readrandom").out();
    int afterFirst = cli.opener.last().size();
    String second = cli.run("--db", db(), "bench", "--num", "1000",
        "--benchmarks", "fillrandom,readrandom").out();
    assertThat(cli.opener.last().size()).isEqualTo(afterFirst);
    assertThat(found(lineOf(second, "readrandom"))).isEqualTo(found(lineOf(first, "readrandom")));

    cli.run("--db", db(), "bench", "--num", "1000", "--benchmarks", "fillseq");
    assertThat(cli.opener.last().size()).isEqualTo(1000);
  }

  @Test
  void readsDefaultsToNumAndCanBeSet() {
    CliRunner.Result r = cli.run("--db", db(), "bench", "--num", "500", "--reads", "123",
        "--benchmarks", "fillseq,readseq,readreverse,readrandom,readhot,readmissing");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(lineOf(r.out(), "readseq")).contains("(123 ops)");
    assertThat(lineOf(r.out(), "readreverse")).contains("(123 ops)");
    assertThat(lineOf(r.out(), "readrandom")).contains("(123 ops) (123 of 500 found)");
    assertThat(lineOf(r.out(), "readhot")).contains("(123 ops)");
    assertThat(lineOf(r.out(), "readmissing")).contains("(123 ops)");
  }

  @Test
  void metaWorkloadsCompactAndPrintProperties() {
    CliRunner.Result r = cli.run("--db", db(), "bench", "--num", "100",
        "--benchmarks", "fillseq,compact,waitforcompaction,stats,sstables,deleteseq");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(reported(r.out()))
        .containsExactly("fillseq", "compact", "waitforcompaction", "deleteseq");
    assertThat(cli.opener.last().compactionWaits.get()).isEqualTo(1);
    assertThat(r.out()).contains("\nin-memory: 100 keys\n", "\n--- level 0 ---\n")
        .endsWith("\nin-memory: 0 keys\n");
    assertThat(cli.opener.last().compactions.get()).isEqualTo(1);
  }

  @Test
  void mergerandomIncrementsCountersThatReadrandomFinds() {
    for (String keys : new String[] {"uniform", "zipfian"}) {
      CliRunner.Result r = cli.run("--db", db(), "bench", "--num", "2000", "--merge-keys", keys,
          "--benchmarks", "mergerandom,compact,readrandom");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(reported(r.out())).containsExactly("mergerandom", "compact", "readrandom");
      assertThat(lineOf(r.out(), "mergerandom")).contains("(2000 ops)");
    }
    CliRunner.Result bad = cli.run("--db", db(), "bench", "--merge-keys", "hot", "--benchmarks",
        "mergerandom");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("--merge-keys must be uniform or zipfian, was 'hot'");
  }

  @Test
  void maxSubcompactionsReachesTheOptionsAndIsChecked() {
    CliRunner.Result r = cli.run("--db", db(), "bench", "--num", "100",
        "--max-subcompactions", "2", "--benchmarks", "fillrandom");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(cli.opener.options).isNotEmpty()
        .allSatisfy(o -> assertThat(o.maxSubcompactions()).isEqualTo(2));
    CliRunner.Result bad = cli.run("--db", db(), "bench", "--max-subcompactions", "0",
        "--benchmarks", "fillrandom");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("--max-subcompactions must be in [1, 64], was 0");
  }

  @Test
  void spaceReportsTableBytesOverLiveBytes() {
    CliRunner.Result r = cli.run("--db", db(), "bench", "--num", "100",
        "--benchmarks", "fillseq,space");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern(
        "(?m)^space +: [0-9.]+ MB of tables for [0-9.]+ MB of live data \\(100 keys\\):"
            + " space amplification 2\\.00$");
  }

  @Test
  void threadsEachRunTheWholeWorkload() {
    CliRunner.Result r = cli.run("--db", db(), "bench", "--num", "1000", "--threads", "3",
        "--benchmarks", "fillrandom,readrandom");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(lineOf(r.out(), "fillrandom")).contains("(3000 ops)");
    assertThat(lineOf(r.out(), "readrandom")).contains("(3000 ops)");
    assertThat(r.out()).contains("Threads:    3");
  }

  @Test
  void benchDefaultsToNoCompressionButHonoursTheOption() {
    cli.run("--db", db(), "bench", "--num", "10", "--benchmarks", "fillseq");
    assertThat(cli.opener.lastOptions().compression()).isEqualTo(CompressionType.NONE);
    CliRunner.Result r = cli.run("--db", db(), "bench", "--compression", "snappy", "--num", "10",
        "--benchmarks", "fillseq", "--strategy", "tiered", "--strategy-option", "min_threshold=3");
    assertThat(cli.opener.lastOptions().compression()).isEqualTo(CompressionType.SNAPPY);
    assertThat(r.out()).contains("Compression: snappy", "Strategy:   tiered {min_threshold=3}",
        "FileSize:   0.0 MB");    r = cli.run("--db", db(), "bench", "--compression", "zstd", "--num", "10",
        "--benchmarks", "fillseq");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(cli.opener.lastOptions().compression()).isEqualTo(CompressionType.ZSTD);
    assertThat(r.out()).contains("Compression: zstd");
  }

  @Test
  void benchDefaultDirectoryIsStrataBench() {
    Path[] seen = new Path[1];
    DbOpener recording = (dir, options) -> {
      seen[0] = dir;
      throw new IOException("stop here");
    };
    CommandLine cl = new StrataCli(recording, System.in, false).newCommandLine();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute("bench", "--num", "10")).isEqualTo(1);
    assertThat(seen[0]).isEqualTo(Path.of("strata-bench-db"));
    assertThat(err.toString()).contains("strata: stop here");
  }

  @Test
  void refusesToDeleteADirectoryThatIsNotADatabase() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("precious"));
    Files.writeString(dir.resolve("thesis.tex"), "years of work");
    CliRunner.Result r = cli.run("--db", dir.toString(), "bench", "--num", "10");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("strata: refusing to delete " + dir);
    assertThat(r.out()).isEmpty();
    assertThat(dir.resolve("thesis.tex")).hasContent("years of work");
    assertThat(cli.opener.options).isEmpty();
  }

  @Test
  void refusesADirectoryHoldingOtherFilesEvenWithForce() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("mixed"));
    Files.writeString(dir.resolve("CURRENT"), "MANIFEST-000001\n");
    Files.writeString(dir.resolve("notes.txt"), "mine");
    CliRunner.Result r = cli.run("--db", dir.toString(), "bench", "--num", "10", "--force");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("strata: refusing to delete " + dir
        + ": it holds notes.txt, which is not a database file" + System.lineSeparator());
    assertThat(dir.resolve("CURRENT")).exists();
    assertThat(cli.opener.options).isEmpty();
  }

  @Test
  void refusesAUsersDatabaseUnlessForced() {
    cli.run("--db", db(), "put", "mine", "precious");
    CliRunner.Result r = cli.run("--db", db(), "bench", "--num", "10", "--benchmarks", "fillseq");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("strata: refusing to delete the database in " + db()
        + ": strata bench did not create it (no STRATA-BENCH file); pass --force to delete it,"
        + " or --use-existing-db to run on it as it is" + System.lineSeparator());
    assertThat(r.out()).isEmpty();
    assertThat(cli.run("--db", db(), "get", "mine").out()).startsWith("precious");

    CliRunner.Result forced = cli.run("--db", db(), "bench", "--num", "10", "--benchmarks",
        "fillseq", "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(cli.opener.last().size()).isEqualTo(10);
    assertThat(tmp.resolve("bench").resolve(BenchDirectory.MARKER)).exists();
  }

  @Test
  void rerunsOnItsOwnDirectory() {
    CliRunner.Result first = cli.run("--db", db(), "bench", "--num", "10", "--benchmarks",
        "fillrandom");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(tmp.resolve("bench").resolve(BenchDirectory.MARKER)).exists();
    CliRunner.Result second = cli.run("--db", db(), "bench", "--num", "20", "--benchmarks",
        "fillseq,overwrite,fillseq");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(reported(second.out())).containsExactly("fillseq", "overwrite", "fillseq");
    assertThat(cli.opener.last().size()).isEqualTo(20);
  }

  @Test
  void refusesToDeleteADatabaseThatIsOpen() throws IOException {
    Path dir = tmp.resolve("bench");
    // A real database holds the directory's LOCK, as another bench or a load would; the marker
    // makes it bench's own, so only the lock stands in the way.
    try (Db open = Strata.open(dir, Options.defaults())) {
      open.put("k".getBytes(UTF_8), "v".getBytes(UTF_8));
      Files.writeString(dir.resolve(BenchDirectory.MARKER), "");
      CliRunner.Result r = cli.run("--db", db(), "bench", "--num", "10", "--benchmarks",
          "fillseq");
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).startsWith("strata: refusing to delete the database in " + dir
          + ": it is open (").contains("held by this process");
      assertThat(r.out()).isEmpty();
      assertThat(cli.opener.options).isEmpty();
    }
    try (Db reopened = Strata.open(dir, Options.defaults())) {
      assertThat(reopened.get("k".getBytes(UTF_8))).isEqualTo("v".getBytes(UTF_8));
    }
  }

  @Test
  void useExistingDbSkipsFreshWorkloadsAndDoesNotCreate() {
    cli.run("--db", db(), "put", "0000000000000007", "x");
    CliRunner.Result r = cli.run("--db", db(), "bench", "--use-existing-db", "--num", "10",
        "--benchmarks", "fillseq,readrandom");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("fillseq      : skipped (--use-existing-db is set)");
    assertThat(lineOf(r.out(), "readrandom")).containsPattern("\\(\\d of 10 found\\)");
    assertThat(cli.opener.lastOptions().createIfMissing()).isFalse();
    assertThat(cli.opener.last().size()).isEqualTo(1);
  }

  @Test
  void unknownBenchmarkIsAUsageErrorBeforeAnythingRuns() {
    CliRunner.Result r = cli.run("--db", db(), "bench", "--benchmarks", "fillseq,fillbogus");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown benchmark 'fillbogus'; known: compact, deleterandom");
    assertThat(cli.opener.options).isEmpty();
  }

  @Test
  void badNumbersAreUsageErrors() {
    assertThat(cli.run("--db", db(), "bench", "--num", "0").err()).contains("--num must be >= 1, was 0");
    assertThat(cli.run("--db", db(), "bench", "--threads", "0").exitCode()).isEqualTo(2);
    assertThat(cli.run("--db", db(), "bench", "--value-size", "2000000").exitCode()).isEqualTo(2);
    assertThat(cli.run("--db", db(), "bench", "--reads", "-1").exitCode()).isEqualTo(2);
  }

  @Test
  void timeWindowWarnsThatBenchKeysAreNotTimestamps() {
    CliRunner.Result r = cli.run("--db", db(), "bench", "--num", "10", "--benchmarks", "fillseq",
        "--strategy", "time-window");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err().lines().filter(l -> l.startsWith("warning: "))).containsExactly(
        "warning: time-window reads a big-endian millisecond timestamp from each key's first 8"
            + " bytes, but bench's keys are 16 ASCII digits and all fall in one window: the"
            + " figures do not show time-window compaction of time series");
    assertThat(r.out()).contains("Strategy:   time-window");
    CliRunner.Result leveled = cli.run("--db", db(), "bench", "--num", "10", "--benchmarks",
        "fillseq");
    assertThat(leveled.err()).doesNotContain("warning");
  }

  @Test
  void progressLinesWhenStderrIsNotATerminal() throws IOException {
    Benchmark.Config config = new Benchmark.Config(List.of("fillseq", "readrandom"), 1000, 1000,
        100, 301, 1, false, false, tmp.resolve("lines"), io.strata.api.Options.defaults(), false);
    StringWriter err = new StringWriter();
    // An interval of 0: a line at every progress check, each 256 operations.
    new Benchmark(config, cli.opener, new PrintWriter(new StringWriter()),
        new PrintWriter(err, true), ProgressMode.LINES, 0).run();
    assertThat(err.toString()).doesNotContain("\r");
    assertThat(err.toString().lines().filter(l -> l.startsWith("bench: ")))
        .hasSize(6)
        .allMatch(l -> l.matches("bench: (fillseq|readrandom): (256|512|768) ops in \\d+\\.\\d s"));
  }

  @Test
  void progressIsACountRedrawnOnATerminalAndNothingWithNone() {
    cli.terminal(true);
    CliRunner.Result bar = cli.run("--db", db(), "bench", "--num", "1000", "--benchmarks",
        "fillseq");
    assertThat(bar.err()).contains("... finished 256 ops").contains("\r");
    CliRunner.Result none = cli.run("--db", db(), "bench", "--num", "1000", "--benchmarks",
        "fillseq", "--progress", "none");
    assertThat(none.exitCode()).as(none.err()).isZero();
    assertThat(none.err()).doesNotContain("finished").doesNotContain("\r");
  }

  @Test
  void latencyPercentilesOnlyWithHistogram() {
    CliRunner.Result r = cli.run("--db", db(), "bench", "--num", "500", "--benchmarks",
        "fillseq,readseq");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("fillseq      :").doesNotContain("latency micros:");
  }
}
