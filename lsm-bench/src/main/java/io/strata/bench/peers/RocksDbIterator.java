package io.strata.bench.peers;

import static com.google.common.base.Preconditions.checkState;

import io.strata.api.DbIterator;
import java.io.IOException;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A RocksDB iterator as a {@link DbIterator}: each move checks the iterator's status, so that
 * RocksDB's errors surface as {@link IOException}s. Confined to one thread.
 */
final class RocksDbIterator implements DbIterator {
  private final RocksIterator it;
  private boolean positioned;
  private boolean closed;

  RocksDbIterator(RocksIterator it) {
    this.it = it;
  }

  @Override
  public boolean isValid() {
    checkOpen();
    return positioned && it.isValid();
  }

  @Override
  public void seekToFirst() throws IOException {
    checkOpen();
    it.seekToFirst();
    moved();
  }

  @Override
  public void seekToLast() throws IOException {
    checkOpen();
    it.seekToLast();
    moved();
  }

  @Override
  public void seek(byte[] target) throws IOException {
    checkOpen();
    it.seek(target);
    moved();
  }

  @Override
  public void next() throws IOException {
    checkState(isValid(), "iterator is not valid");
    it.next();
    moved();
  }

  @Override
  public void prev() throws IOException {
    checkState(isValid(), "iterator is not valid");
    it.prev();
    moved();
  }

  @Override
  public byte[] key() {
    checkState(isValid(), "iterator is not valid");
    return it.key();
  }

  @Override
  public byte[] value() {
    checkState(isValid(), "iterator is not valid");
    return it.value();
  }

  /**
   * RocksDB's {@code Iterator::Refresh}; unpositioned afterwards.
   *
   * @throws IllegalStateException if the iterator is closed, or RocksDB refuses the refresh
   */
  @Override
  public void refresh() {
    checkOpen();
    try {
      it.refresh();
    } catch (RocksDBException e) {
      throw new IllegalStateException("RocksDB iterator refresh: " + e.getMessage(), e);
    }
    positioned = false;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      it.close();
    }
  }

  private void moved() throws IOException {
    positioned = true;
    try {
      it.status();
    } catch (RocksDBException e) {
      positioned = false;
      throw new IOException("RocksDB iterator: " + e.getMessage(), e);
    }
  }

  private void checkOpen() {
    checkState(!closed, "iterator is closed");
  }
}
