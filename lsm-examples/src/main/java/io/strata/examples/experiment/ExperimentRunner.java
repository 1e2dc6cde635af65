package io.strata.examples.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.examples.experiment.ExperimentPlan.PlannedRun;
import io.strata.examples.experiment.model.ConfigSpec;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.WorkerSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs an {@link ExperimentPlan}: one worker JVM per configuration and repetition, one after the
 * other, each on a fresh database under {@code <out>/db/}. For run {@code <slug>-r<r>} it writes
 * the worker's spec to {@code <out>/runs/<slug>-r<r>.spec.json}; the worker writes its
 * {@link RunResult} to {@code <out>/runs/<slug>-r<r>.json} and its standard error goes to
 * {@code <out>/runs/<slug>-r<r>.stderr.log}. A worker that exits non-zero, is killed, or writes
 * no result is a failed run ({@code ok=false}, the exit code and the last
 * {@value #STDERR_TAIL_LINES} lines of its standard error in {@code error}, what it measured
 * kept), and the experiment goes on.
 *
 * <p>{@link #run} runs on one thread; {@link #cancel} may be called from another (a shutdown
 * hook): it stops the running worker (SIGTERM, then SIGKILL after
 * {@value #DESTROY_GRACE_SECONDS} s) and no further run starts.
 */
final class ExperimentRunner {
  /** Lines of a failed worker's standard error kept in its result. */
  static final int STDERR_TAIL_LINES = 20;
  /** Seconds a worker has to write its partial result after SIGTERM before it is killed. */
  static final long DESTROY_GRACE_SECONDS = 10;

  private final ExperimentPlan plan;
  private final WorkerLauncher launcher;
  private final ExperimentProgress progress;
  private final PrintWriter err;
  private final ObjectMapper json;
  private final Map<String, String> slugs;
  private volatile boolean cancelled;
  private volatile Process current;

  /**
   * @param slugs each configuration's name to its file-name slug, all distinct
   * @param err where failures are reported, whatever the progress mode
   */
  ExperimentRunner(ExperimentPlan plan, Map<String, String> slugs, WorkerLauncher launcher,
      ExperimentProgress progress, PrintWriter err) {
    this.plan = plan;
    this.slugs = Map.copyOf(slugs);
    this.launcher = launcher;
    this.progress = progress;
    this.err = err;
    this.json = ExperimentFiles.mapper();
  }

  /**
   * Runs every run of the plan, or those before {@link #cancel}.
   *
   * @return the runs started, in the order they ran, failed ones included
   * @throws IOException when a spec or a directory under {@code <out>} cannot be written
   */
  List<RunResult> run() throws IOException {
    Files.createDirectories(plan.out().resolve("runs"));
    List<PlannedRun> planned = plan.runs();
    List<RunResult> results = new ArrayList<>();
    for (int i = 0; i < planned.size() && !cancelled; i++) {
      PlannedRun run = planned.get(i);
      progress.runStarted(run.config().name(), run.repetition(), plan.reps(), i, planned.size());
      RunResult result = runOne(run);
      progress.runEnded();
      if (!result.ok()) {
        err.println("experiment: run " + run.config().name() + " repetition "
            + run.repetition() + " failed: " + result.error());
        err.flush();
      }
      results.add(result);
    }
    if (!plan.keepDb()) {
      try {
        Files.deleteIfExists(plan.out().resolve("db"));
      } catch (DirectoryNotEmptyException e) {
        // Someone else's files, or a database that could not be deleted: left alone.
      }
    }
    return results;
  }

  /**
   * Stops the running worker, if any, and any run not yet started; returns once the worker has
   * exited (or could not be killed). Safe to call from any thread, more than once.
   */
  void cancel() {
    cancelled = true;
    Process p = current;
    if (p != null) {
      destroy(p);
    }
  }

  /** Whether {@link #cancel} was called. */
  boolean cancelled() {
    return cancelled;
  }

  private RunResult runOne(PlannedRun run) throws IOException {
    ConfigSpec c = run.config();
    String base = slugs.get(c.name()) + "-r" + run.repetition();
    Path runs = plan.out().resolve("runs");
    Path specFile = runs.resolve(base + ".spec.json");
    Path resultFile = runs.resolve(base + ".json");
    Path stderrLog = runs.resolve(base + ".stderr.log");
    Path dbDir = plan.out().resolve("db").resolve(base);
    Files.deleteIfExists(resultFile); // of an earlier experiment in this --out (--force)
    deleteRecursively(dbDir);
    Files.createDirectories(dbDir.getParent());
    WorkerSpec spec = new WorkerSpec(c, run.repetition(), run.order(),
        dbDir.toAbsolutePath().toString(), plan.workloads(), plan.num(), plan.valueSizeBytes(),
        plan.seedFor(run.repetition()), plan.sampleMillis(), plan.ycsbProperties(),
        resultFile.toAbsolutePath().toString(), plan.warmupOps());
    json.writeValue(specFile.toFile(), spec);
    long startNanos = System.nanoTime();
    int exitCode;
    String startFailure = null;
    try {
      Process p = launcher.start(spec, plan.jvmFlags(), specFile, stderrLog);
      current = p;
      if (cancelled) {
        destroy(p); // cancel() ran between the loop's check and the start
      }
      exitCode = follow(p);
    } catch (IOException e) {
      exitCode = -1;
      startFailure = "cannot start the worker: " + e.getMessage();
    } finally {
      current = null;
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    if (!plan.keepDb()) {
      deleteRecursively(dbDir);
    }
    // A worker killed during its warm-up leaves the scratch database behind.
    deleteRecursively(dbDir.resolveSibling(base + "-warmup"));
    RunResult measured = null;
    String readFailure = null;
    if (Files.exists(resultFile)) {
      try {
        measured = json.readValue(resultFile.toFile(), RunResult.class);
      } catch (IOException e) {
        readFailure = "unreadable result file " + resultFile + ": " + e.getMessage();
      }
    } else {
      readFailure = "no result file " + resultFile;
    }
    String error;
    if (startFailure != null) {
      error = startFailure;
    } else if (exitCode != 0) {
      error = (cancelled ? "interrupted; " : "") + "worker exited with code " + exitCode
          + (exitCode > 128 ? " (signal " + (exitCode - 128) + ")" : "");
    } else if (measured == null) {
      error = "worker exited with code 0 but left " + readFailure;
    } else if (!measured.ok()) {
      error = measured.error() != null ? measured.error() : "the worker reported a failure";
    } else {
      error = null;
    }
    if (error != null) {
      String tail = tail(stderrLog, STDERR_TAIL_LINES);
      if (!tail.isEmpty()) {
        error = error + "; standard error ends:\n" + tail;
      }
    }
    if (measured == null) {
      return new RunResult(c.name(), run.repetition(), run.order(), false, error, Map.of(),
          List.of(), List.of(), List.of(), seconds);
    }
    return new RunResult(c.name(), run.repetition(), run.order(), error == null, error,
        measured.options(), measured.phases(), measured.samples(), measured.compactions(),
        measured.seconds());
  }

  /** Passes {@code p}'s standard output to the progress until it ends; returns the exit code. */
  private int follow(Process p) {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        progress.workerLine(line);
      }
    } catch (IOException e) {
      // The pipe broke: the worker died; its exit code says how.
    }
    while (true) {
      try {
        return p.waitFor();
      } catch (InterruptedException e) {
        destroy(p);
        Thread.currentThread().interrupt();
        cancelled = true;
      }
    }
  }

  private static void destroy(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(DESTROY_GRACE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(DESTROY_GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The last {@code lines} lines of {@code file}, empty if it is absent or unreadable. */
  static String tail(Path file, int lines) {
    Deque<String> last = new ArrayDeque<>();
    // A reader over the stream, not Files.newBufferedReader: a crash may leave bytes that are
    // not UTF-8, which should read as replacement characters, not lose the whole tail.
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        last.addLast(line);
        if (last.size() > lines) {
          last.removeFirst();
        }
      }
    } catch (IOException e) {
      return "";
    }
    return String.join("\n", last);
  }

  /** Deletes {@code dir} and everything under it; nothing if absent. */
  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
