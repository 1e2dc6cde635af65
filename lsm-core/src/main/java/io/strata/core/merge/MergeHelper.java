package io.strata.core.merge;

import io.strata.api.CorruptionException;
import io.strata.api.spi.merge.MergeOperator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Applies merge operands for reads (RocksDB's {@code MergeHelper::TimedFullMerge},
 * db/merge_helper.cc): gets and iterators collect a key's operands newest first, down to a put, a
 * delete or the bottom of the tree, and hand them here. Stateless.
 */
public final class MergeHelper {
  private MergeHelper() {}

  /**
   * Full-merges {@code operandsNewestFirst} onto {@code base}.
   *
   * @param operator the database's merge operator; null when it has none
   * @param userKey the key the operands belong to
   * @param base the put's value under the operands; empty for a delete or none
   * @param operandsNewestFirst the operands, newest first, at least one
   * @param where what was read, for a {@link CorruptionException}: a file name or "iterator"
   * @return the merged value
   * @throws IllegalStateException if {@code operator} is null: the database holds merge operands
   *     but was opened without a merge operator
   * @throws CorruptionException if the operator cannot merge the operands
   */
  public static byte[] fullMerge(MergeOperator operator, byte[] userKey, Optional<byte[]> base,
      List<byte[]> operandsNewestFirst, String where) throws CorruptionException {
    List<byte[]> oldestFirst = new ArrayList<>(operandsNewestFirst);
    Collections.reverse(oldestFirst);
    return fullMergeOldestFirst(operator, userKey, base, oldestFirst, where);
  }

  /**
   * As {@link #fullMerge}, with the operands oldest first.
   *
   * @param operator the database's merge operator; null when it has none
   * @param userKey the key the operands belong to
   * @param base the put's value under the operands; empty for a delete or none
   * @param operandsOldestFirst the operands, oldest first, at least one
   * @param where what was read, for a {@link CorruptionException}: a file name or "iterator"
   * @return the merged value
   * @throws IllegalStateException if {@code operator} is null
   * @throws CorruptionException if the operator cannot merge the operands
   */
  public static byte[] fullMergeOldestFirst(MergeOperator operator, byte[] userKey,
      Optional<byte[]> base, List<byte[]> operandsOldestFirst, String where)
      throws CorruptionException {
    if (operator == null) {
      throw new IllegalStateException("found " + operandsOldestFirst.size()
          + " merge operand(s) of a key but the database has no merge operator");
    }
    Optional<byte[]> merged = operator.fullMerge(userKey, base,
        Collections.unmodifiableList(operandsOldestFirst));
    if (merged == null || merged.isEmpty()) {
      throw new CorruptionException(where, -1, "merge operator '" + operator.name()
          + "' failed to merge " + operandsOldestFirst.size() + " operand(s) of a key of "
          + userKey.length + " bytes");
    }
    return merged.get();
  }
}
