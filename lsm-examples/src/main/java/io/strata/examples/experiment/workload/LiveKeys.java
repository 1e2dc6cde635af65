package io.strata.examples.experiment.workload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The keys a run's database holds, by key number, with the key and value bytes of each: the
 * denominator of space amplification ("live logical bytes"). Workloads number their keys densely
 * from 0 (db_bench key {@code i}, YCSB record {@code i}, the {@code i}-th time-series point) and
 * report every put and delete here. Single writer (the workload thread); {@link #liveBytes()} may
 * be read from another thread.
 */
public final class LiveKeys {
  private final Map<String, Long> numbers = new HashMap<>();
  private int[] sizes = new int[1024];
  private long liveKeys;
  private volatile long liveBytes;

  /**
   * The number of a key named by a string rather than a number (YCSB's client names its
   * records {@code user} and a hash): the names are numbered from 0 in the order first asked
   * for, the same across the phases of a run. A run whose keys are named so numbers no keys
   * otherwise ({@link Workloads#validate} keeps such phases apart).
   */
  public long numberOf(String name) {
    return numbers.computeIfAbsent(name, k -> (long) numbers.size());
  }

  /** The number {@link #numberOf} gave {@code name}, or -1 if it gave none. */
  public long numberIfKnown(String name) {
    return numbers.getOrDefault(name, -1L);
  }

  /** Records that key {@code number} now holds {@code keyBytes + valueBytes} bytes. */
  public void put(long number, int keyBytes, int valueBytes) {
    checkArgument(number >= 0 && number < Integer.MAX_VALUE - 8, "key number %s", number);
    int i = (int) number;
    if (i >= sizes.length) {
      sizes = Arrays.copyOf(sizes, Math.max(i + 1, (int) Math.min(Integer.MAX_VALUE - 8,
          sizes.length * 2L)));
    }
    int old = sizes[i];
    int now = keyBytes + valueBytes;
    if (old == 0) {
      liveKeys++;
    }
    sizes[i] = now;
    liveBytes = liveBytes + now - old;
  }

  /** Records that key {@code number} was deleted (nothing if it was not live). */
  public void delete(long number) {
    if (number < 0 || number >= sizes.length) {
      return;
    }
    int i = (int) number;
    int old = sizes[i];
    if (old != 0) {
      liveKeys--;
      sizes[i] = 0;
      liveBytes = liveBytes - old;
    }
  }

  /** Whether key {@code number} is live. */
  public boolean contains(long number) {
    return number >= 0 && number < sizes.length && sizes[(int) number] != 0;
  }

  /** Live keys. */
  public long liveKeys() {
    return liveKeys;
  }

  /** Live keys times their key and value lengths, bytes. Thread-safe. */
  public long liveBytes() {
    return liveBytes;
  }
}
