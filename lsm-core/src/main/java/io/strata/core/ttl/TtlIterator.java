package io.strata.core.ttl;

import io.strata.api.DbIterator;
import java.io.IOException;
import java.util.function.Function;

/**
 * An iterator of a {@link TtlDb}: the engine's, with expired entries skipped in both directions
 * and write times stripped from values. Expiry is judged when the iterator moves. Not
 * thread-safe, as the iterator it wraps.
 */
final class TtlIterator implements DbIterator {
  private final DbIterator base;
  private final TtlValues ttl;
  private final Function<byte[], String> describe;
  /** The current entry's value without its write time; null when not valid. */
  private byte[] value;

  TtlIterator(DbIterator base, TtlValues ttl, Function<byte[], String> describe) {
    this.base = base;
    this.ttl = ttl;
    this.describe = describe;
  }

  @Override
  public boolean isValid() {
    return base.isValid();
  }

  @Override
  public void seekToFirst() throws IOException {
    value = null;
    base.seekToFirst();
    skipExpired(true);
  }

  @Override
  public void seekToLast() throws IOException {
    value = null;
    base.seekToLast();
    skipExpired(false);
  }

  @Override
  public void seek(byte[] target) throws IOException {
    value = null;
    base.seek(target);
    skipExpired(true);
  }

  @Override
  public void next() throws IOException {
    value = null;
    base.next();
    skipExpired(true);
  }

  @Override
  public void prev() throws IOException {
    value = null;
    base.prev();
    skipExpired(false);
  }

  /** Moves past expired entries in the given direction; keeps the stripped value of the next. */
  private void skipExpired(boolean forward) throws IOException {
    long now = ttl.nowSeconds();
    while (base.isValid()) {
      byte[] stored = base.value();
      String what = null;
      if (stored.length < TtlValues.WRITE_TIME_BYTES) {
        what = describe.apply(base.key());
      }
      if (!ttl.isExpired(TtlValues.writeTime(stored, what), now)) {
        value = TtlValues.strip(stored, what);
        return;
      }
      if (forward) {
        base.next();
      } else {
        base.prev();
      }
    }
  }

  @Override
  public void refresh() {
    value = null;
    base.refresh(); // unpositioned afterwards, as the engine's iterator
  }

  @Override
  public byte[] key() {
    return base.key();
  }

  @Override
  public byte[] value() {
    if (!base.isValid()) {
      return base.value(); // throws IllegalStateException, as the engine's iterator does
    }
    return value.clone();
  }

  @Override
  public void close() {
    base.close();
  }
}
