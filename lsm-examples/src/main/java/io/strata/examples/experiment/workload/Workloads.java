package io.strata.examples.experiment.workload;

import java.util.List;

/**
 * The workloads {@code strata experiment --workloads} accepts, by name.
 *
 * <p>Placeholder: it only knows the names, so that the experiment can check its arguments; the
 * class that creates the workloads replaces it.
 */
public final class Workloads {
  /** The prefix of a YCSB workload read from a properties file: {@code ycsb:PATH}. */
  public static final String YCSB_FILE_PREFIX = "ycsb:";

  private static final List<String> NAMES = List.of("fillseq", "fillrandom", "overwrite",
      "readrandom", "readseq", "readreverse", "seekrandom", "deleterandom", "deleteseq",
      "readmissing", "readhot", "ycsb-load", "ycsb-a", "ycsb-b", "ycsb-c", "ycsb-d", "ycsb-e",
      "ycsb-f", "timeseries");

  private Workloads() {}

  /** The built-in workload names, in a fixed order; {@code ycsb:PATH} is accepted besides. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * Checks that every phase names a workload.
   *
   * @throws IllegalArgumentException naming the first unknown phase and listing the valid names,
   *     or when {@code phases} is empty
   */
  public static void validate(List<String> phases) {
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("no workloads given; valid: " + valid());
    }
    for (String phase : phases) {
      boolean ycsbFile = phase.startsWith(YCSB_FILE_PREFIX)
          && phase.length() > YCSB_FILE_PREFIX.length();
      if (!ycsbFile && !NAMES.contains(phase)) {
        throw new IllegalArgumentException("unknown workload '" + phase + "'; valid: "
            + valid());
      }
    }
  }

  private static String valid() {
    return String.join(", ", NAMES) + ", " + YCSB_FILE_PREFIX + "PATH";
  }
}
