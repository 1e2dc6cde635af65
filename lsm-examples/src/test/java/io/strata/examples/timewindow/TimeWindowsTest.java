package io.strata.examples.timewindow;

import static io.strata.examples.timewindow.TimeSeriesKeys.EPOCH_MILLIS;
import static io.strata.examples.timewindow.TimeSeriesKeys.HOUR_MILLIS;
import static io.strata.examples.timewindow.TimeSeriesKeys.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Bytes;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeWindowsTest {
  private final TimeWindows hours = new TimeWindows(HOUR_MILLIS);

  @Test
  void timestampIsTheFirstEightBytesZeroPadded() {
    assertThat(TimeWindows.timestampMillis(key(EPOCH_MILLIS, 7))).isEqualTo(EPOCH_MILLIS);
    assertThat(TimeWindows.timestampMillis(new byte[] {1})).isEqualTo(1L << 56);
    assertThat(TimeWindows.timestampMillis(new byte[0])).isZero();
    // Unsigned: a first byte of 0xff is the far future, not a negative time.
    assertThat(hours.window(new byte[] {(byte) 0xff}))
        .isEqualTo(Long.divideUnsigned(0xffL << 56, HOUR_MILLIS));
  }

  @Test
  void windowIsTimestampOverWindowLength() {
    long w = EPOCH_MILLIS / HOUR_MILLIS;
    assertThat(hours.window(key(EPOCH_MILLIS, 0))).isEqualTo(w);
    assertThat(hours.window(key(EPOCH_MILLIS + HOUR_MILLIS - 1, 0))).isEqualTo(w);
    assertThat(hours.window(key(EPOCH_MILLIS + HOUR_MILLIS, 0))).isEqualTo(w + 1);
  }

  @Test
  void windowStartIsTheFirstKeyOfItsWindow() {
    long w = EPOCH_MILLIS / HOUR_MILLIS + 5;
    byte[] start = hours.windowStart(w);
    assertThat(hours.window(start)).isEqualTo(w);
    assertThat(start[start.length - 1]).as("trailing zero bytes are dropped").isNotZero();
    assertThat(hours.windowStart(0)).isEmpty();
    // With 1 ms windows, window 2^56 starts at the one-byte key {1}: shorter keys sort first.
    assertThat(new TimeWindows(1).windowStart(1L << 56)).containsExactly(1);
  }

  @Test
  void keysBeforeAWindowStartAreInEarlierWindowsAndKeysAtOrAfterInLaterOnes() {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    System.out.println("TimeWindowsTest seed=" + seed);
    Random random = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      TimeWindows windows = new TimeWindows(1 + random.nextInt(1 << (1 + random.nextInt(30))));
      byte[] k = new byte[random.nextInt(10)];
      random.nextBytes(k);
      if (random.nextBoolean() && k.length > 0) {
        k[k.length - 1] = 0; // zero bytes at the end, the tricky case of padding
      }
      long w = random.nextBoolean() ? windows.window(k) : random.nextLong() & Long.MAX_VALUE;
      w = Long.compareUnsigned(w, Long.divideUnsigned(-1L, windows.windowMillis())) > 0 ? 0 : w;
      byte[] start = windows.windowStart(w);
      boolean atOrAfter = Arrays.compareUnsigned(k, start) >= 0;
      assertThat(Long.compareUnsigned(windows.window(k), w) >= 0)
          .as("seed %s: key %s, window %s, start %s", seed, Bytes.copyOf(k), w,
              Bytes.copyOf(start))
          .isEqualTo(atOrAfter);
    }
  }

  @Test
  void boundariesAreTheWindowStartsInsideTheRange() {
    byte[] lo = key(EPOCH_MILLIS + 10, 0);
    byte[] hi = key(EPOCH_MILLIS + 3 * HOUR_MILLIS, 0);
    List<Bytes> b = hours.boundaries(lo, hi, List.of(lo, hi));
    long w = EPOCH_MILLIS / HOUR_MILLIS;
    assertThat(b).containsExactly(Bytes.copyOf(hours.windowStart(w + 1)),
        Bytes.copyOf(hours.windowStart(w + 2)), Bytes.copyOf(hours.windowStart(w + 3)));
    assertThat(hours.boundaries(lo, key(EPOCH_MILLIS + HOUR_MILLIS - 1, 9), List.of())).isEmpty();
  }

  @Test
  void keysThatAreNotTimestampsGetBoundariesOnlyNearFileEdges() {
    byte[] lo = "apple".getBytes();
    byte[] mid = "melon".getBytes();
    byte[] hi = "zucchini".getBytes();
    List<Bytes> b = hours.boundaries(lo, hi, List.of(lo, mid, hi));
    assertThat(b).hasSizeLessThanOrEqualTo(5).isSorted();
    assertThat(b).contains(Bytes.copyOf(hours.windowStart(hours.window(mid))),
        Bytes.copyOf(hours.windowStart(hours.window(hi))));
  }

  @Test
  void windowLengthMustBePositive() {
    assertThatThrownBy(() -> new TimeWindows(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
  }
}
