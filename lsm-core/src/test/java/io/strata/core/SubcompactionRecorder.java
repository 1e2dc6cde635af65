package io.strata.core;

import com.google.common.collect.ImmutableList;
import io.strata.api.CompactionInfo;
import io.strata.api.EventListener;
import io.strata.api.spi.compaction.CompactionFilter;
import io.strata.api.spi.compaction.CompactionFilterFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the subcompactions of each compaction, as a compaction filter factory and an event
 * listener: the engine asks the factory for one filter per subcompaction, on the thread that
 * merges it, between the compaction's begin and completed events (both on the compaction
 * thread). Each filter keeps every entry and notes the first and last user key it was shown.
 * Thread-safe.
 */
final class SubcompactionRecorder implements CompactionFilterFactory, EventListener {
  /** One subcompaction: the user keys its filter saw, in order; first and last. */
  static final class Range {
    volatile byte[] first;
    volatile byte[] last;
  }

  /** A completed compaction and its subcompactions, in the order their filters were made. */
  record Compaction(CompactionInfo info, ImmutableList<Range> ranges) {}

  private final List<Range> current = new CopyOnWriteArrayList<>();
  private final List<Compaction> completed = Collections.synchronizedList(new ArrayList<>());
  /** The ordinal (from 1) of the subcompaction the current thread merges in its compaction. */
  private final ThreadLocal<Integer> ordinal = ThreadLocal.withInitial(() -> 0);

  @Override
  public CompactionFilter createCompactionFilter(Context context) {
    Range r = new Range();
    current.add(r);
    ordinal.set(current.size());
    return new CompactionFilter() {
      @Override
      public Decision filter(int level, byte[] key, byte[] value) {
        if (r.first == null) {
          r.first = key.clone();
        }
        r.last = key.clone();
        return Decision.KEEP;
      }

      @Override
      public String name() {
        return "recording";
      }
    };
  }

  @Override
  public String name() {
    return "subcompaction-recorder";
  }

  @Override
  public void onCompactionBegin(CompactionInfo info) {
    current.clear();
  }

  @Override
  public void onCompactionCompleted(CompactionInfo info) {
    completed.add(new Compaction(info, ImmutableList.copyOf(current)));
  }

  /** {@return the completed compactions, oldest first} */
  List<Compaction> completed() {
    synchronized (completed) {
      return List.copyOf(completed);
    }
  }

  /** {@return the completed compactions merged as two subcompactions or more} */
  List<Compaction> split() {
    return completed().stream().filter(c -> c.ranges().size() >= 2).toList();
  }

  /**
   * {@return which subcompaction of its compaction the calling thread merges: 1 for the first
   * whose filter was made, 2 for the second...; 0 before any}
   */
  int currentOrdinal() {
    return ordinal.get();
  }
}
