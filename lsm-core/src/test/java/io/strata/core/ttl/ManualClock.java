package io.strata.core.ttl;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A wall clock tests move by hand. Thread-safe. */
public final class ManualClock extends Clock {
  private final AtomicLong millis;

  /** A clock reading {@code startMillis} since the epoch. */
  public ManualClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  /** Moves the clock forward by {@code seconds}. */
  public void advanceSeconds(long seconds) {
    millis.addAndGet(seconds * 1000);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new IllegalArgumentException("a ManualClock is in UTC only, not " + zone);
  }
}
