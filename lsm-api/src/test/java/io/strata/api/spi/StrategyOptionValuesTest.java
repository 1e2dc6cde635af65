package io.strata.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StrategyOptionValuesTest {
  private final StrategyOptionValues values = new StrategyOptionValues("tiered");

  @Test
  void parsesDecimalNumbersIgnoringSurroundingSpace() {
    assertThat(values.parseInt("min_threshold", " 6 ")).isEqualTo(6);
    assertThat(values.parseLong("min_sstable_size", "52428800")).isEqualTo(50L << 20);
    assertThat(values.parseDouble("bucket_low", "0.5")).isEqualTo(0.5);
  }

  @Test
  void aRequiredValueIsStrippedAndNeverNull() {
    assertThat(values.requireValue("compaction_pri", " round_robin ")).isEqualTo("round_robin");
    assertThatThrownBy(() -> values.requireValue("compaction_pri", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value null for option 'compaction_pri' of strategy tiered: "
            + "a value is required");
  }

  @Test
  void anUnknownKeyIsNamedWithTheValidOnes() {
    values.checkKnown("min_threshold", java.util.Set.of("min_threshold"));
    assertThatThrownBy(() -> values.checkKnown("min_treshold",
        com.google.common.collect.ImmutableSet.of("bucket_low", "min_threshold")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option 'min_treshold' for strategy tiered;"
            + " valid options: bucket_low, min_threshold");
  }

  @Test
  void badValuesNameTheOptionTheValueAndTheStrategy() {
    assertThatThrownBy(() -> values.parseInt("min_threshold", "six"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad value 'six' for option 'min_threshold' of strategy tiered:"
            + " not an integer");
    assertThatThrownBy(() -> values.parseDouble("bucket_high", "NaN"))
        .hasMessageContaining("not a finite number");
    assertThatThrownBy(() -> values.parseLong("target_file_size", null))
        .hasMessageContaining("a value is required");
    assertThatThrownBy(() -> values.checkRange("min_threshold", 1, 2, 32))
        .hasMessage("bad value 1 for option 'min_threshold' of strategy tiered:"
            + " must be in [2, 32]");
  }
}
