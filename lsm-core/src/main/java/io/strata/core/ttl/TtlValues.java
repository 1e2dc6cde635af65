package io.strata.core.ttl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.strata.api.CorruptionException;
import io.strata.api.spi.coding.Coding;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * The value layout of a database with a TTL, and the expiry rule (rocksdb
 * utilities/ttl/db_ttl_impl.cc, {@code AppendTS}, {@code StripTS}, {@code IsStale}):
 *
 * <pre>
 * field        encoding                    width
 * user value   bytes                       n
 * write time   fixed32 little-endian       4     seconds since 1970-01-01T00:00:00Z, unsigned
 * </pre>
 *
 * An entry written at {@code t} with TTL {@code ttl} is expired once {@code now > t + ttl}, both
 * in whole seconds of the clock (RocksDB's {@code IsStale}). RocksDB reads the write time as a
 * signed 32-bit number; it is unsigned here, good until 2106. Immutable and thread-safe.
 */
public final class TtlValues {
  /** Bytes of the write time after each value. */
  public static final int WRITE_TIME_BYTES = 4;

  private final long ttlSeconds;
  private final Clock clock;

  /**
   * The rule for {@code ttl} on {@code clock}.
   *
   * @param ttl the time to live, whole seconds, at least one
   * @param clock the wall clock
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code ttl} is under one second
   */
  public TtlValues(Duration ttl, Clock clock) {
    checkNotNull(ttl, "ttl");
    this.clock = checkNotNull(clock, "clock");
    checkArgument(ttl.getSeconds() >= 1, "ttl must be at least 1 s, was %s", ttl);
    this.ttlSeconds = ttl.getSeconds();
  }

  /**
   * The clock's time, in whole seconds since the epoch.
   *
   * @return now, in seconds
   * @throws IllegalStateException if the clock reads before 1970 or after 2106 (outside an
   *     unsigned 32-bit write time)
   */
  public long nowSeconds() {
    long now = Math.floorDiv(clock.millis(), 1000L);
    checkState(now >= 0 && now <= 0xffff_ffffL,
        "the clock reads %s s since the epoch, outside the 32-bit range of write times", now);
    return now;
  }

  /**
   * {@code value} followed by the write time {@code nowSeconds}.
   *
   * @param value the user's value
   * @param nowSeconds the write time, in seconds since the epoch
   * @return a fresh array of {@code value.length + 4} bytes
   */
  public static byte[] append(byte[] value, long nowSeconds) {
    byte[] out = Arrays.copyOf(value, value.length + WRITE_TIME_BYTES);
    Coding.putFixed32(out, value.length, (int) nowSeconds);
    return out;
  }

  /**
   * The write time of a stored value.
   *
   * @param stored a value as stored, write time last
   * @param what names the value in a {@link CorruptionException} (the database and key)
   * @return the write time, in seconds since the epoch
   * @throws CorruptionException if {@code stored} is shorter than a write time
   */
  public static long writeTime(byte[] stored, String what) throws CorruptionException {
    checkLength(stored, what);
    return Integer.toUnsignedLong(Coding.getFixed32(stored, stored.length - WRITE_TIME_BYTES));
  }

  /**
   * The user's value in a stored value.
   *
   * @param stored a value as stored, write time last
   * @param what names the value in a {@link CorruptionException}
   * @return a fresh array without the write time
   * @throws CorruptionException if {@code stored} is shorter than a write time
   */
  public static byte[] strip(byte[] stored, String what) throws CorruptionException {
    checkLength(stored, what);
    return Arrays.copyOf(stored, stored.length - WRITE_TIME_BYTES);
  }

  /**
   * Whether a value written at {@code writeTimeSeconds} is expired at {@code nowSeconds}.
   *
   * @param writeTimeSeconds the write time, in seconds since the epoch
   * @param nowSeconds now, in seconds since the epoch
   * @return true if {@code now > write time + ttl}
   */
  public boolean isExpired(long writeTimeSeconds, long nowSeconds) {
    return nowSeconds > writeTimeSeconds + ttlSeconds;
  }

  /** {@return the time to live, in seconds} */
  public long ttlSeconds() {
    return ttlSeconds;
  }

  private static void checkLength(byte[] stored, String what) throws CorruptionException {
    if (stored.length < WRITE_TIME_BYTES) {
      throw new CorruptionException(what, -1, "value of " + stored.length
          + " bytes is shorter than the 4-byte write time every value of a database with a TTL"
          + " ends with");
    }
  }
}
