package io.strata.examples.experiment.workload;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in workloads of {@code strata experiment}, by the names {@code --workloads} takes.
 * Stateless.
 *
 * <ul>
 *   <li>db_bench ({@link DbBenchWorkload}; 16-digit keys, {@code valueSizeBytes} values, {@code
 *       num} operations over keys [0, num)): {@code fillseq}, {@code fillrandom}, {@code
 *       overwrite} (puts), {@code readrandom}, {@code readmissing}, {@code readhot} (gets),
 *       {@code readseq}, {@code readreverse} (an iterator pass), {@code seekrandom} (seeks),
 *       {@code deleteseq}, {@code deleterandom} (deletes)
 *   <li>YCSB ({@link YcsbWorkload}; record {@code i} is db_bench's key {@code i}, 1 KB records
 *       by default): {@code ycsb-load} (inserts {@code num} records), {@code ycsb-a} (50% reads,
 *       50% updates, zipfian), {@code ycsb-b} (95% reads, 5% updates, zipfian), {@code ycsb-c}
 *       (reads, zipfian), {@code ycsb-d} (95% reads, 5% inserts, latest), {@code ycsb-e} (95%
 *       short scans, 5% inserts, zipfian), {@code ycsb-f} (50% reads, 50%
 *       read-modify-writes, zipfian), as YCSB 0.17.0's {@code workloads/workloada} … {@code
 *       workloadf}; and {@code ycsb:PATH}, the transactions of a user's YCSB workload file run
 *       unchanged
 *   <li>YCSB through its own client ({@link YcsbClientWorkload}: {@code CoreWorkload} with
 *       YCSB's keys, 1 KB records of 10 fields, against a binding over the run's store, any
 *       engine): {@code ycsb-client-load}, {@code ycsb-client-a} … {@code ycsb-client-f}
 *   <li>{@code timeseries} ({@link TimeSeriesWorkload}): time-ordered appends to hourly windows
 *       with reads of the recent hour and deletion of windows past a six-hour retention
 * </ul>
 */
public final class Workloads {
  /** The prefix of a user's YCSB workload file: {@code ycsb:PATH}. */
  public static final String YCSB_FILE_PREFIX = "ycsb:";

  private static final ImmutableList<String> YCSB_LETTERS =
      ImmutableList.of("a", "b", "c", "d", "e", "f");

  private static final ImmutableList<String> NAMES = buildNames();

  private Workloads() {}

  private static ImmutableList<String> buildNames() {
    ImmutableList.Builder<String> names = ImmutableList.builder();
    for (DbBenchWorkload.Kind kind : DbBenchWorkload.Kind.values()) {
      names.add(kind.workloadName);
    }
    names.add("ycsb-load");
    for (String letter : YCSB_LETTERS) {
      names.add("ycsb-" + letter);
    }
    names.add(YcsbClientWorkload.PREFIX + "load");
    for (String letter : YCSB_LETTERS) {
      names.add(YcsbClientWorkload.PREFIX + letter);
    }
    names.add(TimeSeriesWorkload.NAME);
    return names.build();
  }

  /**
   * Every built-in workload name, in the order of the class comment: the db_bench set, {@code
   * ycsb-load}, {@code ycsb-a} … {@code ycsb-f}, {@code ycsb-client-load}, {@code
   * ycsb-client-a} … {@code ycsb-client-f}, {@code timeseries}. {@code ycsb:PATH} is
   * accepted besides these. Immutable.
   */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * A new workload of that name: a built-in name or {@code ycsb:PATH}, whose file is read now.
   *
   * @throws IllegalArgumentException naming {@code name} and listing the valid names when it is
   *     unknown; naming the file when a {@code ycsb:PATH} file does not exist, cannot be read or
   *     holds a bad value
   * @throws NullPointerException if {@code name} is null
   */
  public static Workload create(String name) {
    checkNotNull(name, "name");
    if (name.startsWith(YCSB_FILE_PREFIX)) {
      String path = name.substring(YCSB_FILE_PREFIX.length());
      if (path.isEmpty()) {
        throw new IllegalArgumentException("workload " + name + " names no file: give "
            + YCSB_FILE_PREFIX + "PATH, PATH a YCSB workload properties file");
      }
      return new YcsbWorkload(name, YcsbSpec.file(Path.of(path)), false);
    }
    for (DbBenchWorkload.Kind kind : DbBenchWorkload.Kind.values()) {
      if (kind.workloadName.equals(name)) {
        return new DbBenchWorkload(kind);
      }
    }
    if (name.equals("ycsb-load")) {
      return new YcsbWorkload(name, YcsbSpec.bundled("a"), true);
    }
    if (name.startsWith("ycsb-") && YCSB_LETTERS.contains(name.substring("ycsb-".length()))) {
      return new YcsbWorkload(name, YcsbSpec.bundled(name.substring("ycsb-".length())), false);
    }
    if (name.equals(YcsbClientWorkload.PREFIX + "load")) {
      return new YcsbClientWorkload(name, YcsbSpec.bundled("a"), true);
    }
    if (name.startsWith(YcsbClientWorkload.PREFIX)
        && YCSB_LETTERS.contains(name.substring(YcsbClientWorkload.PREFIX.length()))) {
      return new YcsbClientWorkload(name,
          YcsbSpec.bundled(name.substring(YcsbClientWorkload.PREFIX.length())), false);
    }
    if (name.equals(TimeSeriesWorkload.NAME)) {
      return new TimeSeriesWorkload();
    }
    throw new IllegalArgumentException("unknown workload '" + name + "': expected one of "
        + String.join(", ", NAMES) + ", or " + YCSB_FILE_PREFIX + "PATH");
  }

  /**
   * Checks a list of phases run in order on one database: every name is known (and every {@code
   * ycsb:PATH} file exists and parses); no phase that reads, updates, scans or deletes existing
   * keys comes before a phase that loads them ({@code fillseq}, {@code fillrandom}, {@code
   * overwrite}, {@code ycsb-load} or {@code ycsb-client-load}); and {@code timeseries} and the
   * {@code ycsb-client} phases, whose keys are named apart from db_bench's, are not mixed with
   * other workloads.
   *
   * @throws IllegalArgumentException naming the first bad phase and why: unknown (with the valid
   *     names), a bad {@code ycsb:PATH} file, a phase that needs a loaded database with nothing
   *     loaded before it, {@code timeseries} mixed with other workloads, or an empty list
   * @throws NullPointerException if {@code phases} or one of them is null
   */
  public static void validate(List<String> phases) {
    checkNotNull(phases, "phases");
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("no workloads given: expected one or more of "
          + String.join(", ", NAMES) + ", or " + YCSB_FILE_PREFIX + "PATH");
    }
    boolean loaded = false;
    boolean timeSeries = false;
    boolean client = false;
    boolean others = false;
    for (String name : phases) {
      Workload w = create(name);
      if (w instanceof TimeSeriesWorkload) {
        timeSeries = true;
        continue;
      }
      if (w instanceof YcsbClientWorkload) {
        client = true;
      } else {
        others = true;
      }
      if (!loaded && needsLoadedDatabase(w)) {
        throw new IllegalArgumentException("workload " + name
            + " needs a loaded database: put fillrandom, fillseq or ycsb-load before it");
      }
      loaded |= loads(w);
    }
    if (client && others) {
      throw new IllegalArgumentException("the ycsb-client phases name their records as YCSB"
          + " does, apart from the keys of the other workloads: run them in an experiment of"
          + " their own, not with " + String.join(", ", phases));
    }
    if (timeSeries && (others || client)) {
      throw new IllegalArgumentException("workload " + TimeSeriesWorkload.NAME
          + " writes time-series keys that the other workloads do not use: run it in an"
          + " experiment of its own, not with " + String.join(", ", phases));
    }
  }

  private static boolean needsLoadedDatabase(Workload w) {
    if (w instanceof DbBenchWorkload d) {
      return !d.kind().writes();
    }
    if (w instanceof YcsbClientWorkload c) {
      return !c.isLoad();
    }
    return w instanceof YcsbWorkload y && y.needsLoadedDatabase();
  }

  private static boolean loads(Workload w) {
    if (w instanceof DbBenchWorkload d) {
      return d.kind().writes();
    }
    if (w instanceof YcsbClientWorkload c) {
      return c.isLoad();
    }
    return w instanceof YcsbWorkload y && y.isLoad();
  }
}
