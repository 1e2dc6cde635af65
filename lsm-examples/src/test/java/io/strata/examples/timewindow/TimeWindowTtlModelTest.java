package io.strata.examples.timewindow;

import io.strata.testkit.TtlModelCheck;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link TtlModelCheck} under {@code time-window}, with hourly windows over two days of keys. */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeWindowTtlModelTest {
  @TempDir Path dir;

  @Test
  void matchesModelUnderTimeWindow() throws Exception {
    TtlModelCheck.run(dir, TimeWindowCompactionStrategyProvider.NAME,
        Map.of("window_seconds", "3600", "target_file_size", Integer.toString(64 << 10)),
        rnd -> TimeSeriesKeys.key(
            TimeSeriesKeys.EPOCH_MILLIS + rnd.nextInt(48) * 3_600_000L + rnd.nextInt(60) * 1000L,
            rnd.nextInt(20)), false);
  }
}
