package io.strata.core.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.version.VersionSetProvider;
import io.strata.api.spi.memtable.MemTableProvider;
import io.strata.api.spi.table.TableFormatProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {
  @Test
  void aMissingBuiltInNamesTheArtifactThatProvidesIt() {
    assertThatThrownBy(() -> new PluginRegistry<CompactionStrategyProvider>(
        "compaction strategy", List.of()).require("leveled", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown compaction strategy 'leveled'; found: none; the built-in 'leveled'"
            + " is in io.strata:lsm-compaction-leveled"
            + " (or add io.strata:strata, which brings every built-in)");
    assertThatThrownBy(() -> new PluginRegistry<CompactionStrategyProvider>(
        "compaction strategy", List.of()).require("tiered", Optional.empty()))
        .hasMessageContaining("is in io.strata:lsm-compaction-tiered (");
    assertThatThrownBy(() -> new PluginRegistry<VersionSetProvider>(
        "version set", List.of()).require("manifest", Optional.empty()))
        .hasMessageContaining("is in io.strata:lsm-manifest (");
    assertThatThrownBy(() -> new PluginRegistry<MemTableProvider>(
        "memtable", List.of()).require("skiplist", Optional.empty()))
        .hasMessageContaining("is in io.strata:lsm-core (");
    assertThatThrownBy(() -> new PluginRegistry<TableFormatProvider>(
        "table format", List.of()).require("block-based", Optional.empty()))
        .hasMessageContaining("is in io.strata:lsm-core (");
  }

  @Test
  void anUnknownNameThatIsNoBuiltInGetsNoHint() {
    assertThatThrownBy(() -> new PluginRegistry<CompactionStrategyProvider>(
        "compaction strategy", List.of()).require("nope", Optional.empty()))
        .hasMessage("unknown compaction strategy 'nope'; found: none");
    // A built-in's name used for another kind of plugin is no built-in of that kind.
    assertThat(PluginRegistry.builtInHint("table format", "leveled")).isEmpty();
  }
}
