package io.strata.examples.timewindow;

import java.nio.ByteBuffer;

/** Time-series keys for the tests: an 8-byte big-endian timestamp, then a 4-byte series id. */
final class TimeSeriesKeys {
  static final long HOUR_MILLIS = 3_600_000;
  /** 2024-01-01T00:00:00Z, a window start for windows of an hour. */
  static final long EPOCH_MILLIS = 1_704_067_200_000L;

  private TimeSeriesKeys() {}

  static byte[] key(long timestampMillis, int series) {
    return ByteBuffer.allocate(12).putLong(timestampMillis).putInt(series).array();
  }
}
