package io.strata.kafka.streams;

import io.strata.api.DbIterator;
import java.io.IOException;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * An iterator over a range of a Strata store's user keys, forward or reverse, handed out by
 * {@link StrataKeyValueBytesStore}: a bounded {@link DbIterator} whose keys lose their leading
 * key-space byte ({@link StoreKeys}). It sees the store as of its creation (the engine's iterator
 * pins its data). The store tracks every open iterator and closes it when the store closes; after
 * that, {@link #hasNext()} and {@link #next()} throw {@link InvalidStateStoreException}.
 *
 * <p>Confined to one thread, as Kafka Streams uses it; {@link #close()} is idempotent and may be
 * called from the store's closing thread.
 */
final class StrataKeyValueIterator implements KeyValueIterator<Bytes, byte[]> {
  private final String storeName;
  private final DbIterator it;
  private final boolean forward;
  private final Consumer<StrataKeyValueIterator> onClose;
  private final Consumer<Long> onRead;
  private volatile boolean closed;

  StrataKeyValueIterator(String storeName, DbIterator it, boolean forward,
      Consumer<StrataKeyValueIterator> onClose, Consumer<Long> onRead) {
    this.storeName = storeName;
    this.it = it;
    this.forward = forward;
    this.onClose = onClose;
    this.onRead = onRead;
  }

  /** Positions the iterator on its first entry; called once by the store before handing it out. */
  void start() {
    try {
      if (forward) {
        it.seekToFirst();
      } else {
        it.seekToLast();
      }
    } catch (IOException e) {
      close();
      throw new ProcessorStateException("Strata store " + storeName + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean hasNext() {
    checkOpen();
    return it.isValid();
  }

  @Override
  public KeyValue<Bytes, byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("Strata store " + storeName + ": no more entries");
    }
    byte[] key = it.key();
    byte[] value = it.value();
    onRead.accept((long) key.length - 1 + value.length);
    KeyValue<Bytes, byte[]> kv = KeyValue.pair(StoreKeys.userKeyOf(key), value);
    try {
      if (forward) {
        it.next();
      } else {
        it.prev();
      }
    } catch (IOException e) {
      throw new ProcessorStateException("Strata store " + storeName + ": " + e.getMessage(), e);
    }
    return kv;
  }

  @Override
  public Bytes peekNextKey() {
    if (!hasNext()) {
      throw new NoSuchElementException("Strata store " + storeName + ": no more entries");
    }
    return StoreKeys.userKeyOf(it.key());
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    it.close();
    onClose.accept(this);
  }

  boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new InvalidStateStoreException(
          "Strata store " + storeName + ": the iterator is closed (or its store is)");
    }
  }
}
