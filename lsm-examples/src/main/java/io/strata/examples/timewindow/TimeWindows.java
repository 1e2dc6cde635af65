package io.strata.examples.timewindow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.strata.api.Bytes;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * The time windows of keys that start with a timestamp. Immutable and thread-safe.
 *
 * <p>A key's timestamp is its first 8 bytes read as an unsigned big-endian count of
 * milliseconds; a key shorter than 8 bytes is padded with zero bytes on the right. Its window is
 * {@code timestamp / windowMillis} (unsigned). Padding keeps the order: if {@code a <= b}
 * bytewise then {@code window(a) <= window(b)}, so each window is one contiguous run of keys.
 *
 * <p>The first key of window {@code w} is the 8-byte big-endian encoding of {@code w *
 * windowMillis} with its trailing zero bytes removed (empty for window 0): every key at or past
 * it bytewise is in window {@code w} or later, and every key before it in an earlier window. (A
 * key that is a proper prefix of it pads to a smaller timestamp, since the bytes removed end with
 * a nonzero byte; any other smaller key differs from it at a smaller byte.) These first keys are
 * the boundaries no output file of the strategy spans.
 */
final class TimeWindows {
  /** Most window starts listed for one compaction; past it only those near file edges. */
  static final int MAX_BOUNDARIES = 1024;

  private final long windowMillis;

  /** @param windowMillis the window length in milliseconds, at least 1 */
  TimeWindows(long windowMillis) {
    checkArgument(windowMillis >= 1, "windowMillis must be >= 1, was %s", windowMillis);
    this.windowMillis = windowMillis;
  }

  /** The window length in milliseconds. */
  long windowMillis() {
    return windowMillis;
  }

  /** The timestamp of {@code userKey}: its first 8 bytes, zero-padded, unsigned big-endian. */
  static long timestampMillis(byte[] userKey) {
    long t = 0;
    for (int i = 0; i < 8; i++) {
      t = (t << 8) | (i < userKey.length ? userKey[i] & 0xff : 0);
    }
    return t;
  }

  /** The window of {@code userKey}, an unsigned number. */
  long window(byte[] userKey) {
    return Long.divideUnsigned(timestampMillis(userKey), windowMillis);
  }

  /** The first key of window {@code window} (an unsigned number), as described above. */
  byte[] windowStart(long window) {
    long start = window * windowMillis; // no overflow: window <= (2^64 - 1) / windowMillis
    byte[] key = new byte[8];
    for (int i = 7; i >= 0; i--) {
      key[i] = (byte) start;
      start >>>= 8;
    }
    int length = 8;
    while (length > 0 && key[length - 1] == 0) {
      length--;
    }
    return Arrays.copyOf(key, length);
  }

  /**
   * The window starts inside the user-key range {@code (smallest, largest]}, ascending: where
   * an output of a compaction of that range must end. When the range spans more than {@link
   * #MAX_BOUNDARIES} windows (keys that are not timestamps), only the starts of the windows of
   * {@code edgeKeys} and of the windows after them are listed, so that a compaction never lists
   * millions of boundaries; outputs may then span windows, which costs write amplification, not
   * correctness.
   *
   * @param edgeKeys the smallest and largest user keys of the compaction's input files
   */
  ImmutableList<Bytes> boundaries(byte[] smallest, byte[] largest, Iterable<byte[]> edgeKeys) {
    checkNotNull(smallest, "smallest");
    checkNotNull(largest, "largest");
    long first = window(smallest);
    long last = window(largest);
    ImmutableList.Builder<Bytes> out = ImmutableList.builder();
    if (Long.compareUnsigned(last, first) <= 0) {
      return out.build();
    }
    if (Long.compareUnsigned(last - first, MAX_BOUNDARIES) <= 0) {
      for (long w = first + 1; Long.compareUnsigned(w, last) <= 0; w++) {
        out.add(Bytes.copyOf(windowStart(w)));
      }
      return out.build();
    }
    TreeSet<Long> windows = new TreeSet<>(Long::compareUnsigned);
    for (byte[] k : edgeKeys) {
      long w = window(k);
      windows.add(w);
      windows.add(w + 1);
    }
    for (long w : windows) {
      if (Long.compareUnsigned(w, first) > 0 && Long.compareUnsigned(w, last) <= 0) {
        out.add(Bytes.copyOf(windowStart(w)));
      }
    }
    return out.build();
  }
}
