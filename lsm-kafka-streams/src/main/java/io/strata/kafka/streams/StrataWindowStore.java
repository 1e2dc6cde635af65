package io.strata.kafka.streams;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.NoSuchElementException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent window store on Strata: each window (record key, window start, seqnum) is one
 * entry of a time segment, a Strata database of its own (see {@link SegmentedBytesStore} for
 * retention, restore and commit, {@link SegmentKeys} for the key layout, which is Kafka's).
 *
 * <p>Order of results: single-key fetches by window start (then seqnum); key-range fetches and
 * {@code all()} segment by segment (segments hold {@code segmentIntervalMs} of window starts),
 * by key then window start inside a segment, as Kafka's RocksDB window store. Backward variants
 * give the exact reverse. With {@code retainDuplicates}, every put of a non-null value is kept
 * under a fresh seqnum (Kafka's rule; a null value then deletes nothing).
 *
 * <p>Thread-safety: writes on the stream thread; reads may come from query threads. Every
 * iterator must be closed; the store closes those still open when it closes.
 */
class StrataWindowStore extends SegmentedStateStore implements WindowStore<Bytes, byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(StrataWindowStore.class);

  private final long windowSizeMs;
  private final boolean retainDuplicates;
  private int seqnum;

  StrataWindowStore(String name, long retentionMs, long segmentIntervalMs, long windowSizeMs,
      boolean retainDuplicates) {
    super(new SegmentedBytesStore(name, retentionMs, segmentIntervalMs, SegmentKeys.WINDOW_SUFFIX),
        SegmentKeys.WINDOW_SUFFIX);
    this.windowSizeMs = windowSizeMs;
    this.retainDuplicates = retainDuplicates;
  }

  /** {@return the segmented store beneath, for measurements} */
  SegmentedBytesStore segmented() {
    return store;
  }

  @Override
  public void put(Bytes key, byte[] value, long windowStartTimestamp) {
    checkNotNull(key, "key");
    if (value == null && retainDuplicates) {
      // Kafka's rule: with duplicates, a delete cannot name one of them, so it only moves time.
      store.observe(windowStartTimestamp);
      return;
    }
    if (retainDuplicates) {
      seqnum = (seqnum + 1) & 0x7FFFFFFF;
    }
    int seq = retainDuplicates ? seqnum : 0;
    store.put(SegmentKeys.windowKey(key.get(), windowStartTimestamp, seq), value);
  }

  @Override
  public byte[] fetch(Bytes key, long time) {
    checkNotNull(key, "key");
    return store.get(SegmentKeys.windowKey(key.get(), time, 0));
  }

  @Override
  public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    return fetchKey(key, timeFrom, timeTo, true);
  }

  @Override
  public WindowStoreIterator<byte[]> backwardFetch(Bytes key, long timeFrom, long timeTo) {
    return fetchKey(key, timeFrom, timeTo, false);
  }

  private WindowStoreIterator<byte[]> fetchKey(Bytes key, long timeFrom, long timeTo,
      boolean forward) {
    checkNotNull(key, "key");
    byte[] k = key.get();
    byte[] lower = SegmentKeys.windowKey(k, Math.max(timeFrom, 0), 0);
    byte[] upper = SegmentKeys.upperBoundExclusive(k,
        SegmentKeys.maxSuffix(SegmentKeys.WINDOW_SUFFIX, timeFrom, timeTo));
    KeyValueIterator<Bytes, byte[]> raw = store.range(timeFrom, timeTo,
        timeFrom < 0 ? k : lower, upper, sk -> sameKey(sk, k), forward);
    return new TimestampIterator(raw);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo,
      long timeFrom, long timeTo) {
    return fetchRange(keyFrom, keyTo, timeFrom, timeTo, true);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo,
      long timeFrom, long timeTo) {
    return fetchRange(keyFrom, keyTo, timeFrom, timeTo, false);
  }

  private KeyValueIterator<Windowed<Bytes>, byte[]> fetchRange(Bytes keyFrom, Bytes keyTo,
      long timeFrom, long timeTo, boolean forward) {
    if (keyFrom != null && keyTo != null && keyFrom.compareTo(keyTo) > 0) {
      LOG.warn("Returning empty iterator for fetch with invalid key range: from > to. "
          + "This may be due to range arguments set in the wrong order, or serdes that don't "
          + "preserve ordering when lexicographically comparing the serialized bytes.");
      return new WindowedIterator(store.range(1, 0, null, null, sk -> false, forward));
    }
    byte[] from = keyFrom == null ? null : keyFrom.get();
    byte[] to = keyTo == null ? null : keyTo.get();
    byte[] upper = to == null ? null : SegmentKeys.upperBoundExclusive(to,
        SegmentKeys.maxSuffix(SegmentKeys.WINDOW_SUFFIX, timeFrom, timeTo));
    KeyValueIterator<Bytes, byte[]> raw = store.range(timeFrom, timeTo, from, upper,
        sk -> inRange(sk, from, to), forward);
    return new WindowedIterator(raw);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
    return fetchRange(null, null, timeFrom, timeTo, true);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(long timeFrom, long timeTo) {
    return fetchRange(null, null, timeFrom, timeTo, false);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
    return fetchRange(null, null, Long.MIN_VALUE, Long.MAX_VALUE, true);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardAll() {
    return fetchRange(null, null, Long.MIN_VALUE, Long.MAX_VALUE, false);
  }

  private static boolean sameKey(byte[] storeKey, byte[] key) {
    return storeKey.length == key.length + SegmentKeys.WINDOW_SUFFIX
        && Arrays.equals(storeKey, 0, key.length, key, 0, key.length);
  }

  @Override
  Windowed<Bytes> windowed(byte[] storeKey) {
    long start = SegmentKeys.firstTime(storeKey, SegmentKeys.WINDOW_SUFFIX);
    long end = start + windowSizeMs;
    // Kafka's rule for a window reaching past the largest time: it ends there.
    return new Windowed<>(Bytes.wrap(SegmentKeys.recordKey(storeKey, SegmentKeys.WINDOW_SUFFIX)),
        new TimeWindow(start, end < 0 ? Long.MAX_VALUE : end));
  }

  /** Store entries as (window start, value). */
  private static final class TimestampIterator implements WindowStoreIterator<byte[]> {
    private final KeyValueIterator<Bytes, byte[]> raw;

    TimestampIterator(KeyValueIterator<Bytes, byte[]> raw) {
      this.raw = raw;
    }

    @Override
    public boolean hasNext() {
      return raw.hasNext();
    }

    @Override
    public KeyValue<Long, byte[]> next() {
      KeyValue<Bytes, byte[]> e = raw.next();
      return KeyValue.pair(SegmentKeys.firstTime(e.key.get(), SegmentKeys.WINDOW_SUFFIX), e.value);
    }

    @Override
    public Long peekNextKey() {
      if (!raw.hasNext()) {
        throw new NoSuchElementException();
      }
      return SegmentKeys.firstTime(raw.peekNextKey().get(), SegmentKeys.WINDOW_SUFFIX);
    }

    @Override
    public void close() {
      raw.close();
    }
  }
}
