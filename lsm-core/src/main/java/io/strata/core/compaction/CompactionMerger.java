package io.strata.core.compaction;

import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.merge.MergeOperator;
import io.strata.core.merge.MergeHelper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Collapses the merge operands of one key during a compaction (RocksDB's {@code
 * MergeHelper::MergeUntil}, db/merge_helper.cc). Confined to the compaction thread.
 *
 * <p>Snapshot stripes: entry sequences {@code a < b} are in the same stripe when no live snapshot
 * {@code s} has {@code a <= s < b}; no reader sees one without the other, so entries of one
 * stripe may be combined. From a kept operand, the newest of a run, the merger takes the key's
 * older entries of the same stripe:
 *
 * <ul>
 *   <li>a put or a delete ends the run, which is full-merged onto it (the put's value, or none):
 *       one put at the newest operand's sequence replaces the run and the entry under it;
 *   <li>the key's entries running out, with nothing older below the output ({@code atBottom}),
 *       the run is full-merged onto no value, likewise;
 *   <li>otherwise (an older stripe, or older files below) adjacent operands are partial-merged
 *       where the operator can, each result at the sequence of its newest operand, and the run
 *       stays operands.
 * </ul>
 *
 * Without a merge operator every operand is kept as it is.
 */
final class CompactionMerger {
  /**
   * What a run became.
   *
   * @param keys the internal keys to write, in internal-key order (newest first)
   * @param values the values of {@code keys}
   * @param consumed entries of the input the run took, the first operand included
   * @param complete whether the run ends in a put that hides every older entry of the key
   * @param tombstoneConsumed whether the run took a delete (merged onto it, so not written)
   */
  record Result(List<byte[]> keys, List<byte[]> values, int consumed, boolean complete,
      boolean tombstoneConsumed) {}

  private final MergeOperator operator;
  private final long[] snapshots;
  private final KeyComparator ucmp;

  /**
   * @param operator the database's merge operator; null for none
   * @param snapshots the sequences of the live snapshots, ascending
   * @param ucmp the order of user keys
   */
  CompactionMerger(MergeOperator operator, long[] snapshots, KeyComparator ucmp) {
    this.operator = operator;
    this.snapshots = snapshots.clone();
    Arrays.sort(this.snapshots);
    this.ucmp = ucmp;
  }

  /** The stripe of {@code sequence}: the index of the first snapshot {@code >= sequence}. */
  int stripe(long sequence) {
    int i = Arrays.binarySearch(snapshots, sequence);
    if (i >= 0) {
      while (i > 0 && snapshots[i - 1] == sequence) {
        i--;
      }
      return i;
    }
    return -i - 1;
  }

  /**
   * Takes the run of operands that starts at {@code input}'s entry, a merge operand that is kept,
   * and leaves {@code input} on the first entry it did not take.
   *
   * @param input the compaction's input, on the run's newest operand
   * @param atBottom whether nothing older than the output may hold the key; asked only when the
   *     key's entries run out in the input
   * @param covered whether a range tombstone newer than it covers an internal key: the run stops
   *     before such an entry (operands are not merged across a range deletion, as RocksDB's
   *     {@code MergeUntil}); the entry is left to the caller's drop rules, and readers apply
   *     the tombstone
   * @throws io.strata.api.CorruptionException if the operator fails a full merge
   * @throws IOException if reading the input fails
   */
  Result mergeUntil(InternalIterator input, BooleanSupplier atBottom, Predicate<byte[]> covered)
      throws IOException {
    byte[] firstKey = input.key().clone();
    int userLength = firstKey.length - InternalKey.TRAILER_SIZE;
    byte[] userKey = InternalKeys.userKey(firstKey);
    long topSequence = InternalKeys.trailer(firstKey, 0, firstKey.length) >>> 8;
    int stripe = stripe(topSequence);
    // Operands newest first, with the sequence of each.
    List<byte[]> operands = new ArrayList<>();
    List<Long> sequences = new ArrayList<>();
    operands.add(input.value());
    sequences.add(topSequence);
    input.next();
    int consumed = 1;
    if (operator == null) {
      return new Result(List.of(firstKey), List.of(operands.get(0)), consumed, false, false);
    }
    boolean keyEnded = true;
    Optional<byte[]> base = Optional.empty();
    boolean hitBase = false;
    boolean tombstone = false;
    while (input.isValid()) {
      byte[] k = input.key();
      if (k.length < InternalKey.TRAILER_SIZE
          || ucmp.compare(k, 0, k.length - InternalKey.TRAILER_SIZE, userKey, 0, userLength)
              != 0) {
        break;
      }
      long trailer = InternalKeys.trailer(k, 0, k.length);
      if (stripe(trailer >>> 8) != stripe || covered.test(k)) {
        keyEnded = false;
        break;
      }
      int type = (int) (trailer & 0xff);
      consumed++;
      if (type == ValueType.MERGE.code()) {
        operands.add(input.value());
        sequences.add(trailer >>> 8);
        input.next();
        continue;
      }
      if (type == ValueType.VALUE.code()) {
        base = Optional.of(input.value());
      } else {
        tombstone = true;
      }
      hitBase = true;
      input.next();
      break;
    }
    if (hitBase || (keyEnded && atBottom.getAsBoolean())) {
      byte[] value = MergeHelper.fullMerge(operator, userKey, base, operands, "compaction");
      return new Result(List.of(InternalKeys.encode(userKey, topSequence, ValueType.VALUE)),
          List.of(value), consumed, true, tombstone);
    }
    // Partial merges, oldest first: fold each operand into the one below while the operator can.
    List<byte[]> outValues = new ArrayList<>();
    List<Long> outSequences = new ArrayList<>();
    byte[] acc = operands.get(operands.size() - 1);
    long accSequence = sequences.get(sequences.size() - 1);
    for (int i = operands.size() - 2; i >= 0; i--) {
      Optional<byte[]> combined = operator.partialMerge(userKey, acc, operands.get(i));
      if (combined != null && combined.isPresent()) {
        acc = combined.get();
      } else {
        outValues.add(acc);
        outSequences.add(accSequence);
        acc = operands.get(i);
      }
      accSequence = sequences.get(i);
    }
    outValues.add(acc);
    outSequences.add(accSequence);
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (int i = outValues.size() - 1; i >= 0; i--) {
      keys.add(InternalKeys.encode(userKey, outSequences.get(i), ValueType.MERGE));
      values.add(outValues.get(i));
    }
    return new Result(keys, values, consumed, false, false);
  }
}
