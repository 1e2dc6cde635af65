package io.strata.examples.cli;

import static io.strata.api.CompressionType.NONE;
import static io.strata.api.CompressionType.SNAPPY;
import static io.strata.api.CompressionType.ZSTD;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The global options {@code --compression-per-level} and {@code --bottommost-compression}. */
class CompressionCliTest {
  @TempDir Path tmp;

  private final CliRunner cli = new CliRunner();

  private String db() {
    return tmp.resolve("db").toString();
  }

  @Test
  void perLevelAndBottommostReachTheOptions() {
    CliRunner.Result r = cli.run("--db", db(), "--compression-per-level", "none,Snappy,zstd",
        "--bottommost-compression", "zstd", "put", "a", "b");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(cli.opener.lastOptions().compressionPerLevel()).containsExactly(NONE, SNAPPY, ZSTD);
    assertThat(cli.opener.lastOptions().bottommostCompression()).contains(ZSTD);
    r = cli.run("--db", tmp.resolve("bench").toString(), "bench", "--compression-per-level",
        "none,zstd", "--num", "10",
        "--benchmarks", "fillseq");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(cli.opener.lastOptions().compressionForLevel(0)).isEqualTo(NONE);
    assertThat(cli.opener.lastOptions().compressionForLevel(6)).isEqualTo(ZSTD);
  }

  @Test
  void emptyUnknownAndTooManyEntriesAreUsageErrors() {
    CliRunner.Result r = cli.run("--db", db(), "--compression-per-level", "none,,zstd", "put",
        "a", "b");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--compression-per-level")
        .contains("expected none, snappy or zstd, was ''");
    r = cli.run("--db", db(), "--compression-per-level", "none,lz4", "put", "a", "b");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("expected none, snappy or zstd, was 'lz4'");
    r = cli.run("--db", db(), "--compression-per-level", "none,none,none,none,none,none,none,zstd",
        "put", "a", "b");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--compression-per-level has 8 entries, more than the 7 levels");
    assertThat(cli.opener.options).isEmpty();
  }
}
