package io.strata.compaction.leveled;

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

class LeveledCompactionStrategyProviderTest {

  @Test
  void isFoundThroughServiceLoaderByName() {
    List<CompactionStrategyProvider> found = ServiceLoader.load(CompactionStrategyProvider.class)
        .stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("leveled"))
        .toList();

    assertThat(found).singleElement().isInstanceOf(LeveledCompactionStrategyProvider.class);
  }

  @Test
  void optionNamesAreTheOptionKeys() {
    assertThat(new LeveledCompactionStrategyProvider().optionNames()).containsExactly(
        "l0_compaction_trigger", "l0_slowdown_writes_trigger", "l0_stop_writes_trigger",
        "max_bytes_for_level_base", "max_bytes_for_level_multiplier", "target_file_size_base",
        "max_grandparent_overlap_factor", "expanded_compaction_factor", "max_mem_compact_level",
        "level_compaction_dynamic_level_bytes", "compaction_pri",
        "level_compaction_dynamic_file_size");
  }

  @Test
  void createsAStrategyWithTheGivenOptions() {
    CompactionStrategy s = new LeveledCompactionStrategyProvider()
        .create(context(), Map.of("l0_compaction_trigger", "2"));

    assertThat(s.name()).isEqualTo("leveled");
    assertThat(((LeveledCompactionStrategy) s).options().l0CompactionTriggerFiles()).isEqualTo(2);
  }

  @Test
  void createRejectsAnUnknownOption() {
    assertThatThrownBy(() -> new LeveledCompactionStrategyProvider()
        .create(context(), Map.of("bucket_low", "0.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option 'bucket_low' for strategy leveled; valid options: "
            + "l0_compaction_trigger, ");
  }

  private static PluginContext context() {
    return new PluginContext(Path.of("db"), new LocalFileSystem(), Options.builder().build(),
        TreeShape.ICMP, Ticker.systemTicker());
  }
}
