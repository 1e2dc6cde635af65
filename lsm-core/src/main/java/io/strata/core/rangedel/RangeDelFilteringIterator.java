package io.strata.core.rangedel;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.InternalIterator;
import java.io.IOException;

/**
 * Hides the point entries of an internal iterator that a range tombstone deletes for a read at
 * a given sequence number, in both directions: the role of RocksDB's {@code
 * RangeDelAggregator::ShouldDelete} checks in db/db_iter.cc, placed under the user-key iterator
 * so that it sees only live versions.
 *
 * <p>The tombstones are loaded at the first positioning call, so creating the iterator does no
 * I/O. Not thread-safe, as every iterator.
 */
public final class RangeDelFilteringIterator implements InternalIterator {
  /** Loads the tombstones that the read may see. */
  @FunctionalInterface
  public interface Source {
    /**
     * Loads the tombstones.
     *
     * @return the fragmented tombstones
     * @throws IOException if reading a table's tombstones fails
     */
    FragmentedRangeTombstones load() throws IOException;
  }

  private final InternalIterator input;
  private final Source source;
  private final long readSequence;
  private FragmentedRangeTombstones tombstones;

  /**
   * Wraps {@code input}.
   *
   * @param input the merged point entries; owned (closed with this iterator)
   * @param source where the tombstones come from
   * @param readSequence the read's sequence number: tombstones above it are ignored
   * @throws NullPointerException if an argument is null
   */
  public RangeDelFilteringIterator(InternalIterator input, Source source, long readSequence) {
    this.input = checkNotNull(input, "input");
    this.source = checkNotNull(source, "source");
    this.readSequence = readSequence;
  }

  private FragmentedRangeTombstones tombstones() throws IOException {
    if (tombstones == null) {
      tombstones = source.load();
    }
    return tombstones;
  }

  private void skipForward() throws IOException {
    FragmentedRangeTombstones t = tombstones();
    while (input.isValid() && t.covers(input.key(), readSequence)) {
      input.next();
    }
  }

  private void skipBackward() throws IOException {
    FragmentedRangeTombstones t = tombstones();
    while (input.isValid() && t.covers(input.key(), readSequence)) {
      input.prev();
    }
  }

  @Override
  public boolean isValid() {
    return input.isValid();
  }

  @Override
  public void seekToFirst() throws IOException {
    input.seekToFirst();
    skipForward();
  }

  @Override
  public void seekToLast() throws IOException {
    input.seekToLast();
    skipBackward();
  }

  @Override
  public void seek(byte[] target) throws IOException {
    input.seek(target);
    skipForward();
  }

  @Override
  public void next() throws IOException {
    input.next();
    skipForward();
  }

  @Override
  public void prev() throws IOException {
    input.prev();
    skipBackward();
  }

  @Override
  public byte[] key() {
    return input.key();
  }

  @Override
  public byte[] value() {
    return input.value();
  }

  @Override
  public byte[] valueCopy() {
    return input.valueCopy();
  }

  @Override
  public void close() {
    input.close();
  }
}
