package io.strata.core.memtable;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeys;

/**
 * An iterator over an {@link ArenaMemTable}: walks its level-0 links forward and searches from
 * the head for {@link #prev} and {@link #seekToLast}, as google/leveldb {@code db/skiplist.h}
 * {@code SkipList::Iterator}.
 *
 * <p>Holds the memtable and the current node's address ({@link ArenaMemTable#NIL} when not
 * valid). {@link #key()} and {@link #value()} copy out of the slabs once per position, and the
 * copies stay valid after the iterator moves, as {@link InternalIterator} requires. Confined to
 * one thread; runs concurrently with the memtable's writer and other readers, loading links with
 * acquire loads, and sees every entry added before each of its moves.
 */
final class ArenaIterator implements InternalIterator {
  private final ArenaMemTable list;
  private long node = ArenaMemTable.NIL;
  private byte[] key; // the current node's key, copied on first use
  private byte[] value;

  ArenaIterator(ArenaMemTable list) {
    this.list = list;
  }

  @Override
  public boolean isValid() {
    return node != ArenaMemTable.NIL;
  }

  @Override
  public void seekToFirst() {
    moveTo(list.next(ArenaMemTable.HEAD, 0));
  }

  @Override
  public void seekToLast() {
    long last = list.findLast();
    moveTo(last == ArenaMemTable.HEAD ? ArenaMemTable.NIL : last);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code target} is shorter than 8 bytes
   */
  @Override
  public void seek(byte[] target) {
    checkNotNull(target, "target");
    checkArgument(target.length >= InternalKey.TRAILER_SIZE,
        "internal key shorter than 8 bytes: %s", target.length);
    int userLength = target.length - InternalKey.TRAILER_SIZE;
    moveTo(list.findGreaterOrEqual(target, userLength,
        InternalKeys.trailer(target, 0, target.length), null));
  }

  @Override
  public void next() {
    checkState(isValid(), "iterator is not valid");
    moveTo(list.next(node, 0));
  }

  @Override
  public void prev() {
    checkState(isValid(), "iterator is not valid");
    byte[] current = key();
    int userLength = current.length - InternalKey.TRAILER_SIZE;
    long before = list.findLessThan(current, userLength,
        InternalKeys.trailer(current, 0, current.length));
    moveTo(before == ArenaMemTable.HEAD ? ArenaMemTable.NIL : before);
  }

  @Override
  public byte[] key() {
    checkState(isValid(), "iterator is not valid");
    if (key == null) {
      key = list.key(node);
    }
    return key;
  }

  @Override
  public byte[] value() {
    checkState(isValid(), "iterator is not valid");
    if (value == null) {
      value = list.value(node);
    }
    return value;
  }

  /** {@inheritDoc} The value is copied once per position; a first call takes that copy. */
  @Override
  public byte[] valueCopy() {
    checkState(isValid(), "iterator is not valid");
    if (value == null) {
      return list.value(node);
    }
    return value.clone();
  }

  @Override
  public void close() {
    moveTo(ArenaMemTable.NIL);
  }

  private void moveTo(long target) {
    node = target;
    key = null;
    value = null;
  }
}
