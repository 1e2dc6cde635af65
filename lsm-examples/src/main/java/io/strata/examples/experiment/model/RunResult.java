package io.strata.examples.experiment.model;

import java.util.List;
import java.util.Map;

/**
 * One forked worker JVM's run: one configuration, one repetition, every phase in order on one
 * fresh database. The worker writes it as JSON; the experiment reads it back.
 *
 * @param config the configuration's name
 * @param repetition 0-based repetition
 * @param order the position of this configuration among the repetition's runs, 0 first
 * @param ok whether every phase completed
 * @param error why the run failed (exit code, the tail of standard error), or null
 * @param options the engine and strategy options the database was opened with
 * @param phases what each completed phase measured, in order
 * @param samples the time series, every sampling interval
 * @param compactions every compaction completed during the run
 * @param seconds the run's wall-clock time, seconds
 */
public record RunResult(String config, int repetition, int order, boolean ok, String error,
    Map<String, String> options, List<PhaseMetrics> phases, List<Sample> samples,
    List<CompactionRecord> compactions, double seconds) {
  public RunResult {
    options = Map.copyOf(options);
    phases = List.copyOf(phases);
    samples = List.copyOf(samples);
    compactions = List.copyOf(compactions);
  }
}
