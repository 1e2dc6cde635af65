package io.strata.examples.experiment.workload;

/**
 * What a phase is given: the experiment's sizes and seed, a recorder of operation latencies, and
 * the live key set shared by the phases of one run.
 *
 * @param num the experiment's {@code --num}: keys of a db_bench fill, records of a YCSB load,
 *     operations of a phase unless its workload says otherwise
 * @param valueSizeBytes db_bench's value size, bytes (100 by default)
 * @param seed the seed of this phase's random choices, the same for every configuration
 * @param recorder where each operation's latency goes
 * @param liveKeys the keys the database holds and their sizes, across phases
 * @param stop set when the experiment is interrupted
 */
public record PhaseContext(long num, int valueSizeBytes, long seed, OperationRecorder recorder,
    LiveKeys liveKeys, java.util.function.BooleanSupplier stop) {
  /** Whether the phase should return now. */
  public boolean stopRequested() {
    return stop.getAsBoolean();
  }
}
