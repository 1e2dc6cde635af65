package io.strata.api;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A half-open key range {@code [start, limit)} for {@link Db#getApproximateSizes}. Immutable.
 */
public final class Range {
  private final Bytes start;
  private final Bytes limit;

  /**
   * A range; both keys are copied.
   *
   * @param start the first user key in the range
   * @param limit the first user key past the range
   * @throws NullPointerException if {@code start} or {@code limit} is null
   */
  public Range(byte[] start, byte[] limit) {
    this.start = Bytes.copyOf(checkNotNull(start, "start"));
    this.limit = Bytes.copyOf(checkNotNull(limit, "limit"));
  }

  /** {@return the first user key in the range (inclusive)} */
  public Bytes start() {
    return start;
  }

  /** {@return the first user key past the range (exclusive)} */
  public Bytes limit() {
    return limit;
  }
}
