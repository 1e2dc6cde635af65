package io.strata.compaction.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Ticker;
import io.strata.api.Options;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.env.LocalFileSystem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TieredCompactionStrategyProviderTest {

  @Test
  void isFoundThroughServiceLoaderByName() {
    List<CompactionStrategyProvider> found = ServiceLoader.load(CompactionStrategyProvider.class)
        .stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("tiered"))
        .toList();

    assertThat(found).singleElement().isInstanceOf(TieredCompactionStrategyProvider.class);
  }

  @Test
  void optionNamesAreTheOptionKeys() {
    assertThat(new TieredCompactionStrategyProvider().optionNames()).containsExactly(
        "bucket_low", "bucket_high", "min_threshold", "max_threshold", "min_sstable_size",
        "max_size_amplification_percent", "slowdown_writes_trigger", "stop_writes_trigger",
        "target_file_size", "tombstone_threshold", "tombstone_compaction_interval");
  }

  @Test
  void createsAStrategyWithTheGivenOptions() {
    CompactionStrategy s = new TieredCompactionStrategyProvider()
        .create(context(), Map.of("min_threshold", "3"));

    assertThat(s.name()).isEqualTo("tiered");
    assertThat(s.levelDbLayout()).isFalse();
    assertThat(((TieredCompactionStrategy) s).options().minThresholdRuns()).isEqualTo(3);
  }

  @Test
  void createRejectsAnUnknownOption() {
    assertThatThrownBy(() -> new TieredCompactionStrategyProvider()
        .create(context(), Map.of("l0_compaction_trigger", "4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option 'l0_compaction_trigger' for strategy tiered; "
            + "valid options: bucket_low, ");
  }

  @Test
  void checkOptionNamesOfThePluginContractAgrees() {
    assertThatThrownBy(() -> new TieredCompactionStrategyProvider()
        .checkOptionNames("compaction strategy", Map.of("bucket_lo", "0.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option 'bucket_lo' for compaction strategy 'tiered'; "
            + "valid options: ");
    new TieredCompactionStrategyProvider().checkOptionNames("compaction strategy",
        Map.of("bucket_low", "0.5", "target_file_size", "1"));
  }

  @Test
  void createRejectsANullContext() {
    assertThatThrownBy(() -> new TieredCompactionStrategyProvider().create(null, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context");
  }

  private static PluginContext context() {
    return new PluginContext(Path.of("db"), new LocalFileSystem(), Options.builder().build(),
        TreeShape.ICMP, Ticker.systemTicker());
  }
}
