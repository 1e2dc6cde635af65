package io.strata.examples.experiment.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.examples.experiment.model.CompactionRecord;
import io.strata.examples.experiment.model.ConfigSpec;
import io.strata.examples.experiment.model.PhaseMetrics;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.Sample;
import io.strata.examples.experiment.model.WorkerSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker in process: phases measured, samples taken, compactions recorded, JSON written. */
class ExperimentWorkerTest {
  @TempDir Path dir;

  private WorkerSpec spec(String strategy, List<String> workloads, int num) {
    ConfigSpec config = new ConfigSpec("c", strategy, Map.of(),
        Map.of("write_buffer_size", "64KiB", "compression", "none"), List.of(), null, null);
    return new WorkerSpec(config, 0, 0, dir.resolve("db").toString(), workloads, num, 100, 7,
        20, List.of(), dir.resolve("result.json").toString());
  }

  @Test
  void measuresEveryPhaseFromTheEngineStatistics() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    WorkerSpec spec = spec("leveled", List.of("fillrandom", "readrandom", "fillrandom"), 5000);
    ExperimentWorker worker = new ExperimentWorker(spec,
        new PrintStream(progress, true, StandardCharsets.UTF_8));
    RunResult r = worker.run();

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.phases()).extracting(PhaseMetrics::phase)
        .containsExactly("fillrandom", "readrandom", "fillrandom#2");
    PhaseMetrics fill = r.phases().get(0);
    assertThat(fill.operations()).isEqualTo(5000);
    assertThat(fill.latency()).containsOnlyKeys("write");
    assertThat(fill.latency().get("write").count()).isEqualTo(5000);
    assertThat(fill.userBytes()).isEqualTo(5000L * (16 + 100));
    assertThat(fill.writeAmp()).isGreaterThan(1);
    assertThat(fill.writeAmpWithLog()).isGreaterThan(fill.writeAmp());
    assertThat(fill.spaceAmpPeak()).isGreaterThanOrEqualTo(fill.spaceAmpFinal());
    PhaseMetrics read = r.phases().get(1);
    assertThat(read.gets()).isEqualTo(5000);
    assertThat(read.filterProbesPerGet()).isPositive();
    assertThat(read.tablesReadPerGet()).isPositive();
    assertThat(read.dataBlocksPerGet()).isEqualTo(read.tablesReadPerGet());
    assertThat(read.filterUsefulness()).isBetween(0.0, 1.0);
    assertThat(read.userBytes()).isEqualTo(fill.userBytes()); // reads write nothing
    assertThat(r.samples()).extracting(Sample::phase).contains("fillrandom", "readrandom");
    assertThat(r.compactions()).isNotEmpty().allSatisfy(c -> {
      assertThat(c.strategy()).isEqualTo("leveled");
      assertThat(c.inputFiles()).isPositive();
    });
    int inPhases = r.phases().stream().mapToInt(PhaseMetrics::compactions).sum();
    assertThat(inPhases).isEqualTo((int) r.compactions().stream()
        .filter(c -> !c.phase().equals("open")).count());
    long bytesOut = r.compactions().stream().filter(c -> !c.trivialMove())
        .mapToLong(CompactionRecord::outputBytes).sum();
    assertThat(r.phases().get(2).tableBytesWritten()).isGreaterThan(bytesOut);
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("phase fillrandom done", "phase readrandom done", "phase fillrandom#2 done");
  }

  @Test
  void writesTheResultAsJsonThatReadsBack() throws Exception {
    WorkerSpec spec = spec("tiered", List.of("fillseq"), 1000);
    ExperimentWorker worker = new ExperimentWorker(spec,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    RunResult r = worker.run();
    worker.write(r);
    RunResult back = new ObjectMapper().readValue(Path.of(spec.resultFile()).toFile(),
        RunResult.class);
    assertThat(back).isEqualTo(r);
    assertThat(back.options()).containsEntry("compaction.strategy", "tiered")
        .containsEntry("write_buffer_size", "65536").containsEntry("compression", "none");
  }

  @Test
  void aFailedOpenIsAFailedRunWithItsCause() {
    WorkerSpec spec = spec("no-such-strategy", List.of("fillseq"), 10);
    RunResult r = new ExperimentWorker(spec,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).contains("no-such-strategy");
    assertThat(r.phases()).isEmpty();
  }

  @Test
  void phaseLabelsNumberRepeatedWorkloads() {
    assertThat(ExperimentWorker.phaseLabels(List.of("a", "b", "a", "a")))
        .containsExactly("a", "b", "a#2", "a#3");
  }

  @Test
  void phaseSeedsDifferByPhaseAndRepeatForTheSameSeed() {
    assertThat(ExperimentWorker.phaseSeed(1, 0)).isEqualTo(ExperimentWorker.phaseSeed(1, 0))
        .isNotEqualTo(ExperimentWorker.phaseSeed(1, 1))
        .isNotEqualTo(ExperimentWorker.phaseSeed(2, 0));
  }

  @Test
  void percentilesAreNearestRank() {
    double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(PhaseMeasurement.percentile(sorted, 50)).isEqualTo(5);
    assertThat(PhaseMeasurement.percentile(sorted, 99)).isEqualTo(10);
    assertThat(PhaseMeasurement.percentile(new double[0], 50)).isNull();
    assertThat(PhaseMeasurement.ratio(1, 0)).isNull();
  }

  @Test
  void experimentsRunOnLevelDbsShapeUnderTheConfigurationsOwnOptions() throws Exception {
    io.strata.api.Options leveled = EngineOptions.of(new ConfigSpec("c", "leveled",
        Map.of("l0_compaction_trigger", "6"), Map.of(), List.of(), null, null));
    assertThat(leveled.writeBufferSizeBytes()).isEqualTo(4L << 20);
    assertThat(leveled.memTable()).isEqualTo("skiplist");
    assertThat(leveled.compactionStrategy()).contains("leveled");
    assertThat(leveled.strategyOptions()).containsEntry("l0_compaction_trigger", "6")
        .containsEntry("target_file_size_base", "2097152")
        .containsEntry("max_bytes_for_level_base", "10485760");

    io.strata.api.Options tiered = EngineOptions.of(new ConfigSpec("t", "tiered",
        Map.of("min_threshold", "6"), Map.of("write_buffer_size", "8MiB"), List.of(), null,
        null));
    assertThat(tiered.writeBufferSizeBytes()).isEqualTo(8L << 20);
    assertThat(tiered.strategyOptions()).isEqualTo(Map.of("min_threshold", "6"));
  }

  @Test
  void shapeOwnRunsStrataOnItsShippedDefaults() throws Exception {
    io.strata.api.Options own = EngineOptions.of(new ConfigSpec("c", "leveled", Map.of(),
        Map.of("shape", "own", "write_buffer_size", "8MiB"), List.of(), null, null));
    io.strata.api.Options defaults = io.strata.api.Options.defaults();
    assertThat(own.writeBufferSizeBytes()).isEqualTo(8L << 20);
    assertThat(own.memTable()).isEqualTo(defaults.memTable());
    assertThat(own.blockCacheSizeBytes()).isEqualTo(defaults.blockCacheSizeBytes());
    assertThat(own.strategyOptions()).doesNotContainKey("target_file_size_base");
    assertThatThrownBy(() -> EngineOptions.of(new ConfigSpec("c", "leveled", Map.of(),
        Map.of("shape", "rocksdb"), List.of(), null, null)))
        .hasMessageContaining("shape").hasMessageContaining("leveldb or own");
  }

  @Test
  void engineOptionsAreCheckedAndNamed() {
    ConfigSpec bad = new ConfigSpec("c", "leveled", Map.of(), Map.of("block_size", "4k"),
        List.of(), null, null);
    assertThatThrownBy(() -> EngineOptions.of(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown engine option 'block_size'");
    ConfigSpec size = new ConfigSpec("c", "leveled", Map.of(),
        Map.of("write_buffer_size", "lots"), List.of(), null, null);
    assertThatThrownBy(() -> EngineOptions.of(size)).hasMessageContaining("write_buffer_size");
    assertThatThrownBy(() -> EngineOptions.provider("nope", List.of()))
        .hasMessageContaining("unknown compaction strategy 'nope'")
        .hasMessageContaining("leveled");
  }
}
