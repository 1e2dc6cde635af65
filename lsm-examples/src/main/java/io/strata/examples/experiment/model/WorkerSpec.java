package io.strata.examples.experiment.model;

import java.util.List;

/**
 * What the experiment asks of one forked worker JVM: run {@code workloads} in order on a fresh
 * database in {@code dbDir} opened with {@code config}, sample every {@code sampleMillis}, and
 * write the {@link RunResult} as JSON to {@code resultFile}. Passed as a JSON file, the worker's
 * only argument.
 *
 * @param config the configuration
 * @param repetition 0-based repetition
 * @param order the position of this run among its repetition's runs
 * @param dbDir the database directory; the worker creates it and the experiment deletes it
 * @param workloads the phases, in order
 * @param num keys or records ({@code --num})
 * @param valueSizeBytes db_bench's value size, bytes
 * @param seed the seed shared by every configuration's run of this repetition
 * @param sampleMillis the sampling interval, milliseconds
 * @param ycsbProperties YCSB properties that override the workload files' (e.g.
 *     {@code operationcount}), as {@code key=value}
 * @param resultFile where the worker writes its {@link RunResult}
 * @param warmupOps operations of the warm-up the worker runs before the phases, on a scratch
 *     database of the same engine and options that it then deletes; 0 for none
 */
public record WorkerSpec(ConfigSpec config, int repetition, int order, String dbDir,
    List<String> workloads, long num, int valueSizeBytes, long seed, int sampleMillis,
    List<String> ycsbProperties, String resultFile, long warmupOps) {
  public WorkerSpec {
    workloads = List.copyOf(workloads);
    ycsbProperties = List.copyOf(ycsbProperties);
  }

  /** A spec without warm-up. */
  public WorkerSpec(ConfigSpec config, int repetition, int order, String dbDir,
      List<String> workloads, long num, int valueSizeBytes, long seed, int sampleMillis,
      List<String> ycsbProperties, String resultFile) {
    this(config, repetition, order, dbDir, workloads, num, valueSizeBytes, seed, sampleMillis,
        ycsbProperties, resultFile, 0);
  }
}
