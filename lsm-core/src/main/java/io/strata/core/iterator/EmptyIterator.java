package io.strata.core.iterator;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.InternalIterator;

/**
 * An internal iterator over no entries: never valid. Stateless; one instance may be shared.
 */
public final class EmptyIterator implements InternalIterator {
  public EmptyIterator() {}

  @Override
  public boolean isValid() {
    return false;
  }

  @Override
  public void seekToFirst() {}

  @Override
  public void seekToLast() {}

  /** @throws NullPointerException if {@code target} is null */
  @Override
  public void seek(byte[] target) {
    checkNotNull(target, "target");
  }

  /** @throws IllegalStateException always: the iterator is never valid */
  @Override
  public void next() {
    throw notValid();
  }

  /** @throws IllegalStateException always: the iterator is never valid */
  @Override
  public void prev() {
    throw notValid();
  }

  /** @throws IllegalStateException always: the iterator is never valid */
  @Override
  public byte[] key() {
    throw notValid();
  }

  /** @throws IllegalStateException always: the iterator is never valid */
  @Override
  public byte[] value() {
    throw notValid();
  }

  @Override
  public void close() {}

  private static IllegalStateException notValid() {
    return new IllegalStateException("iterator is not valid (empty iterator)");
  }
}
