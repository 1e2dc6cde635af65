package io.strata.kafka.streams;

import io.strata.api.DbIterator;
import io.strata.api.ReadOptions;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * An iterator over the data entries of a list of segments in {@code [lower, upper)} (store
 * keys; a null bound is open), segment after segment, forward or backward, yielding the entries
 * {@code keep} accepts. It opens one segment's database iterator at a time and holds every
 * segment it has not finished with, so expiry cannot close a database under it.
 *
 * <p>Closing releases the database iterator and the held segments; the store closes every
 * iterator still open when it closes. Not thread-safe: one thread uses an iterator.
 */
final class SegmentIterator implements KeyValueIterator<Bytes, byte[]> {
  private final List<Segment> segments;
  private final ReadOptions readOptions;
  private final Predicate<byte[]> keep;
  private final boolean forward;
  private final Consumer<SegmentIterator> onClose;
  private final String storeName;

  private int index = -1;
  private DbIterator current;
  private KeyValue<Bytes, byte[]> next;
  private boolean closed;

  SegmentIterator(String storeName, List<Segment> segments, byte[] lower, byte[] upper,
      Predicate<byte[]> keep, boolean forward, Consumer<SegmentIterator> onClose) {
    this.storeName = storeName;
    this.segments = segments;
    ReadOptions.Builder b = ReadOptions.builder();
    if (lower != null) {
      b.iterateLowerBound(lower);
    }
    if (upper != null) {
      b.iterateUpperBound(upper);
    }
    this.readOptions = b.build();
    this.keep = keep;
    this.forward = forward;
    this.onClose = onClose;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      throw new InvalidStateStoreException("iterator of store " + storeName + " is closed");
    }
    try {
      while (next == null) {
        if (current != null && current.isValid()) {
          byte[] key = current.key();
          if (keep.test(key)) {
            next = KeyValue.pair(Bytes.wrap(key), current.value());
          }
          if (forward) {
            current.next();
          } else {
            current.prev();
          }
        } else if (!advanceSegment()) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      throw new ProcessorStateException("error reading store " + storeName, e);
    }
  }

  /** Moves to the next segment's entries; false when there is none. */
  private boolean advanceSegment() throws IOException {
    if (current != null) {
      current.close();
      current = null;
      segments.get(index).release();
    }
    if (index + 1 >= segments.size()) {
      index = segments.size();
      return false;
    }
    index++;
    current = segments.get(index).db.newIterator(readOptions);
    if (forward) {
      current.seekToFirst();
    } else {
      current.seekToLast();
    }
    return true;
  }

  @Override
  public KeyValue<Bytes, byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    KeyValue<Bytes, byte[]> out = next;
    next = null;
    return out;
  }

  @Override
  public Bytes peekNextKey() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return next.key;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (current != null) {
      current.close();
      current = null;
    }
    // Segments from the current one on are still held (index -1: none opened yet).
    for (int i = Math.max(index, 0); i < segments.size(); i++) {
      segments.get(i).release();
    }
    onClose.accept(this);
  }
}
