package io.strata.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The delayed write rate's budget and its response to the compaction debt, on a fake clock. */
class WriteControllerTest {
  private static final long MIB = 1 << 20;
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aWriteWaitsForTheBytesTheBudgetLacks() {
    WriteController c = new WriteController(MIB);
    // The first delayed write finds an empty budget: 1 KiB at 1 MiB/s is 1/1024 s.
    assertThat(c.delayNanos(1024, 100, 0)).isBetween(SECOND / 1024, SECOND / 1024 + 1);
    // Written back to back, each write pays for itself: the delays add up to bytes / rate.
    long now = SECOND / 1024 + 1;
    long total = 0;
    for (int i = 0; i < 1024; i++) {
      long wait = c.delayNanos(1024, 100, now);
      total += wait;
      now += wait;
    }
    assertThat(total).isBetween(SECOND - 1024, SECOND + 1024);
  }

  @Test
  void timeBetweenWritesRefillsTheBudgetByAMillisecondAtMost() {
    WriteController c = new WriteController(MIB);
    c.delayNanos(1024, 100, 0);
    long afterWait = SECOND / 1024;
    // A second later, only a millisecond's bytes (about 1 KiB at 1 MiB/s) were saved up.
    long later = afterWait + SECOND;
    assertThat(c.delayNanos(1000, 100, later)).isZero();
    assertThat(c.delayNanos(1000, 100, later)).isPositive();
  }

  @Test
  void theRateFollowsTheDebtWithinItsBounds() {
    WriteController c = new WriteController(MIB);
    c.delayNanos(1, 1000, 0);
    assertThat(c.rate()).isEqualTo(MIB);
    c.delayNanos(1, 2000, 0); // grown: a fifth slower
    assertThat(c.rate()).isEqualTo(Math.round(MIB * 0.8));
    c.delayNanos(1, 1500, 0); // shrunk: a quarter faster
    assertThat(c.rate()).isEqualTo(MIB);
    c.delayNanos(1, 1000, 0);
    assertThat(c.rate()).as("never above the configured rate").isEqualTo(MIB);
    for (int i = 0; i < 100; i++) {
      c.delayNanos(1, 2000 + i, 0);
    }
    assertThat(c.rate()).as("never below the floor").isEqualTo(WriteController.MIN_RATE);
    c.reset();
    assertThat(c.rate()).isEqualTo(MIB);
    assertThat(c.delayNanos(1024, 5000, 10 * SECOND)).as("an empty budget after a reset")
        .isBetween(SECOND / 1024, SECOND / 1024 + 1);
  }

  @Test
  void aRateBelowTheFloorIsRefused() {
    assertThatThrownBy(() -> new WriteController(1000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
