package io.strata.core.iterator;

import io.strata.api.spi.InternalIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A test iterator over entries held in order in memory. Counts how many of its instances are
 * open through the shared {@code openCount} array (slot 0), when given one.
 */
class SortedRunIterator implements InternalIterator {
  private final List<byte[]> keys = new ArrayList<>();
  private final List<byte[]> values = new ArrayList<>();
  private final Comparator<byte[]> comparator;
  private final int[] openCount;
  private int index = -1;
  private boolean closed;

  /** Over {@code entries} in their map order; {@code comparator} serves seeks. */
  SortedRunIterator(NavigableMap<byte[], byte[]> entries, Comparator<byte[]> comparator,
      int[] openCount) {
    for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
      keys.add(e.getKey());
      values.add(e.getValue());
    }
    this.comparator = comparator;
    this.openCount = openCount;
    if (openCount != null) {
      openCount[0]++;
    }
  }

  /** Over raw entries in the given order, which need not be valid internal keys. */
  static SortedRunIterator ofRaw(List<byte[]> keys, List<byte[]> values) {
    SortedRunIterator it = new SortedRunIterator(new java.util.TreeMap<>(), null, null);
    it.keys.addAll(keys);
    it.values.addAll(values);
    return it;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public boolean isValid() {
    check();
    return index >= 0 && index < keys.size();
  }

  @Override
  public void seekToFirst() {
    check();
    index = keys.isEmpty() ? -1 : 0;
  }

  @Override
  public void seekToLast() {
    check();
    index = keys.size() - 1;
  }

  @Override
  public void seek(byte[] target) {
    check();
    int lo = 0;
    int hi = keys.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (comparator.compare(keys.get(mid), target) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    index = lo < keys.size() ? lo : -1;
  }

  @Override
  public void next() throws java.io.IOException {
    checkValid();
    index = index + 1 < keys.size() ? index + 1 : -1;
  }

  @Override
  public void prev() {
    checkValid();
    index--;
  }

  @Override
  public byte[] key() {
    checkValid();
    return keys.get(index);
  }

  @Override
  public byte[] value() {
    checkValid();
    return values.get(index);
  }

  @Override
  public void close() {
    if (!closed && openCount != null) {
      openCount[0]--;
    }
    closed = true;
  }

  private void check() {
    if (closed) {
      throw new AssertionError("used after close");
    }
  }

  private void checkValid() {
    if (!isValid()) {
      throw new AssertionError("not valid");
    }
  }
}
