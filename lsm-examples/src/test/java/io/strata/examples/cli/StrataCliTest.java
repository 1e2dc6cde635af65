package io.strata.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CompressionType;
import io.strata.api.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrataCliTest {
  @TempDir Path tmp;

  private final CliRunner cli = new CliRunner();

  private String db() {
    return tmp.resolve("db").toString();
  }

  @Test
  void putThenGetPrintsTheValue() {
    CliRunner.Result put = cli.run("--db", db(), "put", "alpha", "one");
    assertThat(put.exitCode()).isZero();
    assertThat(put.out()).isEmpty();
    assertThat(put.err()).isEmpty();

    CliRunner.Result get = cli.run("--db", db(), "get", "alpha");
    assertThat(get.exitCode()).isZero();
    assertThat(get.out()).isEqualTo("one" + System.lineSeparator());
    assertThat(cli.opener.opened).allSatisfy(d -> assertThat(d.isClosed()).isTrue());
  }

  @Test
  void globalOptionsMayFollowTheSubcommand() {
    assertThat(cli.run("put", "k", "v", "--db", db()).exitCode()).isZero();
    assertThat(cli.run("get", "--db", db(), "k").out()).startsWith("v");
  }

  @Test
  void getOfAnAbsentKeyExitsOneWithNotFound() {
    cli.run("--db", db(), "put", "a", "1");
    CliRunner.Result r = cli.run("--db", db(), "get", "b");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("strata: not found: b" + System.lineSeparator());
  }

  @Test
  void readCommandsDoNotCreateAMissingDatabaseAndSayWhichDo() throws IOException {
    for (String[] command : new String[][] {{"get", "a"}, {"scan"}, {"stats"}, {"compact"},
        {"delete", "a"}}) {
      CliRunner.Result r = cli.run(concat(new String[] {"--db", db()}, command));
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).isEqualTo("strata: no database at " + db() + ": no such directory;"
          + " 'strata put' and 'strata load' create one, the other commands only open one"
          + System.lineSeparator());
    }
    assertThat(cli.opener.options).isEmpty();
    assertThat(tmp.resolve("db")).doesNotExist();

    Files.createDirectories(tmp.resolve("db"));
    Files.writeString(tmp.resolve("db").resolve("LOCK"), "");
    assertThat(cli.run("--db", db(), "get", "a").err())
        .startsWith("strata: no database at " + db() + ": the directory holds none;");
    assertThat(cli.run("--db", db(), "put", "a", "1").exitCode()).isZero();
    assertThat(cli.opener.lastOptions().createIfMissing()).isTrue();
    assertThat(cli.run("--db", db(), "get", "a").out()).startsWith("1");
  }

  @Test
  void aMissingDefaultDatabaseNamesTheFlag() {
    CliRunner.Result r = cli.run("get", "surely-absent-" + System.nanoTime());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith(
        "strata: no database at strata-db (the default; --db DIR names another): ");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void deleteRemovesTheKey() {
    cli.run("--db", db(), "put", "a", "1");
    CliRunner.Result del = cli.run("--db", db(), "delete", "a");
    assertThat(del.exitCode()).isZero();
    assertThat(del.out()).isEmpty();
    assertThat(cli.run("--db", db(), "get", "a").exitCode()).isEqualTo(1);
  }

  @Test
  void putWithSyncWritesSynchronously() {
    cli.run("--db", db(), "put", "--sync", "a", "1");
    assertThat(cli.opener.last().syncWrites.get()).isEqualTo(1);
  }

  private void putAll(String... keys) {
    for (String k : keys) {
      assertThat(cli.run("--db", db(), "put", k, "v" + k).exitCode()).isZero();
    }
  }

  private static String lines(String... lines) {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l).append(System.lineSeparator());
    }
    return sb.toString();
  }

  @Test
  void scanPrintsTabSeparatedLinesInKeyOrder() {
    putAll("c", "a", "b");
    CliRunner.Result r = cli.run("--db", db(), "scan");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(lines("a\tva", "b\tvb", "c\tvc"));
  }

  @Test
  void scanHonoursFromInclusiveToExclusiveAndLimit() {
    putAll("a", "b", "c", "d", "e");
    assertThat(cli.run("--db", db(), "scan", "--from", "b", "--to", "d").out())
        .isEqualTo(lines("b\tvb", "c\tvc"));
    assertThat(cli.run("--db", db(), "scan", "--from", "bb", "--limit", "2").out())
        .isEqualTo(lines("c\tvc", "d\tvd"));
    assertThat(cli.run("--db", db(), "scan", "--limit", "0").out()).isEmpty();
  }

  @Test
  void reverseScanStaysInsideTheRange() {
    putAll("a", "b", "c", "d", "e");
    assertThat(cli.run("--db", db(), "scan", "--reverse").out())
        .isEqualTo(lines("e\tve", "d\tvd", "c\tvc", "b\tvb", "a\tva"));
    assertThat(cli.run("--db", db(), "scan", "--reverse", "--from", "b", "--to", "d").out())
        .isEqualTo(lines("c\tvc", "b\tvb"));
    assertThat(cli.run("--db", db(), "scan", "--reverse", "--to", "zz", "--limit", "1").out())
        .isEqualTo(lines("e\tve"));
    assertThat(cli.run("--db", db(), "scan", "--reverse", "--to", "a").out()).isEmpty();
  }

  @Test
  void scanBoundsCompareAsUnsignedBytes() {
    putAll("a", "\u00e9"); // U+00E9 is 0xC3 0xA9 in UTF-8: after every ASCII key
    assertThat(cli.run("--db", db(), "scan", "--from", "b").out()).isEqualTo(lines("\u00e9\tv\u00e9"));
  }

  @Test
  void negativeScanLimitIsAUsageError() {
    putAll("a");
    CliRunner.Result r = cli.run("--db", db(), "scan", "--limit", "-1");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--limit must be >= 0, was -1");
  }

  @Test
  void statsPrintsStatsThenSstables() {
    putAll("a", "b");
    CliRunner.Result r = cli.run("--db", db(), "stats");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("in-memory: 2 keys\n--- level 0 ---" + System.lineSeparator());
  }

  @Test
  void compactCompactsTheWholeRange() {
    putAll("a");
    CliRunner.Result r = cli.run("--db", db(), "compact");
    assertThat(r.exitCode()).isZero();
    assertThat(cli.opener.last().compactions.get()).isEqualTo(1);
  }

  @Test
  void defaultsMapOntoOptions() {
    cli.run("put", "a", "b", "--db", db());
    Options o = cli.opener.lastOptions();
    assertThat(o.compression()).isEqualTo(CompressionType.SNAPPY);
    assertThat(o.writeBufferSizeBytes()).isEqualTo(Options.defaults().writeBufferSizeBytes());
    assertThat(o.blockCacheSizeBytes()).isEqualTo(Options.defaults().blockCacheSizeBytes());
    assertThat(o.memTable()).isEqualTo(Options.defaults().memTable());
    assertThat(o.bloomBitsPerKey()).isEqualTo(10);
    assertThat(o.compactionStrategy()).as("no --strategy: the database's own").isEmpty();
    assertThat(o.strategyOptions()).isEmpty();
    assertThat(o.createIfMissing()).isTrue();
  }

  @Test
  void levelDbDefaultsFlagStartsFromLevelDbsOptionsAndOtherFlagsOverride() {
    assertThat(cli.run("--leveldb-defaults", "put", "a", "b", "--db", db()).exitCode()).isZero();
    Options o = cli.opener.lastOptions();
    Options leveldb = Options.levelDbDefaults();
    assertThat(o.writeBufferSizeBytes()).isEqualTo(4L << 20);
    assertThat(o.blockCacheSizeBytes()).isEqualTo(8L << 20);
    assertThat(o.memTable()).isEqualTo("skiplist");
    assertThat(o.compactionStrategy()).contains("leveled");
    assertThat(o.strategyOptions()).isEqualTo(leveldb.strategyOptions());

    assertThat(cli.run("--leveldb-defaults", "--write-buffer-size", "1m", "--strategy-option",
        "l0_compaction_trigger=6", "put", "a", "b", "--db", db()).exitCode()).isZero();
    o = cli.opener.lastOptions();
    assertThat(o.writeBufferSizeBytes()).isEqualTo(1L << 20);
    assertThat(o.strategyOptions()).containsEntry("l0_compaction_trigger", "6")
        .containsEntry("target_file_size_base", "2097152");

    assertThat(cli.run("--leveldb-defaults", "--strategy", "tiered", "put", "a", "b", "--db",
        db()).exitCode()).isZero();
    o = cli.opener.lastOptions();
    assertThat(o.compactionStrategy()).contains("tiered");
    assertThat(o.strategyOptions()).as("leveled's keys are not tiered's").isEmpty();
    assertThat(o.writeBufferSizeBytes()).isEqualTo(4L << 20);
  }

  @Test
  void defaultDirectoryIsStrataDbInTheWorkingDirectory() {
    Path[] seen = new Path[1];
    DbOpener recording = (dir, options) -> {
      seen[0] = dir;
      throw new IOException("stop here");
    };
    StrataCli strata = new StrataCli(recording, System.in, false);
    picocli.CommandLine cl = strata.newCommandLine();
    cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
    assertThat(cl.execute("put", "a", "b")).isEqualTo(1);
    assertThat(seen[0]).isEqualTo(Path.of("strata-db"));
  }

  @Test
  void everyGlobalOptionMapsOntoOptions() {
    CliRunner.Result r = cli.run("--db", db(), "--compression", "none", "--write-buffer-size",
        "1m", "--block-cache-size", "65536", "--bloom-bits", "16", "--strategy", "tiered",
        "--strategy-option", "min_threshold=4", "--strategy-option", "ratio=a=b",
        "--strategy-option", "min_threshold=6", "--memtable", "arena", "put", "a", "b");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Options o = cli.opener.lastOptions();
    assertThat(o.memTable()).isEqualTo("arena");
    assertThat(o.compression()).isEqualTo(CompressionType.NONE);
    assertThat(o.writeBufferSizeBytes()).isEqualTo(1L << 20);
    assertThat(o.blockCacheSizeBytes()).isEqualTo(65536);
    assertThat(o.bloomBitsPerKey()).isEqualTo(16);
    assertThat(o.compactionStrategy()).contains("tiered");
    assertThat(o.strategyOptions()).containsExactly(
        java.util.Map.entry("min_threshold", "6"), java.util.Map.entry("ratio", "a=b"));
  }

  @Test
  void aConfigFileSetsTheStrategyAndTheCommandLineOverridesIt() throws IOException {
    Path config = tmp.resolve("strata.properties");
    java.nio.file.Files.writeString(config, "compaction.strategy=tiered\n"
        + "compaction.option.min_threshold=6\ncompaction.option.bucket_low=0.4\n");
    assertThat(cli.run("--db", db(), "--config", config.toString(), "put", "a", "b").exitCode())
        .isZero();
    assertThat(cli.opener.lastOptions().compactionStrategy()).contains("tiered");
    assertThat(cli.opener.lastOptions().strategyOptions()).containsEntry("min_threshold", "6")
        .containsEntry("bucket_low", "0.4");

    assertThat(cli.run("--db", db(), "--config", config.toString(), "--strategy-option",
        "min_threshold=8", "put", "a", "b").exitCode()).isZero();
    assertThat(cli.opener.lastOptions().strategyOptions()).containsEntry("min_threshold", "8")
        .containsEntry("bucket_low", "0.4");

    CliRunner.Result r = cli.run("--db", db(), "--config", tmp.resolve("absent").toString(),
        "put", "a", "b");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("cannot read --config");
  }

  @Test
  void compressionIsCaseInsensitiveAndValidated() {
    assertThat(cli.run("--db", db(), "--compression", "SNAPPY", "put", "a", "b").exitCode()).isZero();
    assertThat(cli.opener.lastOptions().compression()).isEqualTo(CompressionType.SNAPPY);
    assertThat(cli.run("--db", db(), "--compression", "Zstd", "put", "a", "b").exitCode()).isZero();
    assertThat(cli.opener.lastOptions().compression()).isEqualTo(CompressionType.ZSTD);
    CliRunner.Result r = cli.run("--db", db(), "--compression", "lz4", "put", "a", "b");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("expected none, snappy or zstd, was 'lz4'");
  }

  @Test
  void strategyOptionWithoutEqualsIsAUsageError() {
    CliRunner.Result r = cli.run("--db", db(), "--strategy-option", "min_threshold", "put", "a", "b");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("strategy option 'min_threshold' must be KEY=VALUE (no '=' found)");
    assertThat(cli.opener.options).isEmpty();
  }

  @Test
  void strategyOptionWithEmptyKeyIsAUsageError() {
    CliRunner.Result r = cli.run("--db", db(), "--strategy-option", "=4", "put", "a", "b");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("strategy option '=4' has an empty key");
  }

  @Test
  void badSizeIsAUsageError() {
    CliRunner.Result r = cli.run("--db", db(), "--write-buffer-size", "4x", "put", "a", "b");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown size unit in '4x'");
  }

  @Test
  void optionOutOfRangeIsAUsageErrorNamingTheFlag() {
    CliRunner.Result r = cli.run("--db", db(), "--bloom-bits", "100", "put", "a", "b");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(lines(
        "strata: --bloom-bits must be in [0, 64], was 100", "see 'strata --help'"));
    assertThat(cli.run("--db", db(), "--write-buffer-size", "1k", "put", "a", "b").err())
        .startsWith("strata: --write-buffer-size must be in [64 KiB, 1 GiB], was 1024");
    assertThat(cli.run("--db", db(), "--strategy", " ", "put", "a", "b").err())
        .startsWith("strata: --strategy must not be blank, was ' '");
    assertThat(cli.opener.options).isEmpty();
  }

  @Test
  void ioFailurePrintsOneLineWithoutStackTrace() {
    cli.opener.failure = new IOException("LOCK is held by another process");
    CliRunner.Result r = cli.run("--db", db(), "put", "a", "b");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("strata: LOCK is held by another process" + System.lineSeparator());
  }

  @Test
  void verbosePrintsTheStackTrace() {
    cli.opener.failure = new IOException("disk on fire");
    CliRunner.Result r = cli.run("--verbose", "--db", db(), "put", "a", "b");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("strata: disk on fire").contains("java.io.IOException: disk on fire")
        .contains("\tat ");
  }

  @Test
  void unexpectedExceptionAlwaysPrintsItsTrace() {
    DbOpener broken = (dir, options) -> {
      throw new IllegalStateException("bug");
    };
    StrataCli strata = new StrataCli(broken, System.in, false);
    picocli.CommandLine cl = strata.newCommandLine();
    java.io.StringWriter err = new java.io.StringWriter();
    cl.setErr(new java.io.PrintWriter(err, true));
    assertThat(cl.execute("--db", db(), "put", "a", "b")).isEqualTo(1);
    assertThat(err.toString()).startsWith("strata: unexpected error: java.lang.IllegalStateException: bug")
        .contains("\tat ");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(cli.run("--db", db(), "put", "onlykey").exitCode()).isEqualTo(2);
    assertThat(cli.run("frobnicate").exitCode()).isEqualTo(2);
    CliRunner.Result none = cli.run();
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("Usage: strata");
  }

  @Test
  void usageErrorPrintsTheErrorAndAHintNotTheUsage() {
    CliRunner.Result r = cli.run("--db", db(), "load", "--batch-size", "x", "data.tsv");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(lines(
        "strata: Invalid value for option '--batch-size': 'x' is not an int",
        "see 'strata load --help'"));
    CliRunner.Result missing = cli.run("--db", db(), "put", "onlykey");
    assertThat(missing.err()).isEqualTo(lines(
        "strata: Missing required parameter: 'VALUE'", "see 'strata put --help'"));
    CliRunner.Result misspelt = cli.run("--db", db(), "lod", "data.tsv");
    assertThat(misspelt.exitCode()).isEqualTo(2);
    assertThat(misspelt.err()).startsWith("strata: Unmatched arguments from index 2: 'lod'")
        .contains("Did you mean: strata load").endsWith("see 'strata --help'" + System.lineSeparator())
        .doesNotContain("Usage:");
  }

  @Test
  void helpListsEverySubcommand() {
    CliRunner.Result r = cli.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("put", "get", "delete", "scan", "stats", "load", "compact", "bench",
        "--db=DIR", "--strategy-option=KEY=VALUE");
    assertThat(cli.run("load", "--help").out().replaceAll("\\s+", " "))
        .contains("every line before it is loaded, nothing from that line on");
  }

  @Test
  void describeNamesTheFileOfFileSystemExceptions() {
    assertThat(StrataCli.describe(new java.nio.file.NoSuchFileException("/x/y")))
        .isEqualTo("no such file or directory: /x/y");
    assertThat(StrataCli.describe(new IOException())).isEqualTo("IOException");
  }

  @Test
  void corruptionOfAnUnknownOffsetSaysNoOffset() {
    cli.opener.failure = new io.strata.api.CorruptionException("000005.ldb", -1,
        "table is smaller than its footer");
    CliRunner.Result r = cli.run("--db", db(), "put", "a", "b");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("strata: 000005.ldb: table is smaller than its footer"
        + System.lineSeparator());
  }

  @Test
  void loadOfAMissingFileNamesIt() {
    Path missing = tmp.resolve("missing.tsv");
    CliRunner.Result r = cli.run("--db", db(), "load", missing.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("strata: no such file or directory: " + missing + System.lineSeparator());
    assertThat(Files.exists(tmp.resolve("db"))).isFalse();
  }
}
