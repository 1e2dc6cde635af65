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
  boolean isValid();

  void seekToFirst() throws IOException;

  void seekToLast() throws IOException;

  /** Positions at the first entry whose internal key is {@code >= target}. */
  void seek(byte[] target) throws IOException;

  /** REQUIRES {@link #isValid()}. */
  void next() throws IOException;

  /** REQUIRES {@link #isValid()}. */
  void prev() throws IOException;

  /** The current encoded internal key. REQUIRES {@link #isValid()}. */
  byte[] key();

  /** The current value. REQUIRES {@link #isValid()}. */
  byte[] value();

  /**
   * The current value as a fresh array no one else holds, for handing to a caller who may modify
   * it. The default copies {@link #value()}; an iterator that must copy anyway overrides it to
   * copy once. REQUIRES {@link #isValid()}.
   */
  default byte[] valueCopy() {
    return value().clone();
  }

  /** Releases what the iterator holds; idempotent. */
  @Override
  void close();
}
