package io.strata.examples.experiment;

import io.strata.examples.cli.ProgressMode;
import io.strata.examples.experiment.engine.EngineAdapters;
import io.strata.examples.experiment.model.ConfigSpec;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.report.ReportWriter;
import io.strata.examples.experiment.workload.Workloads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code strata experiment}: runs compaction-strategy configurations side by side through the
 * same workload phases and compares them.
 *
 * <p>Design. Every configuration and repetition runs in a fresh worker JVM
 * ({@link WorkerLauncher}) on a fresh database, so that no run inherits another's heap, JIT
 * state, caches or files; the phases run in order on that one database. Repetition r runs the
 * configurations in an order rotated by r ({@link ExperimentPlan#runOrder}) with one seed per
 * repetition ({@link ExperimentPlan#seedFor}). Everything is checked before the first run: the
 * strategies exist and accept their options (each is created once with them, in this JVM, with
 * the {@code --plugin-path} jars loaded as the worker loads them), the workloads exist, the names
 * are unique and {@code --out} is empty or {@code --force} is given; a bad argument is a usage
 * error (exit code 2). A failed run is reported and the others go on. Ctrl-C stops the running
 * worker (which writes what it measured) and writes the outputs from the runs so far.
 *
 * <p>Outputs under {@code --out}: {@code runs/} (each run's spec, result and standard error,
 * {@link ExperimentRunner}), {@code results.json}, {@code results.schema.json},
 * {@code summary.csv}, {@code timeseries.csv}, {@code compactions.csv} ({@link ExperimentFiles})
 * and the report ({@link ReportWriter}); on standard output, a table per phase
 * ({@link SummaryTable}).
 *
 * <p>Exit codes: 0 every run completed; 1 a run failed (the outputs are still written) or the
 * outputs could not be; 2 a usage error; 130 interrupted.
 *
 * <p>The command does not take the global database options of {@code strata} ({@code --db},
 * {@code --strategy}, ...): a configuration carries its own. Its {@code --config FILE} is
 * repeatable and describes a configuration; it is declared in {@link #register}, since the
 * global {@code --config} of the same name is inherited by every subcommand.
 */
@Command(
    name = "experiment",
    sortOptions = false,
    subcommands = ExperimentCompareCommand.class,
    description = {
      "Runs compaction strategy configurations side by side, each configuration and repetition"
          + " in a fresh worker JVM on a fresh database, through workload phases run in order,"
          + " and reports medians, ratios to the first configuration, p-values (5 or more"
          + " repetitions), CSV, JSON, charts and an HTML report under --out.",
      "'strata experiment compare A/results.json B/results.json' compares two experiments."
    })
public final class ExperimentCommand implements Callable<Integer> {
  /** The default configurations: the three strategies Strata ships. */
  static final String DEFAULT_CONFIGS = "leveled,tiered,time-window";
  /** The default phases. */
  static final String DEFAULT_WORKLOADS = "fillrandom,overwrite,readrandom,ycsb-a,ycsb-c";
  /** The default flags of the worker JVMs. */
  static final String DEFAULT_JVM_FLAGS = "-Xmx1g -XX:+UseG1GC";
  /**
   * The most warm-up operations by default; fewer when --num is under twice as many. Enough that
   * on LevelDB's 4 MiB write buffer the warm-up's puts (46 MB of db_bench's records) flush about
   * a dozen times and run level-0 compactions, so the flush and compaction code is compiled
   * before the first timed phase too; 100,000 puts ended before the first compaction.
   */
  static final long DEFAULT_WARMUP_OPS = 400_000;
  /** Largest --value-size, bytes. */
  static final int MAX_VALUE_SIZE_BYTES = 1 << 20;
  /** Seconds a shutdown hook waits for the outputs to be written after Ctrl-C. */
  static final long SHUTDOWN_WAIT_SECONDS = 60;
  /** Inherited global options the experiment keeps; the others describe one database. */
  private static final Set<String> KEPT_GLOBAL_OPTIONS = Set.of("--verbose", "--help",
      "--version");

  @Spec private CommandSpec spec;

  @Option(names = "--configs", paramLabel = "NAMES", split = ",",
      description = "Built-in configurations by strategy name: the strategy with its defaults"
          + " and the engine's default options (default: " + DEFAULT_CONFIGS + ", unless"
          + " --config or --sweep is given). Any strategy found on the class path or in a"
          + " --plugin-path jar may be named, and any peer engine on the class path (rocksdb,"
          + " iq80: see ./strata-bench), opened with the same engine options.")
  private List<String> configNames;

  /** {@code --config FILE}, declared in {@link #addConfigOption}. */
  private List<Path> configFiles;

  @Option(names = "--sweep", paramLabel = "STRATEGY:OPTION=V1,V2,...",
      description = "One configuration per value of a strategy option, named e.g. 'leveled"
          + " l0_compaction_trigger=4'; repeatable.")
  private List<String> sweeps = new ArrayList<>();

  @Option(names = "--plugin-path", paramLabel = "JAR",
      description = "A jar of compaction strategy providers (ServiceLoader); repeatable.")
  private List<Path> pluginPaths = new ArrayList<>();

  @Option(names = "--workloads", paramLabel = "LIST", split = ",",
      defaultValue = DEFAULT_WORKLOADS,
      description = "Phases, run in order on one database per run (default: ${DEFAULT-VALUE}).")
  private List<String> workloads;

  @Option(names = "--num", paramLabel = "N", defaultValue = "1000000",
      description = "Keys or records (default: ${DEFAULT-VALUE}).")
  private long num;

  @Option(names = "--value-size", paramLabel = "BYTES", defaultValue = "100",
      description = "Bytes per value of the db_bench workloads (default: ${DEFAULT-VALUE}).")
  private int valueSize;

  @Option(names = "--reps", paramLabel = "N", defaultValue = "3",
      description = "Repetitions per configuration; 5 or more give p-values (default:"
          + " ${DEFAULT-VALUE}).")
  private int reps;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "301",
      description = "Seed; every configuration of a repetition runs with the same seed, derived"
          + " from this one and the repetition (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output directory (default: experiment-yyyyMMdd-HHmmss in the working"
          + " directory); refused when not empty, unless --force.")
  private Path out;

  @Option(names = "--force", description = "Write into a --out that is not empty, deleting an"
      + " earlier experiment's outputs there first (results, CSV files, report.html, charts/,"
      + " runs/, db/); other files are left alone.")
  private boolean force;

  @Option(names = "--sample-interval", paramLabel = "MILLIS", defaultValue = "250",
      description = "Milliseconds between two samples of the tree (default: ${DEFAULT-VALUE}).")
  private int sampleMillis;

  @Option(names = "--jvm-flags", paramLabel = "FLAGS", defaultValue = DEFAULT_JVM_FLAGS,
      description = "Flags of every worker JVM, separated by spaces; write --jvm-flags=\"...\""
          + " (default: ${DEFAULT-VALUE}).")
  private String jvmFlags;

  @Option(names = "--ycsb-property", paramLabel = "KEY=VALUE",
      description = "A property overriding the YCSB workloads' (e.g. operationcount=100000);"
          + " repeatable.")
  private List<String> ycsbProperties = new ArrayList<>();

  @Option(names = "--progress", paramLabel = "auto|bar|lines|none", defaultValue = "auto",
      description = "Progress on standard error: a bar per phase redrawn in place, plain lines"
          + " (for logs), or none; auto: a bar when standard error is a terminal, else lines"
          + " (default: ${DEFAULT-VALUE}).")
  private ProgressMode progressMode;

  @Option(names = "--engine-option", paramLabel = "KEY=VALUE",
      description = "An engine option set in every configuration, peers included, over a"
          + " --config file's: write_buffer_size, block_cache_size (sizes as 4MiB), "
          + "bloom_bits_per_key, compression (none, snappy, zstd), shape (leveldb: every"
          + " engine on LevelDB's file and level sizes, the default; own: each engine on its"
          + " shipped defaults but these memory options); repeatable.")
  private List<String> engineOptionArgs = new ArrayList<>();

  @Option(names = "--warmup", paramLabel = "N",
      description = "Operations of each worker's warm-up (random puts, as many gets, a tenth as"
          + " many seeks) on a scratch database of its engine before the timed phases (default:"
          + " " + DEFAULT_WARMUP_OPS + ", at most half of --num; 0 for none).")
  private Long warmupOps;

  @Option(names = "--keep-db",
      description = "Keep each run's database under <out>/db/ (default: deleted after the run).")
  private boolean keepDb;

  private final WorkerLauncher launcher;
  private final boolean stderrIsTerminal;
  private final boolean shutdownHook;

  /** The command as {@code strata} runs it: forked workers, a shutdown hook for Ctrl-C. */
  public ExperimentCommand() {
    this(new WorkerLauncher(), ProgressMode.stderrIsTerminal(), true);
  }

  /**
   * @param launcher starts the workers
   * @param stderrIsTerminal whether {@code --progress auto} draws bars
   * @param shutdownHook whether Ctrl-C stops the running worker and writes the outputs
   */
  ExperimentCommand(WorkerLauncher launcher, boolean stderrIsTerminal, boolean shutdownHook) {
    this.launcher = launcher;
    this.stderrIsTerminal = stderrIsTerminal;
    this.shutdownHook = shutdownHook;
  }

  /**
   * Adds {@code strata experiment} to {@code root}, the {@code strata} command line: the
   * global options that describe one database are taken off it and its subcommands, and its own
   * {@code --config} is declared. Call before setting handlers on {@code root}, so that they
   * reach the new subcommands too.
   *
   * @return the command line of the experiment
   */
  public static CommandLine register(CommandLine root) {
    return register(root, new ExperimentCommand());
  }

  static CommandLine register(CommandLine root, ExperimentCommand command) {
    CommandLine cl = new CommandLine(command);
    root.addSubcommand(cl);
    removeDatabaseOptions(cl);
    addConfigOption(cl.getCommandSpec(), command);
    return cl;
  }

  /** A command line of {@code command} alone, as tests run it. */
  static CommandLine standalone(ExperimentCommand command) {
    CommandLine cl = new CommandLine(command);
    addConfigOption(cl.getCommandSpec(), command);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  private static void removeDatabaseOptions(CommandLine cl) {
    for (OptionSpec o : List.copyOf(cl.getCommandSpec().options())) {
      if (o.inherited() && !KEPT_GLOBAL_OPTIONS.contains(o.longestName())) {
        cl.getCommandSpec().remove(o);
      }
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      removeDatabaseOptions(sub);
    }
  }

  private static void addConfigOption(CommandSpec spec, ExperimentCommand command) {
    spec.addOption(OptionSpec.builder("--config")
        .paramLabel("FILE")
        .type(List.class)
        .auxiliaryTypes(Path.class)
        .description("A configuration as a properties file: name, compaction.strategy,"
            + " compaction.option.KEY=VALUE, and the engine options write_buffer_size,"
            + " block_cache_size (sizes as 4MiB or 64KB), bloom_bits_per_key, compression"
            + " (none, snappy or zstd), shape (leveldb or own); an engine option not given"
            + " takes the engine's default;"
            + " repeatable.")
        .getter(new CommandLine.Model.IGetter() {
          @Override
          @SuppressWarnings("unchecked")
          public <T> T get() {
            return (T) command.configFiles;
          }
        })
        .setter(new CommandLine.Model.ISetter() {
          @Override
          @SuppressWarnings("unchecked")
          public <T> T set(T value) {
            T old = (T) command.configFiles;
            command.configFiles = (List<Path>) value;
            return old;
          }
        })
        .build());
  }

  @Override
  public Integer call() throws IOException {
    ExperimentPlan plan = plan();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    Map<String, String> slugs = new HashMap<>();
    for (ConfigSpec c : plan.configs()) {
      slugs.put(c.name(), Configurations.slug(c.name()));
    }
    Files.createDirectories(plan.out());
    if (force) {
      ExperimentFiles.clearEarlierOutputs(plan.out());
    }
    String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ExperimentRunner runner = new ExperimentRunner(plan, slugs, launcher,
        new ExperimentProgress(err, progressMode.resolve(stderrIsTerminal), System::nanoTime),
        err);
    CountDownLatch written = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      runner.cancel();
      try {
        written.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "strata-experiment-shutdown");
    if (shutdownHook) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      List<RunResult> runs = runner.run();
      ExperimentResult result = Aggregation.result(plan, version(), startedAt, runs);
      ExperimentFiles.write(result, plan.out());
      boolean reportFailed = false;
      try {
        ReportWriter.write(result, plan.out());
      } catch (IOException | RuntimeException e) {
        err.println("experiment: the report could not be written: " + e);
        reportFailed = true;
      }
      SummaryTable.print(stdout, result);
      PeerTable.print(stdout, result);
      stdout.println();
      stdout.println("results: " + plan.out().resolve(ExperimentFiles.RESULTS_JSON));
      Path report = plan.out().resolve("report.html");
      if (Files.exists(report)) {
        stdout.println("report:  " + report);
      }
      stdout.flush();
      long failed = runs.stream().filter(r -> !r.ok()).count();
      if (runner.cancelled()) {
        err.println("experiment: interrupted after " + runs.size() + " of "
            + plan.runs().size() + " runs; the outputs hold what was measured");
        return 130;
      }
      if (failed > 0) {
        err.println("experiment: " + failed + " of " + runs.size() + " runs failed; see "
            + plan.out().resolve("runs"));
        return 1;
      }
      return reportFailed ? 1 : 0;
    } finally {
      err.flush();
      written.countDown();
      if (shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // Already shutting down: the hook is running, and waits for the latch just released.
        }
      }
    }
  }

  /**
   * The checked plan of the arguments.
   *
   * @throws ParameterException for any bad argument (a usage error, exit code 2)
   */
  ExperimentPlan plan() {
    if (num < 1) {
      throw usage("--num must be >= 1, was " + num);
    }
    if (valueSize < 1 || valueSize > MAX_VALUE_SIZE_BYTES) {
      throw usage("--value-size must be in [1, " + MAX_VALUE_SIZE_BYTES + "], was " + valueSize);
    }
    if (reps < 1) {
      throw usage("--reps must be >= 1, was " + reps);
    }
    if (sampleMillis < 10) {
      throw usage("--sample-interval must be >= 10 ms, was " + sampleMillis);
    }
    List<String> phases = stripped(workloads);
    try {
      Workloads.validate(phases);
    } catch (IllegalArgumentException e) {
      throw usage("--workloads: " + e.getMessage());
    }
    for (String p : ycsbProperties) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw usage("--ycsb-property '" + p + "' must be KEY=VALUE");
      }
    }
    List<String> flags = jvmFlags.isBlank() ? List.of()
        : List.of(jvmFlags.strip().split("\\s+"));
    if (warmupOps != null && warmupOps < 0) {
      throw usage("--warmup must be >= 0, was " + warmupOps);
    }
    long warmup = warmupOps != null ? warmupOps : Math.min(DEFAULT_WARMUP_OPS, num / 2);
    List<ConfigSpec> configs = configurations();
    Path dir = out != null ? out : defaultOut();
    checkOut(dir);
    return new ExperimentPlan(configs, phases, num, valueSize, reps, seed, sampleMillis, flags,
        ycsbProperties, dir, keepDb, warmup);
  }

  private List<ConfigSpec> configurations() {
    List<String> jars = pluginPaths.stream().map(p -> p.toAbsolutePath().toString()).toList();
    StrategyCatalog catalog;
    try {
      catalog = new StrategyCatalog(pluginPaths, ExperimentCommand.class.getClassLoader());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    try (catalog) {
      List<ConfigSpec> configs = new ArrayList<>();
      List<Path> files = configFiles != null ? configFiles : List.of();
      List<String> names = configNames != null ? stripped(configNames)
          : files.isEmpty() && sweeps.isEmpty() ? List.of(DEFAULT_CONFIGS.split(","))
          : List.of();
      EngineAdapters engines = EngineAdapters.load(ExperimentCommand.class.getClassLoader());
      for (String name : names) {
        if (catalog.contains(name)) {
          configs.add(Configurations.builtIn(name, jars));
        } else if (engines.find(name).isPresent()) {
          configs.add(Configurations.peer(name, engines.get(name).compactionStyle()));
        } else {
          throw usage("--configs: unknown compaction strategy or engine '" + name
              + "'; strategies: " + String.join(", ", catalog.names()) + "; engines: "
              + (engines.names().isEmpty() ? "none on this class path (RocksDB and LevelDB"
              + " run with ./strata-bench experiment)" : String.join(", ", engines.names())));
        }
      }
      for (Path file : files) {
        try {
          configs.add(Configurations.fromFile(file, jars));
        } catch (IOException e) {
          throw usage("cannot read --config " + file + ": " + e);
        } catch (IllegalArgumentException e) {
          throw usage(e.getMessage());
        }
      }
      for (String sweep : sweeps) {
        try {
          configs.addAll(Configurations.sweep(sweep, jars));
        } catch (IllegalArgumentException e) {
          throw usage(e.getMessage());
        }
      }
      if (configs.isEmpty()) {
        throw usage("no configuration given");
      }
      Map<String, String> overrides = new LinkedHashMap<>();
      for (String o : engineOptionArgs) {
        int eq = o.indexOf('=');
        if (eq <= 0) {
          throw usage("--engine-option '" + o + "' must be KEY=VALUE");
        }
        overrides.put(o.substring(0, eq).strip(), o.substring(eq + 1).strip());
      }
      try {
        configs.replaceAll(c -> Configurations.withEngineOptions(c, overrides));
      } catch (IllegalArgumentException e) {
        throw usage("--engine-option: " + e.getMessage());
      }
      Map<String, String> slugs = new LinkedHashMap<>();
      for (ConfigSpec c : configs) {
        if (slugs.containsKey(c.name())) {
          throw usage("two configurations are named '" + c.name() + "'; names must be unique");
        }
        String slug = Configurations.slug(c.name());
        for (Map.Entry<String, String> e : slugs.entrySet()) {
          if (e.getValue().equals(slug)) {
            throw usage("configurations '" + e.getKey() + "' and '" + c.name()
                + "' would share the file names " + slug + "-r*; rename one");
          }
        }
        slugs.put(c.name(), slug);
        try {
          if (c.isPeer()) {
            Configurations.engineOptions(c).build();
          } else {
            catalog.validate(c);
          }
        } catch (IllegalArgumentException e) {
          throw usage(e.getMessage());
        }
      }
      return configs;
    } catch (IOException e) {
      throw usage("cannot close the --plugin-path class loader: " + e);
    }
  }

  private void checkOut(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw usage("--out " + dir + " is not a directory");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent() && !force) {
        throw usage("--out " + dir + " is not empty; name another, or give --force to replace"
            + " an earlier experiment's outputs in it");
      }
    } catch (IOException e) {
      throw usage("cannot list --out " + dir + ": " + e);
    }
  }

  private static Path defaultOut() {
    return Path.of("experiment-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  private static List<String> stripped(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      String s = v.strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /** The build's version from the jar's manifest, or {@code development build}. */
  static String version() {
    String v = ExperimentCommand.class.getPackage().getImplementationVersion();
    return v != null ? v : "development build";
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
