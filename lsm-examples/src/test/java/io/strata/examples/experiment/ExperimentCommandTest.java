package io.strata.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.PhaseMetrics;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.WorkerSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExperimentCommandTest {
  @TempDir Path dir;

  private final FakeLauncher launcher = new FakeLauncher();

  record Outcome(int code, String out, String err) {}

  private Outcome run(String... args) {
    CommandLine cl = ExperimentCommand.standalone(new ExperimentCommand(launcher, false, false));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Outcome(cl.execute(args), out.toString(), err.toString());
  }

  private String out() {
    return dir.resolve("out").toString();
  }

  @Test
  void unknownStrategyIsAUsageErrorListingTheValidOnes() {
    Outcome o = run("--configs", "leveled,lsm", "--out", out());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("unknown compaction strategy or engine 'lsm'",
        "strategies: leveled, tiered, time-window", "engines: none on this class path");
    assertThat(launcher.specs).isEmpty();
  }

  @Test
  void engineOptionsApplyToEveryConfigurationAndWarmUpDefaultsToHalfOfNum() {
    Outcome o = run("--configs", "leveled,tiered", "--workloads", "fillrandom", "--num", "500",
        "--reps", "1", "--engine-option", "compression=none", "--engine-option",
        "write_buffer_size=1MiB", "--out", out(), "--progress", "none");
    assertThat(o.code()).as(o.err()).isEqualTo(0);
    assertThat(launcher.specs).hasSize(2).allSatisfy(s -> {
      assertThat(s.config().engineOptions()).containsEntry("compression", "none")
          .containsEntry("write_buffer_size", "1048576");
      assertThat(s.config().engine()).isEqualTo("strata");
      assertThat(s.warmupOps()).isEqualTo(250);
    });
    launcher.specs.clear();
    o = run("--configs", "leveled", "--workloads", "fillrandom", "--reps", "1", "--out",
        dir.resolve("out-default-num").toString(), "--progress", "none");
    assertThat(o.code()).as(o.err()).isEqualTo(0);
    assertThat(launcher.specs).singleElement()
        .satisfies(s -> assertThat(s.warmupOps()).isEqualTo(400_000));
  }

  @Test
  void badEngineOptionOrWarmUpIsAUsageError() {
    Outcome o = run("--configs", "leveled", "--engine-option", "compression=lz4", "--out",
        out());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("--engine-option: compression: expected none, snappy or zstd");
    o = run("--configs", "leveled", "--engine-option", "colour=blue", "--out", out());
    assertThat(o.err()).contains("unknown engine option 'colour'");
    o = run("--configs", "leveled", "--warmup", "-1", "--out", out());
    assertThat(o.err()).contains("--warmup must be >= 0, was -1");
    assertThat(launcher.specs).isEmpty();
  }

  @Test
  void unknownOrBadStrategyOptionIsAUsageError() throws IOException {
    Outcome o = run("--sweep", "leveled:l0_trigger=2,4", "--out", out());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("unknown option 'l0_trigger'", "l0_compaction_trigger");
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "compaction.strategy=tiered\ncompaction.option.min_threshold=x\n");
    o = run("--config", file.toString(), "--out", out());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("configuration 'bad'", "min_threshold", "not an integer");
    assertThat(launcher.specs).isEmpty();
  }

  @Test
  void unknownWorkloadIsAUsageError() {
    Outcome o = run("--workloads", "fillrandom,readsometimes", "--out", out());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("unknown workload 'readsometimes'", "readrandom");
  }

  @Test
  void duplicateConfigurationNamesAreAUsageError() throws IOException {
    Outcome o = run("--configs", "leveled,leveled", "--out", out());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("two configurations are named 'leveled'");
    Path file = dir.resolve("x.properties");
    Files.writeString(file, "name=tiered\n");
    o = run("--configs", "tiered", "--config", file.toString(), "--out", out());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("two configurations are named 'tiered'");
  }

  @Test
  void nonEmptyOutIsRefusedWithoutForce() throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("notes.txt"), "mine");
    Path staleChart = Files.createDirectories(out.resolve("charts")).resolve("staircase-old.png");
    Files.writeString(staleChart, "an earlier experiment's chart");
    Outcome o = run("--configs", "leveled", "--out", out.toString(), "--num", "10");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("is not empty", "--force");
    assertThat(launcher.specs).isEmpty();
    o = run("--configs", "leveled", "--out", out.toString(), "--num", "10", "--reps", "1",
        "--force", "--progress", "none");
    assertThat(o.code()).isEqualTo(0);
    assertThat(out.resolve("notes.txt")).exists();
    assertThat(staleChart).doesNotExist();
    assertThat(out.resolve("results.json")).exists();
  }

  @Test
  void runsEveryConfigurationPerRepetitionInRotatedOrderAndWritesTheOutputs() throws Exception {
    Outcome o = run("--configs", "leveled,tiered", "--sweep", "tiered:min_threshold=6",
        "--workloads", "fillrandom,readrandom", "--num", "500", "--reps", "3", "--seed", "7",
        "--ycsb-property", "operationcount=10", "--jvm-flags=-Xmx64m -XX:+UseSerialGC",
        "--out", out(), "--progress", "lines");
    assertThat(o.code()).as(o.err()).isEqualTo(0);
    assertThat(launcher.specs).extracting(s -> s.config().name() + "/" + s.repetition())
        .containsExactly("leveled/0", "tiered/0", "tiered min_threshold=6/0",
            "tiered min_threshold=6/1", "leveled/1", "tiered/1",
            "tiered/2", "tiered min_threshold=6/2", "leveled/2");
    for (WorkerSpec s : launcher.specs) {
      assertThat(s.order()).isEqualTo(ExperimentPlan.position(
          List.of("leveled", "tiered", "tiered min_threshold=6").indexOf(s.config().name()), 3,
          s.repetition()));
      assertThat(s.seed()).isEqualTo(launcher.specs.stream()
          .filter(x -> x.repetition() == s.repetition()).findFirst().orElseThrow().seed());
      assertThat(s.workloads()).containsExactly("fillrandom", "readrandom");
      assertThat(s.num()).isEqualTo(500);
      assertThat(s.ycsbProperties()).containsExactly("operationcount=10");
      assertThat(Path.of(s.dbDir())).doesNotExist(); // deleted after the run
    }
    assertThat(launcher.specs.get(0).seed()).isEqualTo(7);
    assertThat(launcher.jvmFlags).containsExactly("-Xmx64m", "-XX:+UseSerialGC");
    Path out = dir.resolve("out");
    assertThat(out.resolve("runs/tiered-min_threshold-6-r1.spec.json")).exists();
    assertThat(out.resolve("runs/tiered-min_threshold-6-r1.json")).exists();
    for (String f : List.of("results.json", "results.schema.json", "summary.csv",
        "timeseries.csv", "compactions.csv")) {
      assertThat(out.resolve(f)).exists();
    }
    ExperimentResult r = ExperimentFiles.read(out.resolve("results.json"));
    assertThat(r.runs()).hasSize(9).allMatch(RunResult::ok);
    assertThat(r.seed()).isEqualTo(7);
    assertThat(r.jvmFlags()).containsExactly("-Xmx64m", "-XX:+UseSerialGC");
    assertThat(r.configs()).extracting(c -> c.config().name() + ":" + c.runs())
        .containsExactly("leveled:3", "tiered:3", "tiered min_threshold=6:3");
    assertThat(r.configs().get(2).config().sweepOption()).isEqualTo("min_threshold");
    assertThat(o.out()).contains("fillrandom  (main operation: write)", "results: ");
    assertThat(o.err()).contains("experiment: run 1/9: leveled, repetition 1/3",
        "experiment: leveled r1/3 fillrandom: 50% (250 of 500 ops",
        "experiment: leveled r1/3 fillrandom done in ");
  }

  @Test
  void failedWorkerIsReportedAndTheOthersGoOn() throws Exception {
    launcher.failWhen = s -> s.config().name().equals("tiered") && s.repetition() == 1;
    Outcome o = run("--configs", "leveled,tiered", "--workloads", "fillrandom,readrandom",
        "--reps", "2", "--out", out(), "--progress", "none");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err()).contains("run tiered repetition 1 failed: worker exited with code 137"
        + " (signal 9)", "java.lang.OutOfMemoryError: Java heap space", "1 of 4 runs failed");
    assertThat(launcher.specs).hasSize(4);
    ExperimentResult r = ExperimentFiles.read(dir.resolve("out/results.json"));
    RunResult failed = r.runs().stream().filter(x -> !x.ok()).findFirst().orElseThrow();
    assertThat(failed.config()).isEqualTo("tiered");
    assertThat(failed.phases()).hasSize(1); // the partial result is kept
    assertThat(failed.error()).contains("code 137", "OutOfMemoryError");
    assertThat(r.configs().get(1).failedRuns()).isEqualTo(1);
    assertThat(r.configs().get(1).runs()).isEqualTo(1);
    assertThat(r.configs().get(1).failures()).singleElement().asString()
        .startsWith("repetition 1: worker exited with code 137");
  }

  @Test
  void workerThatExitsCleanlyWithoutAResultFails() {
    launcher.noResult = true;
    Outcome o = run("--configs", "leveled", "--reps", "1", "--out", out(), "--progress",
        "none");
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err()).contains("worker exited with code 0 but left no result file");
  }

  @Test
  void experimentTakesNoneOfTheDatabaseOptionsOfStrata() {
    CommandLine root = new CommandLine(new Root());
    ExperimentCommand.register(root, new ExperimentCommand(launcher, false, false));
    root.setCaseInsensitiveEnumValuesAllowed(true);
    StringWriter err = new StringWriter();
    root.setErr(new PrintWriter(err, true));
    assertThat(root.execute("experiment", "--strategy", "tiered")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option");
    CommandLine experiment = root.getSubcommands().get("experiment");
    assertThat(experiment.getCommandSpec().findOption("--config")).isNotNull();
    assertThat(experiment.getCommandSpec().findOption("--verbose")).isNotNull();
    assertThat(experiment.getCommandSpec().findOption("--db")).isNull();
    assertThat(experiment.getSubcommands().get("compare").getCommandSpec().findOption("--db"))
        .isNull();
  }

  /** A stand-in for the strata command line: global options inherited by its subcommands. */
  @CommandLine.Command(name = "strata", scope = CommandLine.ScopeType.INHERIT)
  static final class Root implements Runnable {
    @CommandLine.Option(names = "--config", scope = CommandLine.ScopeType.INHERIT)
    Path config;

    @CommandLine.Option(names = "--db", scope = CommandLine.ScopeType.INHERIT)
    Path db;

    @CommandLine.Option(names = "--strategy", scope = CommandLine.ScopeType.INHERIT)
    String strategy;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Override
    public void run() {}
  }

  /** Runs no JVM: writes the result a worker would, prints its progress lines. */
  static final class FakeLauncher extends WorkerLauncher {
    final List<WorkerSpec> specs = new ArrayList<>();
    List<String> jvmFlags;
    Predicate<WorkerSpec> failWhen = s -> false;
    boolean noResult;

    @Override
    Process start(WorkerSpec spec, List<String> flags, Path specFile, Path stderrLog)
        throws IOException {
      assertThat(specFile).exists();
      assertThat(ExperimentFiles.mapper().readValue(specFile.toFile(), WorkerSpec.class))
          .isEqualTo(spec);
      specs.add(spec);
      jvmFlags = flags;
      Files.createDirectories(Path.of(spec.dbDir()));
      StringBuilder stdout = new StringBuilder();
      List<PhaseMetrics> phases = new ArrayList<>();
      boolean fail = failWhen.test(spec);
      double speed = 1000 * (1 + spec.config().name().length());
      for (String w : spec.workloads()) {
        stdout.append("progress ").append(w).append(' ').append(spec.num() / 2).append(' ')
            .append(spec.num()).append('\n');
        if (fail && !phases.isEmpty()) {
          break;
        }
        stdout.append("phase ").append(w).append(" done\n");
        phases.add(ExperimentFixtures.phase(w, speed + spec.repetition(), 2));
      }
      if (!noResult) {
        ExperimentFiles.mapper().writeValue(Path.of(spec.resultFile()).toFile(),
            new RunResult(spec.config().name(), spec.repetition(), spec.order(), !fail,
                fail ? "stopped" : null, Map.of(), phases,
                List.of(ExperimentFixtures.sample(0.25, spec.workloads().get(0))), List.of(),
                1.0));
      }
      Files.writeString(stderrLog, fail
          ? "starting\nException in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n"
          : "");
      return new FakeProcess(stdout.toString(), fail ? 137 : 0);
    }
  }

  /** A finished process with the given standard output and exit code. */
  static final class FakeProcess extends Process {
    private final InputStream stdout;
    private final int exitCode;

    FakeProcess(String stdout, int exitCode) {
      this.stdout = new ByteArrayInputStream(stdout.getBytes(StandardCharsets.UTF_8));
      this.exitCode = exitCode;
    }

    @Override
    public OutputStream getOutputStream() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
      return stdout;
    }

    @Override
    public InputStream getErrorStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() {
      return exitCode;
    }

    @Override
    public int exitValue() {
      return exitCode;
    }

    @Override
    public void destroy() {}
  }
}
