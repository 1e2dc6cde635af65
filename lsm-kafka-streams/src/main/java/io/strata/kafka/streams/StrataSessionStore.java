package io.strata.kafka.streams;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.SessionWindow;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.SessionStore;
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
final class StrataSessionStore extends SegmentedStateStore
    implements SessionStore<Bytes, byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(StrataSessionStore.class);


  StrataSessionStore(String name, long retentionMs, long segmentIntervalMs) {
    super(new SegmentedBytesStore(name, retentionMs, segmentIntervalMs, SegmentKeys.SESSION_SUFFIX),
        SegmentKeys.SESSION_SUFFIX);
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
    return new WindowedIterator(store.range(earliestSessionEndTime, latestSessionEndTime, null,
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
      return new WindowedIterator(store.range(1, 0, null, null, sk -> false, forward));
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
    return new WindowedIterator(raw);
  }

  @Override
  Windowed<Bytes> windowed(byte[] storeKey) {
    return new Windowed<>(Bytes.wrap(SegmentKeys.recordKey(storeKey, SegmentKeys.SESSION_SUFFIX)),
        new SessionWindow(SegmentKeys.sessionStart(storeKey),
            SegmentKeys.firstTime(storeKey, SegmentKeys.SESSION_SUFFIX)));
  }
}
