package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CorruptionException;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.version.VersionEdit;
import io.strata.core.compaction.OptionsFile;
import io.strata.core.compaction.StrategySettings;
import io.strata.manifest.FileNames;
import io.strata.manifest.LogReader;
import io.strata.manifest.VersionEditCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database keeps its compaction strategy and the strategy's options: an open that names none
 * uses the recorded ones, and only an open that names another switches, and says so.
 */
class StrategyRecordTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static Options.Builder small() {
    return Options.builder().writeBufferSizeBytes(64 << 10).blockSizeBytes(1024);
  }

  /**
   * A tiered database with min_threshold=6 and five level-0 runs: below its trigger, and with
   * size amplification allowed, so that tiered leaves them (and leveled would not).
   */
  private String createTiered() throws IOException {
    try (Db db = Strata.open(dir, small().compactionStrategy("tiered")
        .strategyOption("min_threshold", "6")
        .strategyOption("max_size_amplification_percent", "100000").build())) {
      for (int run = 0; run < 5; run++) {
        for (int i = 0; i < 200; i++) {
          db.put(b(String.format("k%05d", i * 5 + run)), b("v" + run + "-" + i));
        }
        DbTesting.flushMemTable(db);
      }
      DbTesting.awaitQuiescence(db);
      assertThat(db.getProperty("strata.num-files-at-level0")).contains("5");
      return db.getProperty("strata.sstables").orElseThrow();
    }
  }

  @Test
  void anOpenNamingNoStrategyKeepsTheRecordedOneAndItsOptions() throws IOException {
    String tables = createTiered();
    for (Options o : List.of(Options.defaults(), small().build())) {
      try (Db db = Strata.open(dir, o)) {
        DbTesting.awaitQuiescence(db);
        assertThat(db.getProperty("strata.strategy")).contains("tiered");
        assertThat(db.getProperty("strata.strategy-options"))
            .contains("max_size_amplification_percent=100000, min_threshold=6");
        assertThat(db.getProperty("strata.strategy-change")).contains("");
        assertThat(db.getProperty("strata.stats").orElseThrow())
            .contains("strategy: tiered (since the database was created)")
            .contains("strategy options: max_size_amplification_percent=100000, min_threshold=6");
        assertThat(db.getProperty("strata.sstables")).as("no file moved").contains(tables);
        assertThat(db.get(b("k00999"))).isEqualTo(b("v4-199"));
      }
    }
    assertThat(optionsFiles()).hasSize(1);
  }

  @Test
  void optionsGivenWithoutAStrategyReplaceTheRecordedOnes() throws IOException {
    createTiered();
    String before = optionsFiles().get(0);
    try (Db db = Strata.open(dir, Options.builder().strategyOption("min_threshold", "4").build())) {
      assertThat(db.getProperty("strata.strategy")).contains("tiered");
      assertThat(db.getProperty("strata.strategy-change")).contains("compaction strategy tiered:"
          + " options changed from max_size_amplification_percent=100000, min_threshold=6 to"
          + " min_threshold=4");
    }
    assertThat(optionsFiles()).hasSize(1).doesNotContain(before);
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.getProperty("strata.strategy-options")).contains("min_threshold=4");
      assertThat(db.getProperty("strata.strategy-change")).contains("");
    }
  }

  @Test
  void anExplicitSwitchIsReportedRecordedAndKept() throws IOException {
    createTiered();
    try (Db db = Strata.open(dir, Options.builder().compactionStrategy("leveled").build())) {
      assertThat(db.getProperty("strata.strategy-change"))
          .contains("compaction strategy switched from tiered to leveled");
      assertThat(db.getProperty("strata.strategy-switch"))
          .contains("leveled (switched from tiered)");
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.getProperty("strata.strategy")).contains("leveled");
      assertThat(db.getProperty("strata.strategy-options")).contains("defaults");
      assertThat(db.getProperty("strata.strategy-change")).contains("");
    }
  }

  @Test
  void aLevelDbDatabaseOpenedWithDefaultsStaysLeveledAndGainsNoOptionsFile() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("a"), b("1"));
    }
    // What LevelDB leaves: no OPTIONS file (it never writes one).
    for (String f : optionsFiles()) {
      Files.delete(dir.resolve(f));
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.getProperty("strata.strategy")).contains("leveled");
      assertThat(db.getProperty("strata.strategy-change")).contains("");
    }
    assertThat(optionsFiles()).isEmpty();
    try (Db db = Strata.open(dir, Options.builder().compactionStrategy("tiered").build())) {
      assertThat(db.getProperty("strata.strategy-change"))
          .contains("compaction strategy switched from leveled to tiered");
    }
    assertThat(optionsFiles()).hasSize(1);
  }

  @Test
  void aNewDatabaseWithDefaultsWritesNothingLevelDbCannotRead() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 3000; i++) {
        db.put(b(String.format("k%06d", i)), b("value-" + i));
      }
      db.compactRange(null, null);
      db.put(b("in-log"), b("x"));
      assertThat(db.getProperty("strata.strategy")).contains("leveled");
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b("k002999"))).isEqualTo(b("value-2999"));
    }
    List<String> foreign = new ArrayList<>();
    for (String name : names()) {
      FileNames.FileType type = FileNames.parse(name).map(FileNames.ParsedFileName::type)
          .orElse(null);
      // LevelDB's ParseFileName rejects OPTIONS-NNNNNN (not a number, not "MANIFEST-"), so
      // LevelDB keeps the file and never reads it; every other file is one of LevelDB's own.
      if (type == null || type == FileNames.FileType.OPTIONS_TEMP) {
        foreign.add(name);
      } else if (type == FileNames.FileType.OPTIONS) {
        assertThat(name).matches("OPTIONS-\\d{6}");
      }
    }
    assertThat(foreign).isEmpty();
    assertThat(optionsFiles()).hasSize(1);
    // The MANIFEST holds only LevelDB's records: no strategy switch, no sequence ranges.
    String manifest = names().stream().filter(n -> n.startsWith("MANIFEST-")).findFirst()
        .orElseThrow();
    try (ReadableFile f = new LocalFileSystem().newReadableFile(dir.resolve(manifest))) {
      LogReader r = new LogReader(f, manifest, true);
      byte[] record;
      int edits = 0;
      while ((record = r.readRecord()) != null) {
        VersionEdit e = VersionEditCodec.decode(record, manifest, r.lastRecordOffset());
        assertThat(e.strategySwitch()).isEmpty();
        assertThat(e.newFiles()).allSatisfy(nf -> assertThat(nf.file().hasSequenceRange())
            .as("file %s", nf.file().fileNumber()).isFalse());
        edits++;
      }
      assertThat(edits).isPositive();
    }
  }

  @Test
  void aDamagedOptionsFileFailsTheOpenNamingItAndChangesNothing() throws IOException {
    createTiered();
    Path options = dir.resolve(optionsFiles().get(0));
    byte[] bytes = Files.readAllBytes(options);
    bytes[bytes.length / 3] ^= 0x10;
    Files.write(options, bytes);
    List<String> before = names();
    for (Options o : List.of(Options.defaults(),
        Options.builder().compactionStrategy("leveled").build())) {
      assertThatThrownBy(() -> Strata.open(dir, o)).isInstanceOf(CorruptionException.class)
          .hasMessageContaining(options.toString()).hasMessageContaining("checksum mismatch");
    }
    assertThat(names()).isEqualTo(before);
    Files.delete(options);
    try (Db db = Strata.open(dir, Options.defaults())) {
      // The MANIFEST still names tiered; its options are the defaults until named again.
      assertThat(db.getProperty("strata.strategy")).contains("tiered");
      assertThat(db.getProperty("strata.strategy-options")).contains("defaults");
    }
  }

  @Test
  void aRecordedStrategyMissingFromTheClassPathFailsSayingWhereItIsRecorded() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(b("a"), b("1"));
    }
    String recorded = optionsFiles().get(0);
    Files.write(dir.resolve(recorded),
        OptionsFile.encode(StrategySettings.of("vanished", java.util.Map.of())));
    assertThatThrownBy(() -> Strata.open(dir, Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown compaction strategy 'vanished'")
        .hasMessageContaining("recorded in " + recorded);
  }

  private List<String> optionsFiles() throws IOException {
    return names().stream().filter(n -> n.startsWith("OPTIONS-")).toList();
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("LOCK")).sorted()
          .toList();
    }
  }
}
