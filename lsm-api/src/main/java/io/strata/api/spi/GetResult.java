package io.strata.api.spi;

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
  }

  private State state = State.NOT_FOUND;
  private byte[] value;
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
   * Records a put: the state becomes FOUND.
   *
   * @param value the entry's value, not copied
   */
  public void setFound(byte[] value) {
    this.state = State.FOUND;
    this.value = value;
  }

  /** Records a delete: the state becomes DELETED, with no value. */
  public void setDeleted() {
    this.state = State.DELETED;
    this.value = null;
  }

  /** Makes the result NOT_FOUND with no value, for reuse by another lookup. */
  public void reset() {
    this.state = State.NOT_FOUND;
    this.value = null;
    this.sequence = -1;
  }
}
