package io.strata.examples.experiment;

import io.strata.examples.experiment.model.ConfigSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an experiment will run, checked: the configurations (baseline first), the phases and
 * their parameters, and where the outputs go.
 *
 * @param configs the configurations, names unique, baseline first
 * @param workloads the phases, in order
 * @param num keys or records
 * @param valueSizeBytes value size, bytes
 * @param reps repetitions per configuration, at least 1
 * @param seed the experiment's seed; repetition r runs with {@link #seedFor(int)}
 * @param sampleMillis the workers' sampling interval, milliseconds
 * @param jvmFlags the flags of every worker JVM
 * @param ycsbProperties {@code key=value} overrides of the YCSB workloads' properties
 * @param out the output directory
 * @param keepDb whether the workers' database directories are kept after each run
 * @param warmupOps operations of each worker's warm-up before its phases, 0 for none
 */
record ExperimentPlan(List<ConfigSpec> configs, List<String> workloads, long num,
    int valueSizeBytes, int reps, long seed, int sampleMillis, List<String> jvmFlags,
    List<String> ycsbProperties, Path out, boolean keepDb, long warmupOps) {
  ExperimentPlan {
    configs = List.copyOf(configs);
    workloads = List.copyOf(workloads);
    jvmFlags = List.copyOf(jvmFlags);
    ycsbProperties = List.copyOf(ycsbProperties);
  }

  /** A plan without warm-up. */
  ExperimentPlan(List<ConfigSpec> configs, List<String> workloads, long num,
      int valueSizeBytes, int reps, long seed, int sampleMillis, List<String> jvmFlags,
      List<String> ycsbProperties, Path out, boolean keepDb) {
    this(configs, workloads, num, valueSizeBytes, reps, seed, sampleMillis, jvmFlags,
        ycsbProperties, out, keepDb, 0);
  }

  /**
   * The seed of repetition {@code repetition}, the same for every configuration: the
   * experiment's seed for repetition 0 (so that {@code --seed 301 --reps 1} gives db_bench's
   * sequences), else the seed and the repetition mixed by SplitMix64's finaliser.
   */
  long seedFor(int repetition) {
    if (repetition == 0) {
      return seed;
    }
    long z = seed + repetition * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The configurations' indexes in the order repetition {@code repetition} runs them:
   * configuration i runs at position (i + repetition) mod n, so that no configuration always
   * runs first (on a cold page cache, or a disk not yet busy with the others' files).
   */
  static List<Integer> runOrder(int configs, int repetition) {
    Integer[] order = new Integer[configs];
    for (int i = 0; i < configs; i++) {
      order[Math.floorMod(i + repetition, configs)] = i;
    }
    return List.of(order);
  }

  /** Position of configuration {@code index} in repetition {@code repetition}'s run order. */
  static int position(int index, int configs, int repetition) {
    return Math.floorMod(index + repetition, configs);
  }

  /** Every run: per repetition, the configurations in {@link #runOrder} order. */
  List<PlannedRun> runs() {
    List<PlannedRun> runs = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      List<Integer> order = runOrder(configs.size(), r);
      for (int position = 0; position < order.size(); position++) {
        runs.add(new PlannedRun(configs.get(order.get(position)), r, position));
      }
    }
    return runs;
  }

  /**
   * One run of the plan.
   *
   * @param config the configuration
   * @param repetition 0-based repetition
   * @param order the position among the repetition's runs, 0 first
   */
  record PlannedRun(ConfigSpec config, int repetition, int order) {}
}
