package io.strata.core.memtable;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.core.memtable.SkipListMemTable.Node;

/**
 * An iterator over a {@link SkipListMemTable}: walks its level-0 links forward and searches
 * from the head for {@link #prev} and {@link #seekToLast}, as google/leveldb
 * {@code db/skiplist.h} {@code SkipList::Iterator}.
 *
 * <p>Holds the memtable and the current node (none when not valid). {@link #key()} and
 * {@link #value()} return the memtable's own arrays without copying. Confined to one thread; runs
 * concurrently with the memtable's writer and other readers, loading links with acquire loads,
 * and sees every entry added before each of its moves.
 */
final class SkipListIterator implements InternalIterator {
  private final SkipListMemTable list;
  private Node node; // null when not valid

  SkipListIterator(SkipListMemTable list) {
    this.list = list;
  }

  @Override
  public boolean isValid() {
    return node != null;
  }

  @Override
  public void seekToFirst() {
    node = list.head.next(0);
  }

  @Override
  public void seekToLast() {
    Node last = list.findLast();
    node = last == list.head ? null : last;
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
    node = list.findGreaterOrEqual(target, userLength,
        (long) SkipListMemTable.LONG_LE.get(target, userLength), null);
  }

  @Override
  public void next() {
    checkState(node != null, "iterator is not valid");
    node = node.next(0);
  }

  @Override
  public void prev() {
    checkState(node != null, "iterator is not valid");
    byte[] key = node.key;
    int userLength = key.length - InternalKey.TRAILER_SIZE;
    Node before = list.findLessThan(key, userLength,
        (long) SkipListMemTable.LONG_LE.get(key, userLength));
    node = before == list.head ? null : before;
  }

  @Override
  public byte[] key() {
    checkState(node != null, "iterator is not valid");
    return node.key;
  }

  @Override
  public byte[] value() {
    checkState(node != null, "iterator is not valid");
    return node.value;
  }

  @Override
  public void close() {
    node = null;
  }
}
