package io.strata.api;

import java.io.IOException;

/**
 * A cursor over a database's live keys in comparator order, both directions, at one point in
 * time: the snapshot of its {@link ReadOptions}, or the state when it was created. It pins the
 * files it reads until {@link #close()}.
 *
 * <p>Starts unpositioned ({@link #isValid()} false): call a seek first. Not thread-safe: one thread
 * at a time. Methods other than {@code close} throw {@link IllegalStateException} after close or
 * after the database closed; {@link #key()} and {@link #value()} throw it when not valid. Disk
 * trouble while moving is an {@link IOException} ({@link CorruptionException} for damaged data),
 * after which the iterator is not valid.
 */
public interface DbIterator extends AutoCloseable {
  /** {@return whether the iterator is positioned at a key} */
  boolean isValid();

  /**
   * Positions at the first key; not valid if the database is empty.
   *
   * @throws IOException if reading fails; {@link CorruptionException} for damaged data
   */
  void seekToFirst() throws IOException;

  /**
   * Positions at the last key; not valid if the database is empty.
   *
   * @throws IOException if reading fails; {@link CorruptionException} for damaged data
   */
  void seekToLast() throws IOException;

  /**
   * Positions at the first key {@code >= target}; not valid if there is none.
   *
   * @param target the user key to seek to
   * @throws IOException if reading fails; {@link CorruptionException} for damaged data
   */
  void seek(byte[] target) throws IOException;

  /**
   * Moves to the next key; not valid past the last. REQUIRES {@link #isValid()}.
   *
   * @throws IOException if reading fails; {@link CorruptionException} for damaged data
   */
  void next() throws IOException;

  /**
   * Moves to the previous key; not valid before the first. REQUIRES {@link #isValid()}.
   *
   * @throws IOException if reading fails; {@link CorruptionException} for damaged data
   */
  void prev() throws IOException;

  /** {@return the current key, a fresh array the caller owns} REQUIRES {@link #isValid()}. */
  byte[] key();

  /** {@return the current value, a fresh array the caller owns} REQUIRES {@link #isValid()}. */
  byte[] value();

  /**
   * Drops what the iterator pins and pins the newest state instead: the memtables, the files
   * and the last sequence number as a new iterator would (RocksDB's {@code Iterator::Refresh},
   * include/rocksdb/iterator.h), cheaper than closing and creating one. The iterator is then
   * unpositioned ({@link #isValid()} false) until a seek. Its read options (bounds, checksums,
   * cache) are kept.
   *
   * @throws IllegalStateException if the iterator reads at an explicit snapshot
   *     ({@link ReadOptions#snapshot()}), which a refresh would have to leave; or if it or the
   *     database is closed. The iterator is unchanged then
   */
  void refresh();

  /** Releases what the iterator pins; idempotent. */
  @Override
  void close();
}
