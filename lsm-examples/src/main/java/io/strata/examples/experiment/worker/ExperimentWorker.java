package io.strata.examples.experiment.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.strata.api.Options;
import io.strata.core.Strata;
import io.strata.examples.experiment.engine.EngineAdapter;
import io.strata.examples.experiment.engine.EngineAdapters;
import io.strata.examples.experiment.engine.EngineSettings;
import io.strata.examples.experiment.engine.EngineStore;
import io.strata.examples.experiment.engine.StrataStore;
import io.strata.examples.experiment.model.ConfigSpec;
import io.strata.examples.experiment.model.PhaseMetrics;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.WorkerSpec;
import io.strata.examples.experiment.workload.LiveKeys;
import io.strata.examples.experiment.workload.PhaseContext;
import io.strata.examples.experiment.workload.Workload;
import io.strata.examples.experiment.workload.Workloads;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * One run of an experiment, in its own JVM: warms up on a scratch database (when the spec asks
 * for it), opens a fresh database with one configuration (Strata, or a peer engine through its
 * {@link EngineAdapter}), runs the phases in order, settles the tree after each
 * ({@link EngineStore#settle()}: memtable flushed, compactions done; the phase's time ends
 * before), measures each ({@link PhaseMeasurement}), samples the tree
 * ({@link Sampler}), records every compaction ({@link CompactionLog}), and writes a
 * {@link RunResult} as JSON. The experiment forks one per configuration and repetition, so that
 * no run inherits another's heap, JIT state or page cache of its own files.
 *
 * <p>Usage: {@code ExperimentWorker SPEC.json}, where the file holds a {@link WorkerSpec}.
 * Standard output carries {@code progress <phase> <opsDone> <plannedOps>} lines every sampling
 * interval and {@code phase <name> done} after each phase; the experiment parses them. Exit code
 * 0 when every phase completed; 1 when the run failed (the result file then says why, with
 * {@code ok=false}, and holds the phases that completed); on SIGTERM the current phase stops at
 * its next operation and the partial result is written before the JVM exits.
 */
public final class ExperimentWorker {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final WorkerSpec spec;
  private final PrintStream progress;
  private final AtomicBoolean stop = new AtomicBoolean();

  ExperimentWorker(WorkerSpec spec, PrintStream progress) {
    this.spec = spec;
    this.progress = progress;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ExperimentWorker SPEC.json");
      System.exit(2);
    }
    WorkerSpec spec = JSON.readValue(Path.of(args[0]).toFile(), WorkerSpec.class);
    ExperimentWorker worker = new ExperimentWorker(spec, System.out);
    Thread main = Thread.currentThread();
    Thread hook = new Thread(() -> {
      worker.stop.set(true);
      try {
        main.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "experiment-worker-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    RunResult result = worker.run();
    worker.write(result);
    System.out.flush();
    if (!worker.stop.get()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        return; // a SIGTERM arrived just now: let the shutdown finish
      }
      System.exit(result.ok() ? 0 : 1);
    }
  }

  /** Runs every phase; a failure ends the run with what was measured so far. */
  RunResult run() {
    RunClock clock = new RunClock();
    LiveKeys liveKeys = new LiveKeys();
    List<PhaseMetrics> phases = new ArrayList<>();
    // Read by the compaction thread when a compaction completes.
    AtomicReference<String> current = new AtomicReference<>("open");
    CompactionLog compactions = new CompactionLog(clock, current::get);
    Map<String, String> options = new TreeMap<>();
    String error = null;
    Sampler sampler = null;
    EngineStore db = null;
    try {
      Options opts = EngineOptions.of(spec.config()).toBuilder().listener(compactions).build();
      Path dir = Path.of(spec.dbDir());
      if (spec.warmupOps() > 0) {
        current.set("warm-up");
        warmUp(dir.resolveSibling(dir.getFileName() + "-warmup"));
      }
      current.set("open");
      Files.createDirectories(dir);
      db = open(dir, opts);
      options.putAll(db.options());
      sampler = new Sampler(db, liveKeys, clock, spec.sampleMillis(), progress);
      List<String> labels = phaseLabels(spec.workloads());
      sampler.start(new Sampler.Phase("open", new LatencyRecorder(), 0));
      for (int i = 0; i < labels.size() && !stop.get(); i++) {
        String label = labels.get(i);
        Workload workload = Workloads.create(spec.workloads().get(i));
        LatencyRecorder recorder = new LatencyRecorder();
        PhaseContext context = new PhaseContext(spec.num(), spec.valueSizeBytes(),
            phaseSeed(spec.seed(), i), recorder, liveKeys, stop::get);
        current.set(label);
        PhaseMeasurement m = new PhaseMeasurement(label, db, sampler, recorder, liveKeys);
        sampler.beginPhase(new Sampler.Phase(label, recorder, workload.plannedOperations(
            context)));
        workload.run(db, context);
        m.operationsEnded();
        if (!stop.get()) {
          // Every engine is measured settled: memtable flushed, compactions done.
          db.settle();
        }
        phases.add(m.finish(compactions.recordsOf(label)));
        progress.println("phase " + label + " done");
        progress.flush();
      }
      if (stop.get()) {
        error = "stopped before the run completed";
      }
    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      System.err.print(trace);
      error = "phase " + current.get() + " failed: " + e;
    } finally {
      if (sampler != null) {
        sampler.close();
      }
      if (db != null) {
        try {
          db.close();
        } catch (IOException | RuntimeException e) {
          if (error == null) {
            error = "closing the database failed: " + e;
          }
        }
      }
    }
    // A compaction that completes after a phase's last operation, before the next phase starts
    // (or before close), is the phase's work too: count them now that the database is closed
    // and every event was delivered.
    List<PhaseMetrics> measured = phases.stream()
        .map(p -> PhaseMeasurement.withCompactions(p, compactions.recordsOf(p.phase()))).toList();
    return new RunResult(spec.config().name(), spec.repetition(), spec.order(), error == null,
        error, options, measured, sampler == null ? List.of() : sampler.samples(),
        compactions.records(), clock.seconds());
  }

  /**
   * Opens the configuration's database in {@code dir}: Strata with {@code opts}, or the peer
   * engine's adapter with the same settings.
   */
  private EngineStore open(Path dir, Options opts) throws IOException {
    ConfigSpec config = spec.config();
    if (!config.isPeer()) {
      return new StrataStore(Strata.open(dir, opts), describe(opts));
    }
    EngineAdapter adapter = EngineAdapters.load(ExperimentWorker.class.getClassLoader())
        .get(config.engine());
    return adapter.open(dir, EngineSettings.of(opts, EngineOptions.ownShape(config)));
  }

  /**
   * The warm-up: {@code warmupOps} random puts, then as many gets and a tenth as many seeks, on
   * a scratch database in {@code scratch} opened as the run's, deleted afterwards, so that the
   * JIT has compiled the engine's and the workloads' code before the first phase is timed.
   */
  private void warmUp(Path scratch) throws IOException {
    deleteRecursively(scratch);
    Files.createDirectories(scratch);
    try (EngineStore store = open(scratch, EngineOptions.of(spec.config()))) {
      LiveKeys keys = new LiveKeys();
      long ops = spec.warmupOps();
      for (String name : List.of("fillrandom", "readrandom", "seekrandom")) {
        long n = name.equals("seekrandom") ? Math.max(1, ops / 10) : ops;
        PhaseContext context = new PhaseContext(n, spec.valueSizeBytes(), phaseSeed(~spec.seed(),
            0), new LatencyRecorder(), keys, stop::get);
        Workloads.create(name).run(store, context);
      }
    } finally {
      deleteRecursively(scratch);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Writes {@code result} to the spec's result file, atomically. */
  void write(RunResult result) throws IOException {
    Path target = Path.of(spec.resultFile());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), result);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Phase labels: the workload's name, and {@code name#2}, {@code name#3} ... for its later
   * occurrences, so that every phase of a run has its own row.
   */
  static List<String> phaseLabels(List<String> workloads) {
    Map<String, Integer> seen = new HashMap<>();
    List<String> labels = new ArrayList<>();
    for (String w : workloads) {
      int n = seen.merge(w, 1, Integer::sum);
      labels.add(n == 1 ? w : w + "#" + n);
    }
    return labels;
  }

  /** The seed of phase {@code index}: the same for every configuration of a repetition. */
  static long phaseSeed(long seed, int index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1); // SplitMix64's increment and finalizer
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static Map<String, String> describe(Options o) {
    Map<String, String> m = new TreeMap<>();
    m.put("compaction.strategy", o.compactionStrategyProvider().map(p -> p.name())
        .or(o::compactionStrategy).orElse(Options.DEFAULT_COMPACTION_STRATEGY));
    o.strategyOptions().forEach((k, v) -> m.put("compaction.option." + k, v));
    m.put("write_buffer_size", Long.toString(o.writeBufferSizeBytes()));
    m.put("block_cache_size", Long.toString(o.blockCacheSizeBytes()));
    m.put("bloom_bits_per_key", Integer.toString(o.bloomBitsPerKey()));
    m.put("compression", o.compression().name().toLowerCase(java.util.Locale.ROOT));
    m.put("block_size", Integer.toString(o.blockSizeBytes()));
    m.put("max_open_files", Integer.toString(o.maxOpenFiles()));
    return m;
  }
}
