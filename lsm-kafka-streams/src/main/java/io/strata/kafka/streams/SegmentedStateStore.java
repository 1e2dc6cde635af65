package io.strata.kafka.streams;

import java.util.Arrays;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.internals.StoreQueryUtils;

/**
 * What the window and session stores share: the {@link StateStore} life cycle, commits, offsets
 * and queries, all handed to the {@link SegmentedBytesStore} beneath. Thread-safety as the store
 * beneath.
 */
abstract class SegmentedStateStore implements StateStore {
  /** The segments holding the store's entries. */
  final SegmentedBytesStore store;
  /** Bytes after the record key in a store key: the window or session suffix. */
  private final int suffix;

  SegmentedStateStore(SegmentedBytesStore store, int suffix) {
    this.store = store;
    this.suffix = suffix;
  }

  /**
   * Whether the record key of {@code storeKey} is within {@code [from, to]}, unsigned bytewise;
   * a null bound is open.
   */
  final boolean inRange(byte[] storeKey, byte[] from, byte[] to) {
    int n = storeKey.length - suffix;
    return (from == null || Arrays.compareUnsigned(storeKey, 0, n, from, 0, from.length) >= 0)
        && (to == null || Arrays.compareUnsigned(storeKey, 0, n, to, 0, to.length) <= 0);
  }

  /** {@return the windowed record key that {@code storeKey} holds} */
  abstract Windowed<Bytes> windowed(byte[] storeKey);

  /** Store entries as (windowed record key, value), decoded by {@link #windowed}. */
  final class WindowedIterator implements KeyValueIterator<Windowed<Bytes>, byte[]> {
    private final KeyValueIterator<Bytes, byte[]> raw;

    WindowedIterator(KeyValueIterator<Bytes, byte[]> raw) {
      this.raw = raw;
    }

    @Override
    public boolean hasNext() {
      return raw.hasNext();
    }

    @Override
    public KeyValue<Windowed<Bytes>, byte[]> next() {
      KeyValue<Bytes, byte[]> e = raw.next();
      return KeyValue.pair(windowed(e.key.get()), e.value);
    }

    @Override
    public Windowed<Bytes> peekNextKey() {
      if (!raw.hasNext()) {
        throw new NoSuchElementException();
      }
      return windowed(raw.peekNextKey().get());
    }

    @Override
    public void close() {
      raw.close();
    }
  }

  @Override
  public String name() {
    return store.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    store.init(context, root);
  }

  @Override
  public void flush() {
    store.checkpoint();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    store.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return store.committedOffset(partition);
  }

  @Override
  public boolean managesOffsets() {
    return true;
  }

  @Override
  public long approximateNumUncommittedBytes() {
    return store.approximateNumUncommittedBytes();
  }

  @Override
  public void close() {
    store.close();
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public boolean isOpen() {
    return store.isOpen();
  }

  @Override
  public Position getPosition() {
    return store.position();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound,
      QueryConfig config) {
    return StoreQueryUtils.handleBasicQueries(query, positionBound, config, this,
        store.position(), store.context());
  }
}
