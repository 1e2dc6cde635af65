package io.strata.examples.experiment.model;

import java.util.List;

/**
 * The shape of the tree and the progress of the workload at one moment of a run, taken by the
 * worker every sampling interval (250 ms by default) from {@code Db.statistics()}.
 *
 * @param seconds time since the run's first phase started, seconds
 * @param phase the phase running at that moment
 * @param opsDone operations the phase had completed
 * @param levelBytes live table bytes per level, level 0 first
 * @param levelFiles live table files per level, level 0 first
 * @param logBytes bytes of live write-ahead log files
 * @param memtableBytes approximate bytes of the active and immutable memtables
 * @param pendingCompactionBytes the strategy's estimate of bytes compaction still has to rewrite
 * @param stall the write stall condition: {@code NORMAL}, {@code SLOWDOWN} or {@code STOP}
 * @param stallMicros microseconds writers had spent stalled since the database opened
 * @param runningCompactions compactions running at that moment
 * @param liveLogicalBytes the workload's live keys times their key and value lengths, bytes
 */
public record Sample(double seconds, String phase, long opsDone, List<Long> levelBytes,
    List<Integer> levelFiles, long logBytes, long memtableBytes, long pendingCompactionBytes,
    String stall, long stallMicros, int runningCompactions, long liveLogicalBytes) {
  public Sample {
    levelBytes = List.copyOf(levelBytes);
    levelFiles = List.copyOf(levelFiles);
  }

  /** Bytes on disk at this moment: live tables and live logs. */
  public long diskBytes() {
    long sum = logBytes;
    for (long b : levelBytes) {
      sum += b;
    }
    return sum;
  }
}
