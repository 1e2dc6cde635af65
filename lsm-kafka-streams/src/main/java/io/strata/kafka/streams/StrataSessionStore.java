package io.strata.kafka.streams;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.SessionWindow;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.internals.StoreQueryUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent session store on Strata: each session (record key, end, start) is one entry of a
 * time segment chosen by its end time, a Strata database of its own (see
 * {@link SegmentedBytesStore} for retention, restore and commit, {@link SegmentKeys} for the key
 * layout, which is Kafka's). A session has expired once its end is at most
 * {@code streamTime - retentionMs}. {@link #remove} is a put of null, as in Kafka's RocksDB
 * session store: it moves the stream time like any put.
 *
 * <p>Order of results: segment by segment (by end time), then by key, end and start inside a
 * segment, as Kafka's RocksDB session store; for one key that is end, then start. Backward
 * variants give the exact reverse.
 *
 * <p>Thread-safety: writes on the stream thread; reads may come from query threads. Every
 * iterator must be closed; the store closes those still open when it closes.
 */
final class StrataSessionStore implements SessionStore<Bytes, byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(StrataSessionStore.class);

  private final SegmentedBytesStore store;

  StrataSessionStore(String name, long retentionMs, long segmentIntervalMs) {
    this.store = new SegmentedBytesStore(name, retentionMs, segmentIntervalMs,
        SegmentKeys.SESSION_SUFFIX);
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
  public void put(Windowed<Bytes> sessionKey, byte[] aggregate) {
    checkNotNull(sessionKey, "sessionKey");
    store.put(storeKey(sessionKey), aggregate);
  }

  @Override
  public void remove(Windowed<Bytes> sessionKey) {
    checkNotNull(sessionKey, "sessionKey");
    store.put(storeKey(sessionKey), null);
  }

  private static byte[] storeKey(Windowed<Bytes> sessionKey) {
    return SegmentKeys.sessionKey(sessionKey.key().get(), sessionKey.window().end(),
        sessionKey.window().start());
  }

  @Override
  public byte[] fetchSession(Bytes key, long sessionStartTime, long sessionEndTime) {
    checkNotNull(key, "key");
    return store.get(SegmentKeys.sessionKey(key.get(), sessionEndTime, sessionStartTime));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> findSessions(Bytes key,
      long earliestSessionEndTime, long latestSessionStartTime) {
    checkNotNull(key, "key");
    return find(key, key, earliestSessionEndTime, latestSessionStartTime, true);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFindSessions(Bytes key,
      long earliestSessionEndTime, long latestSessionStartTime) {
    checkNotNull(key, "key");
    return find(key, key, earliestSessionEndTime, latestSessionStartTime, false);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> findSessions(Bytes keyFrom, Bytes keyTo,
      long earliestSessionEndTime, long latestSessionStartTime) {
    return find(keyFrom, keyTo, earliestSessionEndTime, latestSessionStartTime, true);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFindSessions(Bytes keyFrom,
      Bytes keyTo, long earliestSessionEndTime, long latestSessionStartTime) {
    return find(keyFrom, keyTo, earliestSessionEndTime, latestSessionStartTime, false);
  }

  /**
   * Every session of all keys whose end lies in {@code [earliestSessionEndTime,
   * latestSessionEndTime]} (milliseconds, both inclusive), as Kafka's stores read this call.
   */
  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> findSessions(long earliestSessionEndTime,
      long latestSessionEndTime) {
    return new SessionIterator(store.range(earliestSessionEndTime, latestSessionEndTime, null,
        null, sk -> true, true));
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes key) {
    checkNotNull(key, "key");
    return find(key, key, Long.MIN_VALUE, Long.MAX_VALUE, true);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes key) {
    checkNotNull(key, "key");
    return find(key, key, Long.MIN_VALUE, Long.MAX_VALUE, false);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo) {
    return find(keyFrom, keyTo, Long.MIN_VALUE, Long.MAX_VALUE, true);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo) {
    return find(keyFrom, keyTo, Long.MIN_VALUE, Long.MAX_VALUE, false);
  }

  /**
   * Sessions of keys in {@code [keyFrom, keyTo]} (null: open) with end at or after
   * {@code earliestEnd} and start at or before {@code latestStart}, both in milliseconds.
   */
  private KeyValueIterator<Windowed<Bytes>, byte[]> find(Bytes keyFrom, Bytes keyTo,
      long earliestEnd, long latestStart, boolean forward) {
    if (keyFrom != null && keyTo != null && keyFrom.compareTo(keyTo) > 0) {
      LOG.warn("Returning empty iterator for fetch with invalid key range: from > to. "
          + "This may be due to range arguments set in the wrong order, or serdes that don't "
          + "preserve ordering when lexicographically comparing the serialized bytes.");
      return new SessionIterator(store.range(1, 0, null, null, sk -> false, forward));
    }
    byte[] from = keyFrom == null ? null : keyFrom.get();
    byte[] to = keyTo == null ? null : keyTo.get();
    // Every stored session ends at or before the stream time, which bounds the end field.
    long maxEnd = Math.max(store.streamTime(), 0);
    byte[] lower = from;
    if (from != null && to != null && Arrays.equals(from, to) && earliestEnd >= 0) {
      lower = SegmentKeys.sessionKey(from, earliestEnd, 0);
    }
    byte[] upper = to == null ? null : SegmentKeys.upperBoundExclusive(to,
        SegmentKeys.maxSuffix(SegmentKeys.SESSION_SUFFIX, Math.min(earliestEnd, 0), maxEnd));
    KeyValueIterator<Bytes, byte[]> raw = store.range(earliestEnd, Long.MAX_VALUE, lower, upper,
        sk -> SegmentKeys.sessionStart(sk) <= latestStart && inRange(sk, from, to), forward);
    return new SessionIterator(raw);
  }

  private static boolean inRange(byte[] storeKey, byte[] from, byte[] to) {
    int n = storeKey.length - SegmentKeys.SESSION_SUFFIX;
    return (from == null || Arrays.compareUnsigned(storeKey, 0, n, from, 0, from.length) >= 0)
        && (to == null || Arrays.compareUnsigned(storeKey, 0, n, to, 0, to.length) <= 0);
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

  private static Windowed<Bytes> windowed(byte[] storeKey) {
    return new Windowed<>(Bytes.wrap(SegmentKeys.recordKey(storeKey, SegmentKeys.SESSION_SUFFIX)),
        new SessionWindow(SegmentKeys.sessionStart(storeKey),
            SegmentKeys.firstTime(storeKey, SegmentKeys.SESSION_SUFFIX)));
  }

  /** Store entries as (session-windowed key, aggregate). */
  private static final class SessionIterator
      implements KeyValueIterator<Windowed<Bytes>, byte[]> {
    private final KeyValueIterator<Bytes, byte[]> raw;

    SessionIterator(KeyValueIterator<Bytes, byte[]> raw) {
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
}
