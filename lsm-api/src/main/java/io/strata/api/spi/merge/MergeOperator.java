package io.strata.api.spi.merge;

import java.util.List;
import java.util.Optional;

/**
 * Combines the merge operands written with {@code Db.merge} into a value (RocksDB's {@code
 * MergeOperator}, include/rocksdb/merge_operator.h): a read-modify-write the engine defers to
 * reads and compactions, so that a write need not read the old value.
 *
 * <p>A key's entries, newest first, are a run of operands above a base: a put's value, a delete,
 * or nothing (the bottom of the tree). The value a read returns is {@link #fullMerge} of the base
 * (empty for a delete or nothing) with the operands oldest first. Compactions combine adjacent
 * operands with {@link #partialMerge} when no snapshot separates them and no base is at hand,
 * and replace operands and base with the full merge when the base is in the same snapshot stripe
 * or nothing older exists below.
 *
 * <p>Associativity: the engine may partial-merge any adjacent pair of operands, in any grouping,
 * and full-merge what results at any later time. An operator must therefore satisfy, for every
 * base {@code b} and operands {@code a1 ... an} (oldest first), that replacing adjacent {@code
 * ai, ai+1} by a successful {@code partialMerge(key, ai, ai+1)} leaves {@code fullMerge(key, b,
 * ...)} unchanged; an operator for which that does not hold returns empty from {@code
 * partialMerge} (the default), and then operands stay apart until a full merge. Both methods must
 * be deterministic: the same inputs give the same bytes, at every read and on every reopen.
 *
 * <p>Thread-safety: called by any number of reading and compaction threads at once, so an
 * implementation must be thread-safe (stateless is simplest). The engine does not modify the
 * arrays it passes; an implementation must not modify them either, and must return a fresh array
 * or one it never changes.
 */
public interface MergeOperator {
  /**
   * The operator's name, recorded in the database's OPTIONS file so that a reopen uses the same
   * operator (RocksDB's {@code MergeOperator::Name}).
   *
   * @return a short, stable, lower-case name, e.g. {@code uint64add}
   */
  String name();

  /**
   * Applies {@code operands}, oldest first, to {@code existingValue} (RocksDB's {@code
   * FullMergeV2}).
   *
   * @param key the user key the operands were written to
   * @param existingValue the base value; empty when the key was deleted or never put
   * @param operands the operands, oldest first, at least one; an unmodifiable list
   * @return the new value, or empty when the operands cannot be applied (the read or the
   *     compaction then fails with a {@code CorruptionException}, as RocksDB reports {@code
   *     Status::Corruption} for a failed full merge)
   */
  Optional<byte[]> fullMerge(byte[] key, Optional<byte[]> existingValue, List<byte[]> operands);

  /**
   * Combines two adjacent operands into one (RocksDB's {@code PartialMerge}): {@code
   * leftOperand} was written before {@code rightOperand}. See the class comment for the
   * associativity the result must keep. Default: empty, "cannot", so operands are kept apart.
   *
   * @param key the user key the operands were written to
   * @param leftOperand the older operand
   * @param rightOperand the newer operand
   * @return one operand equivalent to the two applied in order, or empty when the operator cannot
   *     combine them
   */
  default Optional<byte[]> partialMerge(byte[] key, byte[] leftOperand, byte[] rightOperand) {
    return Optional.empty();
  }
}
