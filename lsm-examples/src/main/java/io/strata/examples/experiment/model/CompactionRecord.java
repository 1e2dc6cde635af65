package io.strata.examples.experiment.model;

import java.util.List;

/**
 * One completed compaction of a run, from {@code EventListener.onCompactionCompleted}: one row of
 * {@code compactions.csv}.
 *
 * @param seconds when it completed, seconds since the run's first phase started
 * @param phase the phase running when it completed
 * @param strategy the strategy that picked it
 * @param reason the strategy's reason for it
 * @param trivialMove whether the input file was moved to the output level without rewriting
 * @param manual whether a range compaction asked for it
 * @param inputLevels the levels its inputs came from
 * @param inputFiles input table files
 * @param inputBytes input table bytes
 * @param outputLevel the level its outputs went to
 * @param outputFiles output table files
 * @param outputBytes output table bytes
 * @param entriesIn entries read from the inputs
 * @param entriesDropped entries not written to the outputs (shadowed versions and tombstones)
 * @param tombstonesDropped deletion markers not written to the outputs
 * @param durationMillis how long it ran, milliseconds
 */
public record CompactionRecord(double seconds, String phase, String strategy, String reason,
    boolean trivialMove, boolean manual, List<Integer> inputLevels, int inputFiles,
    long inputBytes, int outputLevel, int outputFiles, long outputBytes, long entriesIn,
    long entriesDropped, long tombstonesDropped, double durationMillis) {
  public CompactionRecord {
    inputLevels = List.copyOf(inputLevels);
  }
}
