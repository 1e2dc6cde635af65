package io.strata.compaction.leveled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeveledCompactionOptionsTest {

  @Test
  void defaultsAreBetweenLevelDbsAndRocksDbs() {
    LeveledCompactionOptions o = LeveledCompactionOptions.fromMap(Map.of());

    assertThat(o).isEqualTo(LeveledCompactionOptions.defaults());
    assertThat(o.l0CompactionTriggerFiles()).isEqualTo(4);
    assertThat(o.l0SlowdownWritesTriggerFiles()).isEqualTo(20);
    assertThat(o.l0StopWritesTriggerFiles()).isEqualTo(36);
    assertThat(o.maxBytesForLevelBaseBytes()).isEqualTo(64L << 20);
    assertThat(o.maxBytesForLevelMultiplier()).isEqualTo(10.0);
    assertThat(o.targetFileSizeBytes()).isEqualTo(8L << 20);
    assertThat(o.maxGrandparentOverlapFactor()).isEqualTo(10);
    assertThat(o.expandedCompactionFactor()).isEqualTo(25);
    assertThat(o.maxMemCompactLevel()).isEqualTo(2);
    assertThat(o.maxGrandparentOverlapBytes()).isEqualTo(80L << 20);
    assertThat(o.expandedCompactionSizeLimitBytes()).isEqualTo(200L << 20);
    assertThat(o.compactionPri()).isEqualTo(CompactionPri.MIN_OVERLAPPING_RATIO);
    assertThat(o.dynamicFileSize()).isTrue();
  }

  @Test
  void levelDbDefaultsAreLevelDbs() {
    LeveledCompactionOptions o = LeveledCompactionOptions.levelDbDefaults();

    assertThat(o.l0CompactionTriggerFiles()).isEqualTo(4);
    assertThat(o.l0SlowdownWritesTriggerFiles()).isEqualTo(8);
    assertThat(o.l0StopWritesTriggerFiles()).isEqualTo(12);
    assertThat(o.maxBytesForLevelBaseBytes()).isEqualTo(10L << 20);
    assertThat(o.maxBytesForLevelMultiplier()).isEqualTo(10.0);
    assertThat(o.targetFileSizeBytes()).isEqualTo(2L << 20);
    assertThat(o.maxGrandparentOverlapFactor()).isEqualTo(10);
    assertThat(o.expandedCompactionFactor()).isEqualTo(25);
    assertThat(o.maxMemCompactLevel()).isEqualTo(2);
    assertThat(o.maxGrandparentOverlapBytes()).isEqualTo(20L << 20);
    assertThat(o.expandedCompactionSizeLimitBytes()).isEqualTo(50L << 20);
    assertThat(o.dynamicLevelBytes()).isFalse();
    // LevelDB's shape, RocksDB's file choice and output cut, as the defaults.
    assertThat(o.compactionPri()).isEqualTo(CompactionPri.MIN_OVERLAPPING_RATIO);
    assertThat(o.dynamicFileSize()).isTrue();
  }

  @Test
  void optionsLevelDbDefaultsCarryLevelDbsShapeToTheStrategy() {
    io.strata.api.Options options = io.strata.api.Options.levelDbDefaults();

    assertThat(options.compactionStrategy()).contains(LeveledCompactionOptions.STRATEGY_NAME);
    assertThat(LeveledCompactionOptions.fromMap(options.strategyOptions()))
        .isEqualTo(LeveledCompactionOptions.levelDbDefaults());
  }

  @Test
  void levelTargetsGrowByTheMultiplierFromLevelOne() {
    LeveledCompactionOptions o = LeveledCompactionOptions.levelDbDefaults();

    assertThat(o.maxBytesForLevel(0)).isEqualTo(10.0 * (1 << 20));
    assertThat(o.maxBytesForLevel(1)).isEqualTo(10.0 * (1 << 20));
    assertThat(o.maxBytesForLevel(2)).isEqualTo(100.0 * (1 << 20));
    assertThat(o.maxBytesForLevel(6)).isEqualTo(1e5 * 10 * (1 << 20));
    assertThatThrownBy(() -> o.maxBytesForLevel(7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("level out of range: 7");
  }

  @Test
  void parsesEveryKey() {
    LeveledCompactionOptions o = LeveledCompactionOptions.fromMap(Map.of(
        "l0_compaction_trigger", "2",
        "l0_slowdown_writes_trigger", " 3 ",
        "l0_stop_writes_trigger", "5",
        "max_bytes_for_level_base", "1048576",
        "max_bytes_for_level_multiplier", "8.5",
        "target_file_size_base", "65536",
        "max_grandparent_overlap_factor", "4",
        "expanded_compaction_factor", "0",
        "max_mem_compact_level", "6"));

    assertThat(o.l0CompactionTriggerFiles()).isEqualTo(2);
    assertThat(o.l0SlowdownWritesTriggerFiles()).isEqualTo(3);
    assertThat(o.l0StopWritesTriggerFiles()).isEqualTo(5);
    assertThat(o.maxBytesForLevelBaseBytes()).isEqualTo(1048576);
    assertThat(o.maxBytesForLevelMultiplier()).isEqualTo(8.5);
    assertThat(o.targetFileSizeBytes()).isEqualTo(65536);
    assertThat(o.maxGrandparentOverlapFactor()).isEqualTo(4);
    assertThat(o.expandedCompactionFactor()).isZero();
    assertThat(o.maxMemCompactLevel()).isEqualTo(6);
    assertThat(o.maxGrandparentOverlapBytes()).isEqualTo(4 * 65536);
    assertThat(o.maxBytesForLevel(3)).isEqualTo(1048576 * 8.5 * 8.5);
    assertThat(o.toString()).contains("l0_compaction_trigger=2", "max_mem_compact_level=6");
  }

  @Test
  void unknownKeyListsTheValidOnes() {
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(Map.of("min_threshold", "4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option 'min_threshold' for strategy leveled; valid options: "
            + "l0_compaction_trigger, l0_slowdown_writes_trigger, l0_stop_writes_trigger, "
            + "max_bytes_for_level_base, max_bytes_for_level_multiplier, target_file_size_base, "
            + "max_grandparent_overlap_factor, expanded_compaction_factor, "
            + "max_mem_compact_level, level_compaction_dynamic_level_bytes, compaction_pri, "
            + "level_compaction_dynamic_file_size");
  }

  @Test
  void dynamicLevelBytesIsABoolean() {
    assertThat(LeveledCompactionOptions.defaults().dynamicLevelBytes()).isFalse();
    assertThat(LeveledCompactionOptions.fromMap(
        Map.of("level_compaction_dynamic_level_bytes", " TRUE ")).dynamicLevelBytes()).isTrue();
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(
        Map.of("level_compaction_dynamic_level_bytes", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("level_compaction_dynamic_level_bytes")
        .hasMessageContaining("yes");
  }

  @Test
  void compactionPriIsOneOfItsNames() {
    assertThat(LeveledCompactionOptions.defaults().compactionPri())
        .isEqualTo(CompactionPri.MIN_OVERLAPPING_RATIO);
    LeveledCompactionOptions o = LeveledCompactionOptions.fromMap(
        Map.of("compaction_pri", " Round_Robin "));
    assertThat(o.compactionPri()).isEqualTo(CompactionPri.ROUND_ROBIN);
    assertThat(o.toString()).contains("compaction_pri=round_robin");
    assertThat(o).isNotEqualTo(LeveledCompactionOptions.defaults());
    assertThat(LeveledCompactionOptions.fromMap(
        Map.of("compaction_pri", "min_overlapping_ratio")))
        .isEqualTo(LeveledCompactionOptions.defaults());
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(
        Map.of("compaction_pri", "kByCompensatedSize")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value 'kByCompensatedSize' for option 'compaction_pri' of strategy "
            + "leveled: must be round_robin or min_overlapping_ratio");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("compaction_pri", null);
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(nullValue))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value null for option 'compaction_pri' of strategy leveled: "
            + "a value is required");
    assertThatThrownBy(() -> LeveledCompactionOptions.builder().compactionPri(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void valueThatIsNotANumber() {
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(
        Map.of("l0_compaction_trigger", "four")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value 'four' for option 'l0_compaction_trigger' of strategy leveled: "
            + "not an integer");
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(
        Map.of("target_file_size_base", "2MiB")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value '2MiB' for option 'target_file_size_base' of strategy leveled: "
            + "not an integer");
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(
        Map.of("max_bytes_for_level_multiplier", "ten")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value 'ten' for option 'max_bytes_for_level_multiplier' of strategy "
            + "leveled: not a number");
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(
        Map.of("max_bytes_for_level_multiplier", "NaN")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value 'NaN' for option 'max_bytes_for_level_multiplier' of strategy "
            + "leveled: not a finite number");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("max_mem_compact_level", null);
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(nullValue))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value null for option 'max_mem_compact_level' of strategy leveled: "
            + "a value is required");
  }

  @Test
  void valueOutOfRange() {
    assertBadValue("l0_compaction_trigger", "0",
        "bad value 0 for option 'l0_compaction_trigger' of strategy leveled: "
            + "must be in [1, 2147483647]");
    assertBadValue("max_bytes_for_level_base", "-1",
        "bad value -1 for option 'max_bytes_for_level_base' of strategy leveled: "
            + "must be in [1, 9223372036854775807]");
    assertBadValue("max_bytes_for_level_multiplier", "0.5",
        "bad value 0.5 for option 'max_bytes_for_level_multiplier' of strategy leveled: "
            + "must be in [1, 1000]");
    assertBadValue("target_file_size_base", "0",
        "bad value 0 for option 'target_file_size_base' of strategy leveled: "
            + "must be in [1, 1099511627776]");
    assertBadValue("max_grandparent_overlap_factor", "0",
        "bad value 0 for option 'max_grandparent_overlap_factor' of strategy leveled: "
            + "must be in [1, 1000]");
    assertBadValue("expanded_compaction_factor", "1001",
        "bad value 1001 for option 'expanded_compaction_factor' of strategy leveled: "
            + "must be in [0, 1000]");
    assertBadValue("max_mem_compact_level", "7",
        "bad value 7 for option 'max_mem_compact_level' of strategy leveled: "
            + "must be in [0, 6]");
  }

  @Test
  void levelZeroTriggersMustBeOrdered() {
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(Map.of(
        "l0_compaction_trigger", "6", "l0_slowdown_writes_trigger", "5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value 5 for option 'l0_slowdown_writes_trigger' of strategy leveled: "
            + "must be >= l0_compaction_trigger (6)");
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(Map.of(
        "l0_stop_writes_trigger", "7")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value 7 for option 'l0_stop_writes_trigger' of strategy leveled: "
            + "must be >= l0_slowdown_writes_trigger (20)");
    // Equal thresholds are allowed.
    LeveledCompactionOptions o = LeveledCompactionOptions.fromMap(Map.of(
        "l0_compaction_trigger", "8", "l0_slowdown_writes_trigger", "8",
        "l0_stop_writes_trigger", "8"));
    assertThat(o.l0StopWritesTriggerFiles()).isEqualTo(8);
  }

  @Test
  void builderValidatesLikeTheMap() {
    assertThatThrownBy(() -> LeveledCompactionOptions.builder().maxMemCompactLevel(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value -1 for option 'max_mem_compact_level' of strategy leveled: "
            + "must be in [0, 6]");
    assertThat(LeveledCompactionOptions.builder().targetFileSizeBytes(4096).build())
        .isEqualTo(LeveledCompactionOptions.fromMap(Map.of("target_file_size_base", "4096")))
        .hasSameHashCodeAs(
            LeveledCompactionOptions.fromMap(Map.of("target_file_size_base", "4096")));
  }

  @Test
  void nullMapIsRejected() {
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("options");
  }

  private static void assertBadValue(String key, String value, String message) {
    assertThatThrownBy(() -> LeveledCompactionOptions.fromMap(Map.of(key, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
