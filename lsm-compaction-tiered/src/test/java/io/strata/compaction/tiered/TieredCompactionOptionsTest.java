package io.strata.compaction.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TieredCompactionOptionsTest {

  @Test
  void defaults() {
    TieredCompactionOptions o = TieredCompactionOptions.fromMap(Map.of());

    assertThat(o).isEqualTo(TieredCompactionOptions.defaults());
    assertThat(o.bucketLow()).isEqualTo(0.5);
    assertThat(o.bucketHigh()).isEqualTo(1.5);
    assertThat(o.minThresholdRuns()).isEqualTo(4);
    assertThat(o.maxThresholdRuns()).isEqualTo(32);
    assertThat(o.minSstableSizeBytes()).isEqualTo(50L << 20);
    assertThat(o.maxSizeAmplificationPercent()).isEqualTo(200);
    assertThat(o.slowdownWritesTriggerRuns()).isEqualTo(20);
    assertThat(o.stopWritesTriggerRuns()).isEqualTo(36);
    assertThat(o.targetFileSizeBytes()).isEqualTo(64L << 20);
  }

  @Test
  void parsesEveryKey() {
    TieredCompactionOptions o = TieredCompactionOptions.fromMap(Map.of(
        "bucket_low", "0.25",
        "bucket_high", " 2 ",
        "min_threshold", "2",
        "max_threshold", "8",
        "min_sstable_size", "0",
        "max_size_amplification_percent", "0",
        "slowdown_writes_trigger", "2",
        "stop_writes_trigger", "3",
        "target_file_size", "1"));

    assertThat(o.bucketLow()).isEqualTo(0.25);
    assertThat(o.bucketHigh()).isEqualTo(2.0);
    assertThat(o.minThresholdRuns()).isEqualTo(2);
    assertThat(o.maxThresholdRuns()).isEqualTo(8);
    assertThat(o.minSstableSizeBytes()).isZero();
    assertThat(o.maxSizeAmplificationPercent()).isZero();
    assertThat(o.slowdownWritesTriggerRuns()).isEqualTo(2);
    assertThat(o.stopWritesTriggerRuns()).isEqualTo(3);
    assertThat(o.targetFileSizeBytes()).isEqualTo(1);
    assertThat(o.toString()).contains("bucket_low=0.25", "min_threshold=2",
        "target_file_size=1");
  }

  @Test
  void unknownKeyListsTheValidOnes() {
    assertThatThrownBy(() -> TieredCompactionOptions.fromMap(Map.of("min_treshold", "4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option 'min_treshold' for strategy tiered; valid options: "
            + "bucket_low, bucket_high, min_threshold, max_threshold, min_sstable_size, "
            + "max_size_amplification_percent, slowdown_writes_trigger, stop_writes_trigger, "
            + "target_file_size, tombstone_threshold, tombstone_compaction_interval");
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "4");
    assertThatThrownBy(() -> TieredCompactionOptions.fromMap(nullKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option 'null' for strategy tiered; valid options: ");
  }

  @Test
  void valueThatIsNotANumber() {
    assertBadValue("min_threshold", "four",
        "bad value 'four' for option 'min_threshold' of strategy tiered: not an integer");
    assertBadValue("min_threshold", "4.0",
        "bad value '4.0' for option 'min_threshold' of strategy tiered: not an integer");
    assertBadValue("target_file_size", "64MiB",
        "bad value '64MiB' for option 'target_file_size' of strategy tiered: not an integer");
    assertBadValue("min_sstable_size", "",
        "bad value '' for option 'min_sstable_size' of strategy tiered: not an integer");
    assertBadValue("bucket_low", "half",
        "bad value 'half' for option 'bucket_low' of strategy tiered: not a number");
    assertBadValue("bucket_high", "Infinity",
        "bad value 'Infinity' for option 'bucket_high' of strategy tiered: "
            + "not a finite number");
    assertBadValue("bucket_low", "NaN",
        "bad value 'NaN' for option 'bucket_low' of strategy tiered: not a finite number");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("stop_writes_trigger", null);
    assertThatThrownBy(() -> TieredCompactionOptions.fromMap(nullValue))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value null for option 'stop_writes_trigger' of strategy tiered: "
            + "a value is required");
  }

  @Test
  void valueOutOfRange() {
    assertBadValue("bucket_low", "0",
        "bad value 0.0 for option 'bucket_low' of strategy tiered: must be in (0, 1)");
    assertBadValue("bucket_low", "1",
        "bad value 1.0 for option 'bucket_low' of strategy tiered: must be in (0, 1)");
    assertBadValue("bucket_high", "1",
        "bad value 1.0 for option 'bucket_high' of strategy tiered: must be finite and > 1");
    assertBadValue("min_threshold", "1",
        "bad value 1 for option 'min_threshold' of strategy tiered: "
            + "must be in [2, 2147483647]");
    assertBadValue("min_sstable_size", "-1",
        "bad value -1 for option 'min_sstable_size' of strategy tiered: "
            + "must be in [0, 9223372036854775807]");
    assertBadValue("max_size_amplification_percent", "-1",
        "bad value -1 for option 'max_size_amplification_percent' of strategy tiered: "
            + "must be in [0, 2147483647]");
    assertBadValue("target_file_size", "0",
        "bad value 0 for option 'target_file_size' of strategy tiered: "
            + "must be in [1, 1099511627776]");
    assertBadValue("target_file_size", "1099511627777",
        "bad value 1099511627777 for option 'target_file_size' of strategy tiered: "
            + "must be in [1, 1099511627776]");
  }

  @Test
  void crossChecks() {
    assertBadValue(Map.of("max_threshold", "3"),
        "bad value 3 for option 'max_threshold' of strategy tiered: "
            + "must be >= min_threshold (4)");
    assertBadValue(Map.of("min_threshold", "33"),
        "bad value 32 for option 'max_threshold' of strategy tiered: "
            + "must be >= min_threshold (33)");
    assertBadValue(Map.of("slowdown_writes_trigger", "3"),
        "bad value 3 for option 'slowdown_writes_trigger' of strategy tiered: "
            + "must be >= min_threshold (4)");
    assertBadValue(Map.of("stop_writes_trigger", "20"),
        "bad value 20 for option 'stop_writes_trigger' of strategy tiered: "
            + "must be > slowdown_writes_trigger (20)");
    assertBadValue(Map.of("slowdown_writes_trigger", "40"),
        "bad value 36 for option 'stop_writes_trigger' of strategy tiered: "
            + "must be > slowdown_writes_trigger (40)");
    // Equal thresholds and the smallest gaps are allowed.
    TieredCompactionOptions o = TieredCompactionOptions.fromMap(Map.of(
        "min_threshold", "5", "max_threshold", "5", "slowdown_writes_trigger", "5",
        "stop_writes_trigger", "6"));
    assertThat(o.maxThresholdRuns()).isEqualTo(5);
    assertThat(o.stopWritesTriggerRuns()).isEqualTo(6);
  }

  @Test
  void builderValidatesLikeTheMap() {
    assertThatThrownBy(() -> TieredCompactionOptions.builder().bucketHigh(Double.NaN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value NaN for option 'bucket_high' of strategy tiered: "
            + "must be finite and > 1");
    assertThatThrownBy(() -> TieredCompactionOptions.builder()
        .bucketHigh(Double.POSITIVE_INFINITY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value Infinity for option 'bucket_high' of strategy tiered: "
            + "must be finite and > 1");
    assertThat(TieredCompactionOptions.builder().targetFileSizeBytes(4096).build())
        .isEqualTo(TieredCompactionOptions.fromMap(Map.of("target_file_size", "4096")))
        .hasSameHashCodeAs(TieredCompactionOptions.fromMap(Map.of("target_file_size", "4096")))
        .isNotEqualTo(TieredCompactionOptions.defaults());
  }

  @Test
  void nullMapIsRejected() {
    assertThatThrownBy(() -> TieredCompactionOptions.fromMap(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("options");
  }

  private static void assertBadValue(String key, String value, String message) {
    assertBadValue(Map.of(key, value), message);
  }

  private static void assertBadValue(Map<String, String> options, String message) {
    assertThatThrownBy(() -> TieredCompactionOptions.fromMap(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void tombstoneThresholdDefaultsToCassandrasAndIsARatio() {
    assertThat(TieredCompactionOptions.defaults().tombstoneThreshold()).isEqualTo(0.2);
    assertThat(TieredCompactionOptions.fromMap(Map.of("tombstone_threshold", " 0.5 "))
        .tombstoneThreshold()).isEqualTo(0.5);
    assertThat(TieredCompactionOptions.fromMap(Map.of("tombstone_threshold", "1"))
        .tombstoneThreshold()).isEqualTo(1.0);
    assertThat(TieredCompactionOptions.fromMap(Map.of("tombstone_threshold", "0.3")))
        .isNotEqualTo(TieredCompactionOptions.defaults())
        .hasToString(TieredCompactionOptions.fromMap(Map.of("tombstone_threshold", "0.3"))
            .toString());
    assertThatThrownBy(() -> TieredCompactionOptions.fromMap(Map.of("tombstone_threshold", "1.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value 1.5 for option 'tombstone_threshold' of strategy tiered: must be"
            + " in [0, 1]");
    assertThatThrownBy(() -> TieredCompactionOptions.fromMap(Map.of("tombstone_threshold", "-0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be in [0, 1]");
    assertThatThrownBy(() -> TieredCompactionOptions.fromMap(Map.of("tombstone_threshold", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value 'x' for option 'tombstone_threshold' of strategy tiered: not a"
            + " number");
  }

  @Test
  void tombstoneCompactionIntervalDefaultsToADayInSeconds() {
    assertThat(TieredCompactionOptions.defaults().tombstoneCompactionIntervalSeconds())
        .isEqualTo(86400);
    assertThat(TieredCompactionOptions.fromMap(Map.of("tombstone_compaction_interval", "60"))
        .tombstoneCompactionIntervalSeconds()).isEqualTo(60);
    assertThatThrownBy(() -> TieredCompactionOptions.fromMap(
        Map.of("tombstone_compaction_interval", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value 0 for option 'tombstone_compaction_interval' of strategy tiered:"
            + " must be in [1, 2147483647]");
  }
}
