package io.strata.core.compaction;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Numbers of table files being written by a flush or compaction and not yet recorded in the
 * MANIFEST: obsolete-file deletion must leave them alone. Thread-safe.
 */
public final class PendingOutputs {
  private final Set<Long> numbers = ConcurrentHashMap.newKeySet();

  public void add(long fileNumber) {
    numbers.add(fileNumber);
  }

  public void remove(long fileNumber) {
    numbers.remove(fileNumber);
  }

  public boolean contains(long fileNumber) {
    return numbers.contains(fileNumber);
  }

  /** A copy of the current numbers. */
  public Set<Long> snapshot() {
    return Set.copyOf(numbers);
  }
}
