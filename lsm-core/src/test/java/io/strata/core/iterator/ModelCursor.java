package io.strata.core.iterator;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.spi.InternalIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Drives an internal iterator and a sorted list of expected keys through the same random
 * operations, checking the iterator after each one.
 */
final class ModelCursor {
  private final List<byte[]> keys;
  private final List<byte[]> values;
  private final Comparator<byte[]> comparator;
  private int index = -1;

  ModelCursor(List<byte[]> keys, List<byte[]> values, Comparator<byte[]> comparator) {
    this.keys = new ArrayList<>(keys);
    this.values = new ArrayList<>(values);
    this.comparator = comparator;
  }

  /** Runs {@code ops} random operations; seek targets come from {@code targets}. */
  void run(InternalIterator it, Random random, int ops, java.util.function.Supplier<byte[]> targets)
      throws Exception {
    for (int op = 0; op < ops; op++) {
      int choice = random.nextInt(20);
      String what;
      if (choice == 0) {
        it.seekToFirst();
        index = keys.isEmpty() ? -1 : 0;
        what = "seekToFirst";
      } else if (choice == 1) {
        it.seekToLast();
        index = keys.size() - 1;
        what = "seekToLast";
      } else if (choice < 5 || index < 0) {
        byte[] target = targets.get();
        it.seek(target);
        index = ceiling(target);
        what = "seek";
      } else if (choice < 12) {
        it.next();
        index = index + 1 < keys.size() ? index + 1 : -1;
        what = "next";
      } else {
        it.prev();
        index--;
        what = "prev";
      }
      assertThat(it.isValid()).as("valid after op %s (%s)", op, what).isEqualTo(index >= 0);
      if (index >= 0) {
        assertThat(it.key()).as("key after op %s (%s)", op, what).isEqualTo(keys.get(index));
        assertThat(it.value()).as("value after op %s (%s)", op, what)
            .isEqualTo(values.get(index));
      }
    }
  }

  /** Checks full forward and backward scans. */
  void checkScans(InternalIterator it) throws Exception {
    it.seekToFirst();
    for (int i = 0; i < keys.size(); i++) {
      assertThat(it.isValid()).as("forward %s", i).isTrue();
      assertThat(it.key()).as("forward %s", i).isEqualTo(keys.get(i));
      it.next();
    }
    assertThat(it.isValid()).isFalse();
    it.seekToLast();
    for (int i = keys.size() - 1; i >= 0; i--) {
      assertThat(it.isValid()).as("backward %s", i).isTrue();
      assertThat(it.key()).as("backward %s", i).isEqualTo(keys.get(i));
      it.prev();
    }
    assertThat(it.isValid()).isFalse();
  }

  private int ceiling(byte[] target) {
    int lo = 0;
    int hi = keys.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (comparator.compare(keys.get(mid), target) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo < keys.size() ? lo : -1;
  }
}
