package io.strata.core.iterator;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeyComparator;
import java.io.IOException;
import java.util.List;

/**
 * Merges several internal iterators into one sorted stream, both directions (google/leveldb
 * table/merger.cc). Children may overlap in user keys; their internal keys are distinct (each
 * write has its own sequence number), so the merge has no duplicates to resolve.
 *
 * <p>The children form a binary heap of indices keyed by each child's current key: a min-heap
 * while moving forward, a max-heap while moving backward; the top is the current child. A step
 * moves the top child and sifts it down: O(log n) comparisons, no allocation.
 *
 * <p>Changing direction repositions every other child, as LevelDB does: moving forward after
 * backward seeks each to the current key and steps past it; moving backward after forward seeks
 * each to the current key and steps back (or to its last entry when it has nothing at or after the
 * key). After an exception from a child the iterator is not valid until the next seek.
 *
 * <p>Owns its children: {@link #close()} closes all of them. Not thread-safe.
 */
public final class MergingIterator implements InternalIterator {
  private final InternalKeyComparator comparator;
  private final InternalIterator[] children;
  /** Each valid child's current key, read once per move: comparisons then touch no child. */
  private final byte[][] keys;
  /** Indices into {@link #children}, heap-ordered over {@code [0, heapSize)}. */
  private final int[] heap;
  private int heapSize;
  private boolean forward = true;
  private boolean closed;

  private MergingIterator(InternalKeyComparator comparator, InternalIterator[] children) {
    this.comparator = comparator;
    this.children = children;
    this.heap = new int[children.length];
    this.keys = new byte[children.length][];
  }

  /**
   * An iterator over the union of {@code children}, which it takes ownership of: an {@link
   * EmptyIterator} for none, the child itself for one, else a merging iterator.
   *
   * @throws NullPointerException if an argument or a child is null
   */
  public static InternalIterator of(InternalKeyComparator comparator,
      List<InternalIterator> children) {
    checkNotNull(comparator, "comparator");
    checkNotNull(children, "children");
    InternalIterator[] array = children.toArray(new InternalIterator[0]);
    for (int i = 0; i < array.length; i++) {
      checkNotNull(array[i], "children[%s]", i);
    }
    switch (array.length) {
      case 0:
        return new EmptyIterator();
      case 1:
        return array[0];
      default:
        return new MergingIterator(comparator, array);
    }
  }

  @Override
  public boolean isValid() {
    return heapSize > 0;
  }

  @Override
  public void seekToFirst() throws IOException {
    heapSize = 0;
    for (InternalIterator child : children) {
      child.seekToFirst();
    }
    forward = true;
    rebuildHeap();
  }

  @Override
  public void seekToLast() throws IOException {
    heapSize = 0;
    for (InternalIterator child : children) {
      child.seekToLast();
    }
    forward = false;
    rebuildHeap();
  }

  @Override
  public void seek(byte[] target) throws IOException {
    checkNotNull(target, "target");
    heapSize = 0;
    for (InternalIterator child : children) {
      child.seek(target);
    }
    forward = true;
    rebuildHeap();
  }

  @Override
  public void next() throws IOException {
    checkState(heapSize > 0, "iterator is not valid");
    try {
      if (!forward) {
        // Every other child is positioned before key(); move each to the first entry after it.
        int current = heap[0];
        byte[] key = children[current].key();
        for (int i = 0; i < children.length; i++) {
          if (i != current) {
            InternalIterator child = children[i];
            child.seek(key);
            if (child.isValid() && comparator.compare(key, child.key()) == 0) {
              child.next();
            }
          }
        }
        forward = true;
        rebuildHeap(); // the current child is the smallest again
      }
      int current = heap[0];
      InternalIterator top = children[current];
      top.next();
      replaceTop(current, top);
    } catch (IOException | RuntimeException e) {
      heapSize = 0;
      throw e;
    }
  }

  @Override
  public void prev() throws IOException {
    checkState(heapSize > 0, "iterator is not valid");
    try {
      if (forward) {
        // Every other child is positioned after key(); move each to the last entry before it.
        int current = heap[0];
        byte[] key = children[current].key();
        for (int i = 0; i < children.length; i++) {
          if (i != current) {
            InternalIterator child = children[i];
            child.seek(key);
            if (child.isValid()) {
              child.prev(); // first entry >= key, so the one before is < key
            } else {
              child.seekToLast(); // every entry is < key
            }
          }
        }
        forward = false;
        rebuildHeap(); // the current child is the largest again
      }
      int current = heap[0];
      InternalIterator top = children[current];
      top.prev();
      replaceTop(current, top);
    } catch (IOException | RuntimeException e) {
      heapSize = 0;
      throw e;
    }
  }

  @Override
  public byte[] key() {
    checkState(heapSize > 0, "iterator is not valid");
    return keys[heap[0]];
  }

  @Override
  public byte[] value() {
    checkState(heapSize > 0, "iterator is not valid");
    return children[heap[0]].value();
  }

  @Override
  public byte[] valueCopy() {
    checkState(heapSize > 0, "iterator is not valid");
    return children[heap[0]].valueCopy();
  }

  /** Closes every child, even when one throws; the first failure is rethrown. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    heapSize = 0;
    RuntimeException failure = null;
    for (InternalIterator child : children) {
      try {
        child.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void rebuildHeap() {
    int n = 0;
    for (int i = 0; i < children.length; i++) {
      if (children[i].isValid()) {
        keys[i] = children[i].key();
        heap[n++] = i;
      }
    }
    heapSize = n;
    for (int k = n / 2 - 1; k >= 0; k--) {
      siftDown(k);
    }
  }

  /** After the top child moved: keep it if still valid, else drop it; restore heap order. */
  private void replaceTop(int current, InternalIterator top) {
    if (top.isValid()) {
      keys[current] = top.key();
    } else {
      heap[0] = heap[--heapSize];
    }
    if (heapSize > 1) {
      siftDown(0);
    }
  }

  private void siftDown(int k) {
    int item = heap[k];
    int half = heapSize >>> 1;
    while (k < half) {
      int child = 2 * k + 1;
      int right = child + 1;
      if (right < heapSize && before(heap[right], heap[child])) {
        child = right;
      }
      if (!before(heap[child], item)) {
        break;
      }
      heap[k] = heap[child];
      k = child;
    }
    heap[k] = item;
  }

  /** Whether child {@code a} comes out of the heap before child {@code b}. */
  private boolean before(int a, int b) {
    int r = comparator.compare(keys[a], keys[b]);
    if (r == 0) {
      r = Integer.compare(a, b); // not expected (keys are unique); keeps the order total
    }
    return forward ? r < 0 : r > 0;
  }
}
