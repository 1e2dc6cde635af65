package io.strata.core.ttl;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.merge.MergeOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A merge operator under a TTL (rocksdb utilities/ttl/db_ttl_impl.h, {@code TtlMergeOperator}):
 * operands and values carry their write time ({@link TtlValues}); this operator strips it from
 * each before the user's operator sees them and appends the clock's time to the result, so a
 * merged value lives for a TTL from the merge. An operand or value too short to hold a write time
 * fails the merge (empty), which the engine reports as corruption. Thread-safe if the user's
 * operator is.
 */
public final class TtlMergeOperator implements MergeOperator {
  private final MergeOperator user;
  private final TtlValues ttl;

  /**
   * Wraps {@code user} for a database written with a TTL.
   *
   * @param user the database's merge operator
   * @param ttl the TTL and clock of this open
   * @throws NullPointerException if an argument is null
   */
  public TtlMergeOperator(MergeOperator user, TtlValues ttl) {
    this.user = checkNotNull(user, "user");
    this.ttl = checkNotNull(ttl, "ttl");
  }

  /** {@return the user's operator's name: the TTL layer is not part of what is recorded} */
  @Override
  public String name() {
    return user.name();
  }

  @Override
  public Optional<byte[]> fullMerge(byte[] key, Optional<byte[]> existingValue,
      List<byte[]> operands) {
    Optional<byte[]> base = Optional.empty();
    if (existingValue.isPresent()) {
      byte[] stripped = strip(existingValue.get());
      if (stripped == null) {
        return Optional.empty();
      }
      base = Optional.of(stripped);
    }
    List<byte[]> plain = strip(operands);
    if (plain == null) {
      return Optional.empty();
    }
    return user.fullMerge(key, base, plain).map(v -> TtlValues.append(v, ttl.nowSeconds()));
  }

  @Override
  public Optional<byte[]> partialMerge(byte[] key, byte[] leftOperand, byte[] rightOperand) {
    byte[] left = strip(leftOperand);
    byte[] right = strip(rightOperand);
    if (left == null || right == null) {
      return Optional.empty(); // "cannot": the operands stay as they are
    }
    return user.partialMerge(key, left, right).map(v -> TtlValues.append(v, ttl.nowSeconds()));
  }

  private static List<byte[]> strip(List<byte[]> operands) {
    List<byte[]> plain = new ArrayList<>(operands.size());
    for (byte[] operand : operands) {
      byte[] stripped = strip(operand);
      if (stripped == null) {
        return null;
      }
      plain.add(stripped);
    }
    return plain;
  }

  /** {@code stored} without its write time, or null when it is too short to hold one. */
  private static byte[] strip(byte[] stored) {
    if (stored.length < TtlValues.WRITE_TIME_BYTES) {
      return null;
    }
    return Arrays.copyOf(stored, stored.length - TtlValues.WRITE_TIME_BYTES);
  }
}
