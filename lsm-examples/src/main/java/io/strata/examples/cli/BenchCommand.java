package io.strata.examples.cli;

import io.strata.api.CompressionType;
import io.strata.api.Options;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code strata bench}: LevelDB's db_bench workloads against a Strata database; see
 * {@link Benchmark} for what each does and what is printed.
 *
 * <p>Unlike the other commands, bench runs uncompressed unless {@code --compression} is given, and
 * uses the directory {@code strata-bench-db} unless {@code --db} is given. Without
 * {@code --use-existing-db} it deletes the database there first, and refuses to when bench did not
 * create it (unless {@code --force}), when it is open, or when the directory holds other files;
 * see {@link BenchDirectory}.
 */
@Command(
    name = "bench",
    sortOptions = false,
    description = {
      "Runs LevelDB db_bench's workloads: 16-byte keys (%%016d of an index), values that compress"
          + " to half, one report line per workload (latency percentiles with --histogram), then the"
          + " per-level"
          + " statistics.",
      "Defaults differ from the other commands: --compression none, --db strata-bench-db.",
      "Without --use-existing-db the database in the directory is deleted first, only if"
          + " bench created it (it writes a STRATA-BENCH file there) or --force is given, and"
          + " never while the database is open; a directory holding other files is refused."
    })
final class BenchCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;

  @Spec private CommandSpec spec;

  @Option(
      names = "--benchmarks",
      paramLabel = "LIST",
      split = ",",
      description = "Comma-separated workloads, run in order (default, db_bench's order: fillseq,"
          + "fillsync,fillrandom,overwrite,readrandom,readseq,readreverse,seekrandom,"
          + "deleterandom). Also:"
          + " readmissing, readhot, deleteseq, compact, waitforcompaction (waits until no"
          + " compaction is due), stats, sstables, space, mergerandom"
          + " (uint64add counter increments; see --merge-keys), and deleterange (a fresh"
          + " database; random puts with a deleteRange of 1000 keys every 100th op).")
  private List<String> benchmarks;

  @Option(names = "--num", paramLabel = "N", defaultValue = "1000000",
      description = "Entries to write, and the key space (default: ${DEFAULT-VALUE}).")
  private int num;

  @Option(names = "--reads", paramLabel = "N",
      description = "Reads and seeks per read workload (default: --num).")
  private Integer reads;

  @Option(names = "--value-size", paramLabel = "BYTES", defaultValue = "100",
      description = "Bytes per value (default: ${DEFAULT-VALUE}).")
  private int valueSize;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "301",
      description = "Seed of values and keys; 301 gives db_bench's sequences (default:"
          + " ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
      description = "Threads running each workload at once (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Option(names = "--histogram",
      description = "Time every operation and print latency percentiles (p50, p99, p99.9, max)"
          + " under each workload; off by default, as in db_bench, since reading the clock"
          + " twice per operation costs about as much as a sequential read.")
  private boolean histogram;

  @Option(names = "--merge-keys", paramLabel = "uniform|zipfian", defaultValue = "uniform",
      description = "How mergerandom draws its keys: uniformly, or from a scrambled Zipfian"
          + " distribution (constant 0.99, as YCSB's) (default: ${DEFAULT-VALUE}).")
  private String mergeKeys;

  @Option(names = "--use-existing-db",
      description = "Keep the database in --db; workloads that need a fresh one are skipped.")
  private boolean useExistingDb;

  @Option(
      names = "--progress",
      paramLabel = "auto|bar|lines|none",
      defaultValue = "auto",
      description = "Progress on standard error: a count redrawn in place, a line every 5 seconds"
          + " (for logs), or none; auto: redrawn when standard error is a terminal, else lines"
          + " (default: ${DEFAULT-VALUE}).")
  private ProgressMode progressMode;

  @Option(names = "--max-subcompactions", paramLabel = "N", defaultValue = "1",
      description = "Most key ranges one large compaction is split into and merged in parallel,"
          + " 1 to 64; 1 never splits (Options.maxSubcompactions; default: ${DEFAULT-VALUE}).")
  private int maxSubcompactions;

  @Option(names = "--force",
      description = "Delete the database in --db even when bench did not create it.")
  private boolean force;

  @Override
  public Integer call() throws IOException {
    List<String> names = names();
    if (num < 1) {
      throw usage("--num must be >= 1, was " + num);
    }
    int readCount = reads == null ? num : reads;
    if (readCount < 0) {
      throw usage("--reads must be >= 0, was " + readCount);
    }
    if (valueSize < 1 || valueSize > ValueGenerator.Pool.MIN_SIZE_BYTES) {
      throw usage("--value-size must be in [1, 1048576], was " + valueSize);
    }
    if (threads < 1 || threads > 1024) {
      throw usage("--threads must be in [1, 1024], was " + threads);
    }
    if (!mergeKeys.equals("uniform") && !mergeKeys.equals("zipfian")) {
      throw usage("--merge-keys must be uniform or zipfian, was '" + mergeKeys + "'");
    }
    if (maxSubcompactions < 1 || maxSubcompactions > 64) {
      throw usage("--max-subcompactions must be in [1, 64], was " + maxSubcompactions);
    }
    Options options = cli.options(cli.compression(CompressionType.NONE), !useExistingDb)
        .toBuilder().maxSubcompactions(maxSubcompactions).build();
    Benchmark.Config config = new Benchmark.Config(names, num, readCount, valueSize, seed,
        threads, useExistingDb, force, cli.directory(StrataCli.DEFAULT_BENCH_DB), options,
        histogram, mergeKeys.equals("zipfian"));
    new Benchmark(config, cli.opener(), spec.commandLine().getOut(), spec.commandLine().getErr(),
        progressMode.resolve(cli.stderrIsTerminal())).run();
    return 0;
  }

  private List<String> names() {
    if (benchmarks == null) {
      return Benchmark.DEFAULT_BENCHMARKS;
    }
    List<String> names = new ArrayList<>();
    for (String raw : benchmarks) {
      String name = raw.strip();
      if (name.isEmpty()) {
        continue; // "a,,b" or a trailing comma, as db_bench allows
      }
      if (!Benchmark.KNOWN.contains(name)) {
        throw usage("unknown benchmark '" + name + "'; known: "
            + String.join(", ", new TreeSet<>(Benchmark.KNOWN)));
      }
      names.add(name);
    }
    return names;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
