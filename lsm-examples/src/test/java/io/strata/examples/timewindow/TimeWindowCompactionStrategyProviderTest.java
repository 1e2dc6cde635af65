package io.strata.examples.timewindow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Ticker;
import io.strata.api.KeyComparator;
import io.strata.api.Options;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.env.LocalFileSystem;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeWindowCompactionStrategyProviderTest {
  private final TimeWindowCompactionStrategyProvider provider =
      new TimeWindowCompactionStrategyProvider();

  private static PluginContext context(Options options) {
    return new PluginContext(Path.of("db"), new LocalFileSystem(), options,
        new InternalKeyComparator(options.comparator()), Ticker.systemTicker());
  }

  @Test
  void defaults() {
    TimeWindowOptions o = TimeWindowOptions.fromMap(Map.of());
    assertThat(o).isEqualTo(new TimeWindowOptions(3_600_000, 4, 8, 12, 256L << 20, 64L << 20));
    assertThat(provider.create(context(Options.defaults()), Map.of()).name())
        .isEqualTo("time-window");
  }

  @Test
  void parsesEveryOption() {
    TimeWindowOptions o = TimeWindowOptions.fromMap(Map.of("window_seconds", " 60 ",
        "l0_trigger", "2", "l0_slowdown_trigger", "5", "l0_stop_trigger", "9",
        "max_compaction_bytes", "1000", "target_file_size", "4096"));
    assertThat(o).isEqualTo(new TimeWindowOptions(60_000, 2, 5, 9, 1000, 4096));
  }

  @Test
  void aMisspeltOptionListsTheValidOnes() {
    assertThatThrownBy(() -> provider.create(context(Options.defaults()),
        Map.of("window_secs", "60")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'window_secs'")
        .hasMessageContaining("valid options: l0_slowdown_trigger, l0_stop_trigger, l0_trigger,"
            + " max_compaction_bytes, target_file_size, window_seconds");
  }

  @Test
  void badValuesNameTheOptionAndValue() {
    assertThatThrownBy(() -> TimeWindowOptions.fromMap(Map.of("window_seconds", "0")))
        .hasMessageContaining("bad value 0 for option 'window_seconds'");
    assertThatThrownBy(() -> TimeWindowOptions.fromMap(Map.of("window_seconds", "1h")))
        .hasMessageContaining("bad value '1h' for option 'window_seconds'")
        .hasMessageContaining("not an integer");
    assertThatThrownBy(() -> TimeWindowOptions.fromMap(Map.of("l0_trigger", "6",
        "l0_slowdown_trigger", "5")))
        .hasMessageContaining("bad value 5 for option 'l0_slowdown_trigger'")
        .hasMessageContaining("[6, ");
    assertThatThrownBy(() -> TimeWindowOptions.fromMap(Map.of("l0_trigger", "10")))
        .hasMessageContaining("'l0_slowdown_trigger'").hasMessageContaining("at least 10");
    assertThatThrownBy(() -> TimeWindowOptions.fromMap(Map.of("max_compaction_bytes", "0")))
        .hasMessageContaining("bad value 0 for option 'max_compaction_bytes'");
  }

  @Test
  void refusesAComparatorOtherThanBytewise() {
    KeyComparator reverse = new KeyComparator() {
      @Override
      public String name() {
        return "test.Reverse";
      }

      @Override
      public int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        return java.util.Arrays.compareUnsigned(b, bOff, bOff + bLen, a, aOff, aOff + aLen);
      }

      @Override
      public byte[] findShortestSeparator(byte[] start, byte[] limit) {
        return start;
      }

      @Override
      public byte[] findShortSuccessor(byte[] key) {
        return key;
      }
    };
    assertThatThrownBy(() -> provider.create(context(Options.builder().comparator(reverse)
        .build()), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test.Reverse");
  }
}
