package io.strata.examples.timewindow;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.testkit.CompactionStrategyContract;
import java.util.Map;
import java.util.Random;

/**
 * The compaction strategy contract run against {@code time-window}, with hourly windows and keys
 * spread over two days, and the shape it declares: level 0 and level 1 only, no level-1 file
 * spanning a window boundary.
 */
class TimeWindowContractTest extends CompactionStrategyContract {
  private final TimeWindows hours = new TimeWindows(TimeSeriesKeys.HOUR_MILLIS);

  @Override
  protected CompactionStrategyProvider provider() {
    return loadProvider(TimeWindowCompactionStrategyProvider.NAME);
  }

  @Override
  protected Map<String, String> strategyOptions() {
    return Map.of("window_seconds", "3600", "target_file_size", Integer.toString(256 << 10),
        "max_compaction_bytes", Integer.toString(64 << 20));
  }

  /** A point of one of 1000 series, at one of 48 hours' seconds. */
  @Override
  protected byte[] randomUserKey(Random random) {
    long t = TimeSeriesKeys.EPOCH_MILLIS + random.nextInt(48 * 3600) * 1000L;
    return TimeSeriesKeys.key(t, random.nextInt(1000));
  }

  @Override
  protected void assertTreeShape(Version version) {
    for (int level = 2; level < Version.NUM_LEVELS; level++) {
      assertThat(version.numFiles(level)).as("files in level %s", level).isZero();
    }
    for (FileMetaData f : version.files(1)) {
      assertThat(hours.window(f.smallest().userKey().toByteArray()))
          .as("windows of level-1 file %s", f.fileNumber())
          .isEqualTo(hours.window(f.largest().userKey().toByteArray()));
    }
  }
}
