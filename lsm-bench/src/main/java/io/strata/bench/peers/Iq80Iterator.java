package io.strata.bench.peers;

import static com.google.common.base.Preconditions.checkState;

import io.strata.api.DbIterator;
import java.io.IOException;
import java.util.Map;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.impl.DbImpl;

/**
 * An iq80 iterator as a {@link DbIterator}, forwards only: iq80 0.12's {@code
 * SeekingIteratorAdapter} throws on {@code seekToLast} and {@code prev}, and so does this
 * adapter ({@link UnsupportedOperationException}, naming iq80), which is why its store says
 * {@code iteratesBackwards() == false} and workloads that need it skip it. iq80's iterator is
 * positioned before its next entry; this one holds that entry as its current one. Confined to
 * one thread.
 */
final class Iq80Iterator implements DbIterator {
  private final DbImpl db;
  private DBIterator it;
  private Map.Entry<byte[], byte[]> current;
  private boolean closed;

  Iq80Iterator(DbImpl db) {
    this.db = db;
    this.it = db.iterator();
  }

  @Override
  public boolean isValid() {
    checkOpen();
    return current != null;
  }

  @Override
  public void seekToFirst() throws IOException {
    checkOpen();
    try {
      it.seekToFirst();
    } catch (DBException e) {
      throw new IOException("iq80 iterator: " + e.getMessage(), e);
    }
    advance();
  }

  /**
   * Not offered by iq80 0.12.
   *
   * @throws UnsupportedOperationException always: iq80's iterators cannot move backwards
   */
  @Override
  public void seekToLast() {
    throw new UnsupportedOperationException("iq80 LevelDB 0.12's iterators cannot move"
        + " backwards (seekToLast)");
  }

  @Override
  public void seek(byte[] target) throws IOException {
    checkOpen();
    try {
      it.seek(target);
    } catch (DBException e) {
      throw new IOException("iq80 iterator: " + e.getMessage(), e);
    }
    advance();
  }

  @Override
  public void next() throws IOException {
    checkState(isValid(), "iterator is not valid");
    advance();
  }

  /**
   * Not offered by iq80 0.12.
   *
   * @throws UnsupportedOperationException always: iq80's iterators cannot move backwards
   */
  @Override
  public void prev() {
    throw new UnsupportedOperationException("iq80 LevelDB 0.12's iterators cannot move"
        + " backwards (prev)");
  }

  @Override
  public byte[] key() {
    checkState(isValid(), "iterator is not valid");
    return current.getKey().clone();
  }

  @Override
  public byte[] value() {
    checkState(isValid(), "iterator is not valid");
    return current.getValue().clone();
  }

  /** A new iq80 iterator over the newest state; unpositioned afterwards. */
  @Override
  public void refresh() {
    checkOpen();
    closeQuietly(it);
    it = db.iterator();
    current = null;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      current = null;
      closeQuietly(it);
    }
  }

  private void advance() throws IOException {
    try {
      current = it.hasNext() ? it.next() : null;
    } catch (DBException e) {
      current = null;
      throw new IOException("iq80 iterator: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(DBIterator it) {
    try {
      it.close();
    } catch (IOException e) {
      // iq80's iterator close releases a snapshot reference in memory and declares no failure
      // of its own; nothing is left to release.
    }
  }

  private void checkOpen() {
    checkState(!closed, "iterator is closed");
  }
}
