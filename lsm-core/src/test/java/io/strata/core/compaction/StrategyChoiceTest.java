package io.strata.core.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Options;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule of the {@code Options} class comment, case by case. */
class StrategyChoiceTest {
  private static final StrategySettings TIERED_6 =
      StrategySettings.of("tiered", Map.of("min_threshold", "6"));
  private static final Optional<OptionsFile.Loaded> TIERED_FILE =
      Optional.of(new OptionsFile.Loaded(7, TIERED_6));

  private static StrategyChoice existing(Options o, Optional<OptionsFile.Loaded> file,
      String manifest) {
    return StrategyChoice.resolve(o, file, Optional.ofNullable(manifest), false);
  }

  @Test
  void aNewDatabaseGetsWhatTheOptionsNameElseLeveledAndRecordsIt() {
    StrategyChoice c = StrategyChoice.resolve(Options.defaults(), Optional.empty(),
        Optional.empty(), true);
    assertThat(c.settings()).isEqualTo(StrategySettings.DEFAULT);
    assertThat(c.record()).isTrue();
    assertThat(c.change()).isEmpty();
    assertThat(c.switchedFrom()).isEmpty();

    c = StrategyChoice.resolve(Options.builder().compactionStrategy("tiered")
        .strategyOption("min_threshold", "6").build(), Optional.empty(), Optional.empty(), true);
    assertThat(c.settings()).isEqualTo(TIERED_6);
    assertThat(c.record()).isTrue();
    assertThat(c.change()).isEmpty();
  }

  @Test
  void namingNoStrategyKeepsTheRecordedOneWithItsOptions() {
    StrategyChoice c = existing(Options.defaults(), TIERED_FILE, "tiered");
    assertThat(c.settings()).isEqualTo(TIERED_6);
    assertThat(c.source()).isEqualTo("recorded in OPTIONS-000007");
    assertThat(c.record()).isFalse();
    assertThat(c.change()).isEmpty();
  }

  @Test
  void optionsGivenAloneReplaceTheRecordedOnes() {
    StrategyChoice c = existing(Options.builder().strategyOption("min_threshold", "8").build(),
        TIERED_FILE, "tiered");
    assertThat(c.settings()).isEqualTo(StrategySettings.of("tiered", Map.of("min_threshold", "8")));
    assertThat(c.record()).isTrue();
    assertThat(c.switchedFrom()).isEmpty();
    assertThat(c.change()).contains(
        "compaction strategy tiered: options changed from min_threshold=6 to min_threshold=8");
  }

  @Test
  void namingAnotherStrategySwitchesAndIsReported() {
    StrategyChoice c = existing(Options.builder().compactionStrategy("leveled").build(),
        TIERED_FILE, "tiered");
    assertThat(c.settings()).isEqualTo(StrategySettings.DEFAULT);
    assertThat(c.record()).isTrue();
    assertThat(c.switchedFrom()).contains("tiered");
    assertThat(c.change()).contains("compaction strategy switched from tiered to leveled");
  }

  @Test
  void namingTheRecordedStrategyWithItsOptionsChangesNothing() {
    StrategyChoice c = existing(Options.builder().compactionStrategy("tiered")
        .strategyOption("min_threshold", "6").build(), TIERED_FILE, "tiered");
    assertThat(c.record()).isFalse();
    assertThat(c.change()).isEmpty();
    // Named without its options: exactly what is named, the defaults.
    c = existing(Options.builder().compactionStrategy("tiered").build(), TIERED_FILE, "tiered");
    assertThat(c.settings().options()).isEmpty();
    assertThat(c.change()).contains(
        "compaction strategy tiered: options changed from min_threshold=6 to defaults");
  }

  @Test
  void withoutAnOptionsFileTheManifestElseLevelDbsDefaultIsRecorded() {
    StrategyChoice c = existing(Options.defaults(), Optional.empty(), "tiered");
    assertThat(c.settings()).isEqualTo(StrategySettings.of("tiered", Map.of()));
    assertThat(c.source()).isEqualTo("recorded in the MANIFEST");
    assertThat(c.record()).isFalse();

    c = existing(Options.defaults(), Optional.empty(), null);
    assertThat(c.settings()).isEqualTo(StrategySettings.DEFAULT);
    assertThat(c.source()).startsWith("LevelDB's default");
    assertThat(c.record()).as("a LevelDB database opened with defaults gains no file").isFalse();

    c = existing(Options.builder().compactionStrategy("tiered").build(), Optional.empty(), null);
    assertThat(c.change()).contains("compaction strategy switched from leveled to tiered");
    assertThat(c.record()).isTrue();
  }

  @Test
  void aManifestNamingAnotherStrategyWinsOverAStaleOptionsFile() {
    // The MANIFEST recorded a switch to leveled; the crash came before the OPTIONS file.
    StrategyChoice c = existing(Options.defaults(), TIERED_FILE, "leveled");
    assertThat(c.settings()).isEqualTo(StrategySettings.DEFAULT);
    assertThat(c.record()).as("the stale file is replaced").isTrue();
    assertThat(c.change()).isEmpty();
  }

  @Test
  void aStrategyThatKeepsLevelDbsLayoutIsKnownByItsOptionsFileAlone() {
    // Leveled to time-window writes no MANIFEST record: the OPTIONS file is the record.
    StrategySettings tw = StrategySettings.of("time-window", Map.of("window_seconds", "60"));
    StrategyChoice c = existing(Options.defaults(), Optional.of(new OptionsFile.Loaded(9, tw)),
        null);
    assertThat(c.settings()).isEqualTo(tw);
    assertThat(c.record()).isFalse();
  }
}
