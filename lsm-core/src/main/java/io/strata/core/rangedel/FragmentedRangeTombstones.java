package io.strata.core.rangedel;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Range tombstones cut into non-overlapping fragments, each with the sequence numbers of every
 * tombstone covering it, as RocksDB's {@code FragmentedRangeTombstoneList}
 * (db/range_tombstone_fragmenter.h): with fragments sorted by begin key, the tombstones covering
 * a key are found by one binary search.
 *
 * <p>Fragments: the begin and end keys of all tombstones, sorted and without duplicates, cut
 * the key space into consecutive intervals; an interval covered by at least one tombstone is a
 * fragment, its sequence numbers sorted from newest to oldest without duplicates. Tombstones
 * with {@code begin >= end} are empty and dropped.
 *
 * <p>Immutable and thread-safe.
 */
public final class FragmentedRangeTombstones {
  /** No tombstones at all. */
  public static final FragmentedRangeTombstones EMPTY =
      new FragmentedRangeTombstones(null, new byte[0][], new byte[0][], new long[0][]);

  private final KeyComparator ucmp;
  private final byte[][] begins;
  private final byte[][] ends;
  private final long[][] sequences; // per fragment, descending

  private FragmentedRangeTombstones(KeyComparator ucmp, byte[][] begins, byte[][] ends,
      long[][] sequences) {
    this.ucmp = ucmp;
    this.begins = begins;
    this.ends = ends;
    this.sequences = sequences;
  }

  /**
   * Fragments {@code tombstones}.
   *
   * @param tombstones the tombstones, in any order, overlapping or not
   * @param ucmp the user-key comparator
   * @return the fragments
   * @throws NullPointerException if an argument is null
   */
  public static FragmentedRangeTombstones fragment(Collection<RangeTombstone> tombstones,
      KeyComparator ucmp) {
    checkNotNull(tombstones, "tombstones");
    checkNotNull(ucmp, "ucmp");
    List<RangeTombstone> live = new ArrayList<>();
    List<byte[]> points = new ArrayList<>();
    for (RangeTombstone t : tombstones) {
      if (ucmp.compare(t.beginArray(), t.endArray()) < 0) {
        live.add(t);
        points.add(t.beginArray());
        points.add(t.endArray());
      }
    }
    if (live.isEmpty()) {
      return EMPTY;
    }
    points.sort(ucmp::compare);
    List<byte[]> bounds = new ArrayList<>();
    for (byte[] p : points) {
      if (bounds.isEmpty() || ucmp.compare(bounds.get(bounds.size() - 1), p) != 0) {
        bounds.add(p);
      }
    }
    byte[][] b = bounds.toArray(new byte[0][]);
    long[][] seqs = new long[b.length - 1][];
    int[] counts = new int[b.length - 1];
    for (RangeTombstone t : live) {
      int from = Arrays.binarySearch(b, t.beginArray(), ucmp::compare);
      int to = Arrays.binarySearch(b, t.endArray(), ucmp::compare);
      for (int i = from; i < to; i++) {
        if (seqs[i] == null) {
          seqs[i] = new long[2];
        } else if (counts[i] == seqs[i].length) {
          seqs[i] = Arrays.copyOf(seqs[i], counts[i] * 2);
        }
        seqs[i][counts[i]++] = t.sequence();
      }
    }
    List<byte[]> begins = new ArrayList<>();
    List<byte[]> ends = new ArrayList<>();
    List<long[]> out = new ArrayList<>();
    for (int i = 0; i < seqs.length; i++) {
      if (counts[i] == 0) {
        continue;
      }
      long[] s = Arrays.copyOf(seqs[i], counts[i]);
      Arrays.sort(s);
      int n = 0;
      long[] desc = new long[s.length];
      for (int j = s.length - 1; j >= 0; j--) {
        if (n == 0 || desc[n - 1] != s[j]) {
          desc[n++] = s[j];
        }
      }
      begins.add(b[i]);
      ends.add(b[i + 1]);
      out.add(Arrays.copyOf(desc, n));
    }
    return new FragmentedRangeTombstones(ucmp, begins.toArray(new byte[0][]),
        ends.toArray(new byte[0][]), out.toArray(new long[0][]));
  }

  /**
   * Reads the tombstones of a range-deletion iterator (key = begin's internal key, value = end)
   * and fragments them; the iterator is left open.
   *
   * @param it the iterator, as a memtable's or table's {@code newRangeTombstoneIterator()}
   * @param ucmp the user-key comparator
   * @return the fragments
   * @throws IOException if the iterator fails
   * @throws IllegalArgumentException if an entry is not a range deletion
   */
  public static FragmentedRangeTombstones read(InternalIterator it, KeyComparator ucmp)
      throws IOException {
    List<RangeTombstone> all = new ArrayList<>();
    for (it.seekToFirst(); it.isValid(); it.next()) {
      all.add(RangeTombstone.fromEntry(it.key(), it.value()));
    }
    return fragment(all, ucmp);
  }

  /** {@return true if there are no fragments} */
  public boolean isEmpty() {
    return begins.length == 0;
  }

  /** {@return the number of fragments} */
  public int size() {
    return begins.length;
  }

  /**
   * The begin key of a fragment.
   *
   * @param i the fragment, in [0, size())
   * @return a copy of its begin key
   */
  public byte[] begin(int i) {
    return begins[i].clone();
  }

  /**
   * The end key of a fragment.
   *
   * @param i the fragment, in [0, size())
   * @return a copy of its end key (exclusive)
   */
  public byte[] end(int i) {
    return ends[i].clone();
  }

  /**
   * The sequence numbers of the tombstones covering a fragment.
   *
   * @param i the fragment, in [0, size())
   * @return a copy, newest first, no duplicates
   */
  public long[] sequences(int i) {
    return sequences[i].clone();
  }

  /**
   * Every fragment as tombstones: one per fragment and sequence number.
   *
   * @return the tombstones, in fragment order
   */
  public List<RangeTombstone> tombstones() {
    List<RangeTombstone> out = new ArrayList<>();
    for (int i = 0; i < begins.length; i++) {
      for (long s : sequences[i]) {
        out.add(new RangeTombstone(begins[i], ends[i], s));
      }
    }
    return out;
  }

  /**
   * The fragment holding a user key.
   *
   * @param key array holding the user key
   * @param offset where the user key starts
   * @param length the user key's length
   * @return the index of the fragment with {@code begin <= key < end}, or -1 if none
   */
  public int fragmentOf(byte[] key, int offset, int length) {
    int lo = 0;
    int hi = begins.length - 1;
    int found = -1; // last fragment whose begin <= key
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (ucmp.compare(begins[mid], 0, begins[mid].length, key, offset, length) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0
        || ucmp.compare(key, offset, length, ends[found], 0, ends[found].length) >= 0) {
      return -1;
    }
    return found;
  }

  /**
   * The newest tombstone covering a user key that a read at {@code readSequence} sees.
   *
   * @param userKey the user key
   * @param readSequence the read's sequence number
   * @return the largest covering sequence number {@code <= readSequence}, or -1 if none
   */
  public long maxCoveringSequence(byte[] userKey, long readSequence) {
    if (begins.length == 0) {
      return -1;
    }
    int i = fragmentOf(userKey, 0, userKey.length);
    return i < 0 ? -1 : visible(sequences[i], readSequence);
  }

  /**
   * Whether an entry is deleted by a tombstone that a read at {@code readSequence} sees: some
   * tombstone covers its user key with {@code entrySequence < sequence <= readSequence}.
   *
   * @param internalKey the entry's internal key
   * @param readSequence the read's sequence number
   * @return true if the entry is covered
   */
  public boolean covers(byte[] internalKey, long readSequence) {
    if (begins.length == 0) {
      return false;
    }
    int i = fragmentOf(internalKey, 0, internalKey.length - 8);
    return i >= 0 && visible(sequences[i], readSequence) > InternalKeys.sequence(internalKey);
  }

  private static long visible(long[] descending, long readSequence) {
    for (long s : descending) {
      if (s <= readSequence) {
        return s;
      }
    }
    return -1;
  }
}
