package io.strata.kafka.streams;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.SessionBytesStoreSupplier;
import org.apache.kafka.streams.state.SessionStore;

/**
 * Supplies persistent session stores backed by Strata, for {@code Materialized.as(supplier)} or
 * {@code Stores.sessionStoreBuilder}; the Strata counterpart of
 * {@code Stores.persistentSessionStore}.
 *
 * <p>A store is a set of time segments by session end, each a Strata database in its own
 * directory {@code <task dir>/strata/<name>/<name>.<segment start ms>}, under Kafka's session key
 * layout (key, end, start). A session has expired once its end is at most
 * {@code stream time - retentionPeriod}; a segment whose sessions have all expired is closed
 * and its directory deleted, rewriting no live data. Restore and commit work as the window
 * store's ({@link StrataWindowBytesStoreSupplier}).
 *
 * <p>Immutable and thread-safe; each {@link #get()} returns a new store.
 */
public final class StrataSessionBytesStoreSupplier implements SessionBytesStoreSupplier {
  private final String name;
  private final long retentionPeriodMs;
  private final long segmentIntervalMs;

  /**
   * A supplier of session stores with Kafka's segment interval,
   * {@code max(retentionPeriodMs / 2, 60000)} milliseconds.
   *
   * @param name the store's name, also its directory's
   * @param retentionPeriodMs how long a session is kept after its end, in milliseconds; at
   *     least 0
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code retentionPeriodMs} is negative
   */
  public StrataSessionBytesStoreSupplier(String name, long retentionPeriodMs) {
    this(name, retentionPeriodMs, SegmentedBytesStore.defaultSegmentIntervalMs(retentionPeriodMs));
  }

  /**
   * A supplier of session stores.
   *
   * @param name the store's name, also its directory's
   * @param retentionPeriodMs how long a session is kept after its end, in milliseconds; at
   *     least 0
   * @param segmentIntervalMs the span of session ends one segment holds, in milliseconds; at
   *     least 1
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if a duration is out of range
   */
  public StrataSessionBytesStoreSupplier(String name, long retentionPeriodMs,
      long segmentIntervalMs) {
    this.name = checkNotNull(name, "name");
    checkArgument(retentionPeriodMs >= 0, "retentionPeriodMs must not be negative: %s",
        retentionPeriodMs);
    checkArgument(segmentIntervalMs >= 1, "segmentIntervalMs must be at least 1: %s",
        segmentIntervalMs);
    this.retentionPeriodMs = retentionPeriodMs;
    this.segmentIntervalMs = segmentIntervalMs;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * {@inheritDoc}
   *
   * @return a new, unopened store; Kafka Streams opens it with {@code init}
   */
  @Override
  public SessionStore<Bytes, byte[]> get() {
    return new StrataSessionStore(name, retentionPeriodMs, segmentIntervalMs);
  }

  /** {@return {@code "strata-session"}, the scope of the stores' metrics} */
  @Override
  public String metricsScope() {
    return "strata-session";
  }

  /** {@return the span of session ends one segment holds, in milliseconds} */
  @Override
  public long segmentIntervalMs() {
    return segmentIntervalMs;
  }

  /** {@return how long a session is kept after its end, in milliseconds} */
  @Override
  public long retentionPeriod() {
    return retentionPeriodMs;
  }

  @Override
  public String toString() {
    return "StrataSessionBytesStoreSupplier{name=" + name + ", retentionPeriodMs="
        + retentionPeriodMs + ", segmentIntervalMs=" + segmentIntervalMs + "}";
  }
}
