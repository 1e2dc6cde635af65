package io.strata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OptionsTest {
  private static Properties props(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }

  @Test
  void listenersAreAddedInOrderAndNullIsRejected() {
    EventListener first = new EventListener() {};
    EventListener second = new EventListener() {};
    Options o = Options.builder().listener(first).listener(second).listener(first).build();
    assertThat(o.listeners()).containsExactly(first, second, first);
    assertThat(o.toBuilder().build().listeners()).containsExactly(first, second, first);
    assertThat(Options.defaults().listeners()).isEmpty();
    assertThatThrownBy(() -> Options.builder().listener(null))
        .isInstanceOf(NullPointerException.class).hasMessage("listener");
  }

  @Test
  void maxSubcompactionsIsOneByDefaultAndCheckedByBuild() {
    assertThat(Options.defaults().maxSubcompactions()).isEqualTo(1);
    Options o = Options.builder().maxSubcompactions(4).build();
    assertThat(o.maxSubcompactions()).isEqualTo(4);
    assertThat(o.toBuilder().build().maxSubcompactions()).isEqualTo(4);
    assertThat(Options.builder().maxSubcompactions(64).build().maxSubcompactions()).isEqualTo(64);
    for (int bad : new int[] {0, -1, 65}) {
      assertThatThrownBy(() -> Options.builder().maxSubcompactions(bad).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxSubcompactions must be in [1, 64], was " + bad);
    }
  }

  @Test
  void compactionStrategyAndOptionsComeFromADeploymentsProperties() throws IOException {
    Options o = Options.builder().compactionFromProperties(props("""
        service.port = 8080
        compaction.strategy = tiered
        compaction.option.min_threshold = 6
        compaction.option.max_size_amplification_percent = 150
        """)).build();

    assertThat(o.compactionStrategy()).contains("tiered");
    assertThat(o.strategyOptions()).isEqualTo(
        Map.of("min_threshold", "6", "max_size_amplification_percent", "150"));
  }

  @Test
  void absentKeysLeaveTheBuilderAsItWas() throws IOException {
    Options o = Options.builder().strategyOption("l0_compaction_trigger", "8")
        .compactionFromProperties(props("other = 1")).build();

    assertThat(o.compactionStrategy()).isEmpty();
    assertThat(o.strategyOptions()).containsEntry("l0_compaction_trigger", "8");
  }

  @Test
  void theDelayedWriteRateIsRocksDbsAndBounded() {
    assertThat(Options.defaults().delayedWriteRateBytesPerSecond()).isEqualTo(16L << 20);
    assertThat(Options.builder().delayedWriteRateBytesPerSecond(1 << 20).build().toBuilder()
        .build().delayedWriteRateBytesPerSecond()).isEqualTo(1 << 20);
    assertThatThrownBy(() -> Options.builder().delayedWriteRateBytesPerSecond(1000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delayedWriteRateBytesPerSecond");
  }

  @Test
  void noStrategyIsNamedUnlessAsked() {
    assertThat(Options.defaults().compactionStrategy()).isEmpty();
    assertThat(Options.builder().compactionStrategy("leveled").build().compactionStrategy())
        .contains("leveled");
    assertThatThrownBy(() -> Options.builder().compactionStrategy(" ").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compactionStrategy");
  }

  @Test
  void anEmptyOptionKeyIsNamed() {
    assertThatThrownBy(() -> Options.builder().compactionFromProperties(
        props("compaction.option. = 3"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compaction.option.");
  }
}
