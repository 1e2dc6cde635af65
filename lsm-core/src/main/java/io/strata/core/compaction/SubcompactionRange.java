package io.strata.core.compaction;

import io.strata.api.Bytes;
import java.util.Optional;

/**
 * The half-open user-key range {@code [lower, upper)} one subcompaction merges (RocksDB's
 * {@code SubcompactionState} start and end, db/compaction/subcompaction_state.h): every version
 * of a user key in the range, and the range tombstones clipped to it. An absent bound is
 * unbounded. The ranges of one compaction are disjoint, ascending and together cover every user
 * key, so a user key's versions all go to one subcompaction. Immutable.
 */
public final class SubcompactionRange {
  /** The whole key space: the compaction is not split. */
  static final SubcompactionRange ALL = new SubcompactionRange(null, null, -1);

  /** Null: no lower bound. */
  final byte[] lower;
  /** Null: no upper bound. */
  final byte[] upper;
  /** Estimated input bytes in the range; -1 for {@link #ALL} (every input byte). */
  final long inputBytes;

  SubcompactionRange(byte[] lower, byte[] upper, long inputBytes) {
    this.lower = lower == null ? null : lower.clone();
    this.upper = upper == null ? null : upper.clone();
    this.inputBytes = inputBytes;
  }

  /** {@return the inclusive lower bound, a user key; empty for none} */
  public Optional<Bytes> lower() {
    return lower == null ? Optional.empty() : Optional.of(Bytes.copyOf(lower));
  }

  /** {@return the exclusive upper bound, a user key; empty for none} */
  public Optional<Bytes> upper() {
    return upper == null ? Optional.empty() : Optional.of(Bytes.copyOf(upper));
  }

  @Override
  public String toString() {
    return "[" + (lower == null ? "-inf" : Bytes.escape(lower, 0, lower.length)) + ", "
        + (upper == null ? "+inf" : Bytes.escape(upper, 0, upper.length)) + ")";
  }
}
