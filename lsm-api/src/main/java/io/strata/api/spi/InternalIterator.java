package io.strata.api.spi;

import java.io.IOException;

/**
 * A cursor over entries keyed by encoded internal keys, in {@link InternalKeyComparator} order:
 * what memtables and tables expose, and what the engine merges.
 *
 * <p>Starts unpositioned. Not thread-safe. {@link #key()} and {@link #value()} return arrays the
 * caller must not modify; they stay valid after the iterator moves. Disk trouble while moving
 * throws {@link IOException} ({@code CorruptionException} for damaged data).
 */
public interface InternalIterator extends AutoCloseable {
  /** {@return whether the iterator is positioned at an entry} */
  boolean isValid();

  /**
   * Positions at the first entry; not valid if there is none.
   *
   * @throws IOException if reading fails; {@code CorruptionException} for damaged data
   */
  void seekToFirst() throws IOException;

  /**
   * Positions at the last entry; not valid if there is none.
   *
   * @throws IOException if reading fails; {@code CorruptionException} for damaged data
   */
  void seekToLast() throws IOException;

  /**
   * Positions at the first entry whose internal key is {@code >= target}.
   *
   * @param target an encoded internal key
   * @throws IOException if reading fails; {@code CorruptionException} for damaged data
   */
  void seek(byte[] target) throws IOException;

  /**
   * Moves to the next entry; not valid past the last. REQUIRES {@link #isValid()}.
   *
   * @throws IOException if reading fails; {@code CorruptionException} for damaged data
   */
  void next() throws IOException;

  /**
   * Moves to the previous entry; not valid before the first. REQUIRES {@link #isValid()}.
   *
   * @throws IOException if reading fails; {@code CorruptionException} for damaged data
   */
  void prev() throws IOException;

  /** {@return the current encoded internal key} REQUIRES {@link #isValid()}. */
  byte[] key();

  /** {@return the current value} REQUIRES {@link #isValid()}. */
  byte[] value();

  /**
   * The current value as a fresh array no one else holds, for handing to a caller who may modify
   * it. The default copies {@link #value()}; an iterator that must copy anyway overrides it to
   * copy once. REQUIRES {@link #isValid()}.
   *
   * @return a copy of the current value
   */
  default byte[] valueCopy() {
    return value().clone();
  }

  /** Releases what the iterator holds; idempotent. */
  @Override
  void close();
}
