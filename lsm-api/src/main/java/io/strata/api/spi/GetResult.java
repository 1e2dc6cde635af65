package io.strata.api.spi;

import java.util.ArrayList;
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

  /** {@return what the lookup found; NOT_FOUND until set} */
  public State state() {
    return state;
  }

  /** {@return the value when {@link #state()} is FOUND, else null} */
  public byte[] value() {
    return value;
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
   * and goes on to the key's next older entry.
   *
   * @param operand the operand, not copied
   */
  public void addMergeOperand(byte[] operand) {
    if (operands == null) {
      operands = new ArrayList<>(4);
    }
    operands.add(operand);
    this.state = State.MERGE_IN_PROGRESS;
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
  }
}
