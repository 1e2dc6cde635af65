package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Ticker;
import io.strata.api.BytewiseComparator;
import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.version.VersionEdit;
import io.strata.manifest.ManifestVersionSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MANIFEST's record of features outside LevelDB's formats (tag 82). */
class FeaturesTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  /** Appends an edit to the database's MANIFEST, with the database closed. */
  private void appendEdit(VersionEdit edit) throws IOException {
    try (ManifestVersionSet versions = new ManifestVersionSet(new PluginContext(dir,
        new LocalFileSystem(), Options.defaults(),
        new InternalKeyComparator(BytewiseComparator.INSTANCE), Ticker.systemTicker()))) {
      versions.recover();
      versions.logAndApply(edit);
    }
  }

  @Test
  void aRecordedFeatureIsKeptAcrossReopens() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("a"), b("1"));
      assertThat(DbTesting.currentVersion(db).features()).isEmpty();
    }
    appendEdit(VersionEdit.builder().feature(Features.MERGE).build());
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(DbTesting.currentVersion(db).features()).containsExactly(Features.MERGE);
      assertThat(db.get(b("a"))).isEqualTo(b("1"));
      db.put(b("b"), b("2"));
      DbTesting.flushMemTable(db); // a new edit does not drop the record
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(DbTesting.currentVersion(db).features()).containsExactly(Features.MERGE);
    }
  }

  @Test
  void aFeatureThisVersionDoesNotReadRefusesTheOpen() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("a"), b("1"));
    }
    appendEdit(VersionEdit.builder().feature("column-families").build());
    assertThatThrownBy(() -> Strata.open(dir, Options.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("[column-families]")
        .hasMessageContaining("does not read");
  }

  @Test
  void zstdIsRecordedByTheFirstOpenThatConfiguresIt() throws IOException {
    try (Db db = Strata.open(dir, Options.builder().compression(CompressionType.SNAPPY)
        .compressionPerLevel(List.of(CompressionType.NONE, CompressionType.SNAPPY)).build())) {
      db.put(b("a"), b("1"));
      DbTesting.flushMemTable(db);
      assertThat(DbTesting.currentVersion(db).features()).isEmpty();
    }
    try (Db db = Strata.open(dir, Options.builder()
        .bottommostCompression(CompressionType.ZSTD).build())) {
      assertThat(DbTesting.currentVersion(db).features()).containsExactly(Features.ZSTD);
      assertThat(db.getProperty("strata.stats").orElseThrow())
          .contains("features outside LevelDB's formats: zstd");
    }
    // Kept when the option is gone: older tables may still hold zstd blocks.
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(DbTesting.currentVersion(db).features()).containsExactly(Features.ZSTD);
      assertThat(db.get(b("a"))).isEqualTo(b("1"));
    }
  }

  @Test
  void aTtlIsRecordedAtTheOpenThatSetsIt() throws IOException {
    try (Db db = Strata.open(dir, Options.builder().ttl(Duration.ofHours(1)).build())) {
      assertThat(DbTesting.currentVersion(db).features()).containsExactly(Features.TTL);
      db.put(b("a"), b("1"));
    }
  }

  @Test
  void theFirstMergeIsRecordedBeforeItIsLogged() throws IOException {
    Options merging = Options.builder().mergeOperator("uint64add").build();
    try (Db db = Strata.open(dir, merging)) {
      db.put(b("a"), b("1"));
      assertThat(DbTesting.currentVersion(db).features())
          .as("an operator configured but never used changes nothing").isEmpty();
      db.merge(b("n"), new byte[8]);
      assertThat(DbTesting.currentVersion(db).features()).containsExactly(Features.MERGE);
    }
    // The merge is only in the log: the record is already in the MANIFEST.
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(DbTesting.currentVersion(db).features()).containsExactly(Features.MERGE);
      assertThat(db.get(b("n"))).isEqualTo(new byte[8]);
    }
  }

  @Test
  void checkKnownAcceptsEveryFeatureTheEngineWrites() throws IOException {
    Features.checkKnown(dir, Features.KNOWN);
    Features.checkKnown(dir, Set.of());
    assertThatThrownBy(() -> Features.checkKnown(dir, Set.of("merge", "x")))
        .hasMessageContaining("[x]");
  }
}
