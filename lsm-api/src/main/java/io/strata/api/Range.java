package io.strata.api;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A half-open key range {@code [start, limit)} for {@link Db#getApproximateSizes}. Immutable.
 */
public final class Range {
  private final Bytes start;
  private final Bytes limit;

  public Range(byte[] start, byte[] limit) {
    this.start = Bytes.copyOf(checkNotNull(start, "start"));
    this.limit = Bytes.copyOf(checkNotNull(limit, "limit"));
  }

  /** Inclusive start. */
  public Bytes start() {
    return start;
  }

  /** Exclusive limit. */
  public Bytes limit() {
    return limit;
  }
}
