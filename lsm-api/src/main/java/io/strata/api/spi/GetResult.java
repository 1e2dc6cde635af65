package io.strata.api.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of a point lookup in one memtable or table, filled in by the callee. Mutable and
 * confined to the thread of one get; one instance may be reused with {@link #reset()}.
 */
public final class GetResult {
  /** What the lookup found for the user key at the read's sequence number. */
  public enum State {
    /** No entry of the key visible at the sequence: look further down the tree. */
    NOT_FOUND,
    /** The newest visible entry is a put: {@link #value()} holds it. */
    FOUND,
    /** The newest visible entry is a delete: the key is absent; stop looking. */
    DELETED,
    /**
     * Only merge operands were found so far ({@link #mergeOperands()}): look further down the
     * tree for more operands or the base they apply to.
     */
    MERGE_IN_PROGRESS,
  }

  private State state = State.NOT_FOUND;
  private byte[] value;
  /** Merge operands found, newest first; null until the first. */
  private List<byte[]> operands;
  /** The sequence number of each of {@link #operands}, by index. */
  private long[] operandSequences;
  private long sequence = -1;

  /** {@return what the lookup found; NOT_FOUND until set} */
  public State state() {
    return state;
  }

  /** {@return the value when {@link #state()} is FOUND, else null} */
  public byte[] value() {
    return value;
  }

  /**
   * The sequence number of the entry found, as the callee reported it with {@link
   * #setSequence(long)}; the read path compares it with the range tombstones covering the key
   * (RocksDB's {@code max_covering_tombstone_seq} in db/get_context.cc). A callee that does not
   * report it leaves -1, and every visible range tombstone covering the key then hides the entry.
   *
   * @return the entry's sequence number, or -1 if not reported (or nothing found)
   */
  public long sequence() {
    return sequence;
  }

  /**
   * Records the sequence number of the entry found; call it with {@link #setFound(byte[])} or
   * {@link #setDeleted()}.
   *
   * @param sequence the found entry's sequence number, in [0, 2^56-1]
   */
  public void setSequence(long sequence) {
    this.sequence = sequence;
  }

  /**
   * The merge operands found above the entry that ended the lookup, newest first (RocksDB's
   * {@code MergeContext}). With FOUND they apply to {@link #value()}, with DELETED or NOT_FOUND
   * to no value; a lookup that found none returns an empty list.
   *
   * @return an unmodifiable view, newest first; the arrays are not copied
   */
  public List<byte[]> mergeOperands() {
    return operands == null ? List.of() : Collections.unmodifiableList(operands);
  }

  /** {@return whether any merge operand was found} */
  public boolean hasMergeOperands() {
    return operands != null && !operands.isEmpty();
  }

  /**
   * Records a merge operand older than every one recorded so far: the state becomes
   * MERGE_IN_PROGRESS. A memtable or table calls it for each operand it passes, newest first,
   * and goes on to the key's next older entry. An operand whose sequence number is not below
   * the last one recorded is one already seen (a read may meet the same entry in an immutable
   * memtable and in the table its flush wrote) and is ignored.
   *
   * @param sequence the operand's sequence number
   * @param operand the operand, not copied
   */
  public void addMergeOperand(long sequence, byte[] operand) {
    if (operands == null) {
      operands = new ArrayList<>(4);
      operandSequences = new long[4];
    } else if (sequence >= operandSequences[operands.size() - 1]) {
      return;
    }
    if (operands.size() == operandSequences.length) {
      operandSequences = Arrays.copyOf(operandSequences, operandSequences.length * 2);
    }
    operandSequences[operands.size()] = sequence;
    operands.add(operand);
    this.state = State.MERGE_IN_PROGRESS;
  }

  /**
   * Drops the recorded merge operands older than {@code sequence}, those a range tombstone of
   * that sequence number covers; when any is dropped the state becomes DELETED (the tombstone is
   * the base the newer operands apply to).
   *
   * @param sequence the covering range tombstone's sequence number
   * @return whether any operand was dropped
   */
  public boolean dropMergeOperandsBelow(long sequence) {
    if (operands == null) {
      return false;
    }
    int keep = operands.size();
    while (keep > 0 && operandSequences[keep - 1] < sequence) {
      keep--;
    }
    if (keep == operands.size()) {
      return false;
    }
    operands.subList(keep, operands.size()).clear();
    setDeleted();
    return true;
  }

  /**
   * Records a put: the state becomes FOUND; merge operands recorded before stay.
   *
   * @param value the entry's value, not copied
   */
  public void setFound(byte[] value) {
    this.state = State.FOUND;
    this.value = value;
  }

  /** Records a delete: the state becomes DELETED, with no value; merge operands stay. */
  public void setDeleted() {
    this.state = State.DELETED;
    this.value = null;
  }

  /** Makes the result NOT_FOUND with no value and no operands, for reuse by another lookup. */
  public void reset() {
    this.state = State.NOT_FOUND;
    this.value = null;
    this.operands = null;
    this.operandSequences = null;
    this.sequence = -1;
  }
}
