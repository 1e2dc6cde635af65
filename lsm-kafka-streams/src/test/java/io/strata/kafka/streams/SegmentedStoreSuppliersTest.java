package io.strata.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.TimestampedBytesStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suppliers' arguments, defaults and store kinds; a misspelt setting fails init. */
class SegmentedStoreSuppliersTest {
  @TempDir
  Path tmp;

  @Test
  void windowSupplierChecksArgumentsAndGivesTheRightKind() {
    assertThatThrownBy(() -> new StrataWindowBytesStoreSupplier(null, 10, 5, 1, false, false))
        .isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> new StrataWindowBytesStoreSupplier("w", 10, 5, 0, false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("windowSizeMs must be at least 1: 0");
    assertThatThrownBy(() -> new StrataWindowBytesStoreSupplier("w", 5, 5, 10, false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retentionPeriodMs must be at least windowSizeMs (10): 5");
    assertThatThrownBy(() -> new StrataWindowBytesStoreSupplier("w", 10, 0, 1, false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("segmentIntervalMs must be at least 1: 0");

    StrataWindowBytesStoreSupplier ts =
        StrataWindowBytesStoreSupplier.timestamped("w", 3_600_000, 60_000, true);
    assertThat(ts.segmentIntervalMs()).isEqualTo(1_800_000);
    assertThat(ts.retainDuplicates()).isTrue();
    assertThat(ts.get()).isInstanceOf(TimestampedBytesStore.class);
    assertThat(new StrataWindowBytesStoreSupplier("w", 10, 5, 1, false, false).get())
        .isNotInstanceOf(TimestampedBytesStore.class);
    assertThat(StrataWindowBytesStoreSupplier.timestamped("w", 1_000, 100, false)
        .segmentIntervalMs()).isEqualTo(60_000);
  }

  @Test
  void sessionSupplierChecksArgumentsAndDefaultsTheInterval() {
    assertThatThrownBy(() -> new StrataSessionBytesStoreSupplier("s", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retentionPeriodMs must not be negative: -1");
    assertThat(new StrataSessionBytesStoreSupplier("s", 7_200_000).segmentIntervalMs())
        .isEqualTo(3_600_000);
    assertThat(new StrataSessionBytesStoreSupplier("s", 1_000).segmentIntervalMs())
        .isEqualTo(60_000);
  }

  @Test
  void misspeltSettingFailsInit() {
    WindowStore<Bytes, byte[]> w =
        new StrataWindowBytesStoreSupplier("w", 10, 5, 1, false, false).get();
    assertThatThrownBy(() -> w.init(new TestStoreContext(tmp, Map.of("strata.write.bufer", "1")),
        w)).isInstanceOf(ConfigException.class).hasMessageContaining("strata.write.bufer");
    SessionStore<Bytes, byte[]> s = new StrataSessionBytesStoreSupplier("s", 10).get();
    assertThatThrownBy(() -> s.init(new TestStoreContext(tmp,
        Map.of("strata.compression", "lz5")), s)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("strata.compression");
  }
}
