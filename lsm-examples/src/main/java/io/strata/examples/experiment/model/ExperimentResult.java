package io.strata.examples.experiment.model;

import java.util.List;

/**
 * Everything one {@code strata experiment} measured: the content of {@code results.json}.
 *
 * @param schemaVersion the version of this layout, {@link #SCHEMA_VERSION}
 * @param strataVersion the build that ran it
 * @param startedAt when it started, ISO-8601 UTC
 * @param workloads the phases, in order
 * @param num keys or records ({@code --num})
 * @param valueSizeBytes db_bench's value size, bytes
 * @param reps repetitions per configuration
 * @param seed the experiment's seed
 * @param sampleMillis the sampling interval, milliseconds
 * @param jvmFlags the flags every worker JVM ran with
 * @param configs each configuration's results, baseline first
 * @param comparisons each later configuration against the baseline, per phase and metric
 * @param runs every run, with its time series and compactions
 * @param peerRatios each Strata configuration against each peer engine, per phase and metric,
 *     ratios taken within each repetition; empty when the experiment ran no peer (absent from
 *     a results file written before peers existed)
 */
public record ExperimentResult(int schemaVersion, String strataVersion, String startedAt,
    List<String> workloads, long num, int valueSizeBytes, int reps, long seed, int sampleMillis,
    List<String> jvmFlags, List<ConfigResult> configs, List<Comparison> comparisons,
    List<RunResult> runs, List<PeerRatio> peerRatios) {
  /** The version of the {@code results.json} layout this build writes. */
  public static final int SCHEMA_VERSION = 1;

  public ExperimentResult {
    peerRatios = peerRatios == null ? List.of() : List.copyOf(peerRatios);
  }

  /** A result without peers. */
  public ExperimentResult(int schemaVersion, String strataVersion, String startedAt,
      List<String> workloads, long num, int valueSizeBytes, int reps, long seed, int sampleMillis,
      List<String> jvmFlags, List<ConfigResult> configs, List<Comparison> comparisons,
      List<RunResult> runs) {
    this(schemaVersion, strataVersion, startedAt, workloads, num, valueSizeBytes, reps, seed,
        sampleMillis, jvmFlags, configs, comparisons, runs, List.of());
  }
}
