package io.strata.examples.experiment;

import static io.strata.examples.experiment.ExperimentFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.examples.experiment.model.CompactionRecord;
import io.strata.examples.experiment.model.ConfigResult;
import io.strata.examples.experiment.model.ConfigSpec;
import io.strata.examples.experiment.model.Comparison;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.LatencySummary;
import io.strata.examples.experiment.model.PeerRatio;
import io.strata.examples.experiment.model.PhaseMetrics;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.Sample;
import io.strata.examples.experiment.model.Stat;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentFilesTest {
  private static final List<String> PHASES = List.of("fillrandom", "readrandom");

  @TempDir Path dir;

  static ExperimentResult result() {
    List<RunResult> runs = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      runs.add(run("leveled", r, PHASES, 100 + r, 1000));
      runs.add(run("tiered, big", r, PHASES, 200 + r, 500));
    }
    ExperimentPlan plan = new ExperimentPlan(
        List.of(Configurations.builtIn("leveled", List.of()),
            new ConfigSpec("tiered, big", "tiered", java.util.Map.of("min_threshold", "6"),
                Configurations.defaultEngineOptions(), List.of(), "min_threshold", "6")),
        PHASES, 1000, 100, 2, 301, 250, List.of("-Xmx1g"), List.of(), Path.of("out"), false);
    return Aggregation.result(plan, "1.0-test", "2024-05-01T10:00:00Z", runs);
  }

  @Test
  void resultsRoundTripThroughJson() throws Exception {
    ExperimentResult result = result();
    ExperimentFiles.write(result, dir);
    ExperimentResult back = ExperimentFiles.read(dir.resolve("results.json"));
    assertThat(back).isEqualTo(result);
    String json = Files.readString(dir.resolve("results.json"));
    assertThat(json).contains("\n  \"schemaVersion\" : 1,");
    assertThat(json).doesNotContain("diskBytes\" :"); // Sample.diskBytes() is derived
  }

  @Test
  void writesEveryFileWithItsHeader() throws Exception {
    List<Path> files = ExperimentFiles.write(result(), dir);
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
        "results.json", "results.schema.json", "summary.csv", "timeseries.csv",
        "compactions.csv");
    List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
    assertThat(summary.get(0))
        .isEqualTo("config,phase,metric,median,min,max,n,ratio_to_baseline,p_value");
    assertThat(summary).contains("leveled,fillrandom,opsPerSecond,100.5,100,101,2,,",
        "\"tiered, big\",fillrandom,opsPerSecond,200.5,200,201,2,"
            + ExperimentFiles.num(200.5 / 100.5) + ",",
        "\"tiered, big\",readrandom,opsPerSecond,500,500,500,2,0.5,");
    List<String> ts = Files.readAllLines(dir.resolve("timeseries.csv"));
    assertThat(ts.get(0)).startsWith("config,repetition,seconds,phase,ops_done,disk_bytes,"
        + "live_logical_bytes,space_amp,").endsWith(",l0_files,l1_files,l2_files,l3_files,"
        + "l4_files,l5_files,l6_files");
    assertThat(ts).hasSize(1 + 4 * 2);
    assertThat(ts.get(1)).isEqualTo("leveled,0,0.25,fillrandom,100,3300,2650,"
        + ExperimentFiles.num(3300.0 / 2650) + ",300,50,0,1,NORMAL,10,1000,2000,,,,,,1,2,,,,,");
    List<String> compactions = Files.readAllLines(dir.resolve("compactions.csv"));
    assertThat(compactions.get(0)).isEqualTo("config,repetition,seconds,phase,strategy,reason,"
        + "trivial_move,manual,input_levels,input_files,input_bytes,output_level,output_files,"
        + "output_bytes,entries_in,entries_dropped,tombstones_dropped,duration_millis");
    assertThat(compactions.get(1)).isEqualTo("leveled,0,0.4,fillrandom,leveled,"
        + "\"L0 files, \"\"score\"\" 1.5\",false,false,0 1,3,3000,1,2,2800,100,10,1,12.5");
  }

  @Test
  void numbersArePlainDecimals() {
    assertThat(ExperimentFiles.num(1.0e7)).isEqualTo("10000000");
    assertThat(ExperimentFiles.num(1.0e-4)).isEqualTo("0.0001");
    assertThat(ExperimentFiles.num(2.50)).isEqualTo("2.5");
    assertThat(ExperimentFiles.num(null)).isEmpty();
    assertThat(ExperimentFiles.num(Double.NaN)).isEmpty();
  }

  @Test
  void schemaDescribesEveryFieldOfEveryRecord() throws Exception {
    Path schemaFile = ExperimentFiles.copySchema(dir);
    JsonNode schema = ExperimentFiles.mapper().readTree(schemaFile.toFile());
    assertThat(schema.get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.at("/properties/schemaVersion/const").asInt())
        .isEqualTo(ExperimentResult.SCHEMA_VERSION);
    checkProperties(schema.get("properties"), ExperimentResult.class);
    for (Class<?> type : List.of(ConfigSpec.class, Stat.class, ConfigResult.class,
        Comparison.class, LatencySummary.class, PhaseMetrics.class, Sample.class,
        CompactionRecord.class, RunResult.class, PeerRatio.class)) {
      JsonNode def = schema.at("/$defs/" + type.getSimpleName() + "/properties");
      assertThat(def.isMissingNode()).as(type.getSimpleName()).isFalse();
      checkProperties(def, type);
    }
  }

  private static void checkProperties(JsonNode properties, Class<?> type) {
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    List<String> components = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      components.add(c.getName());
    }
    assertThat(names).as(type.getSimpleName()).containsExactlyInAnyOrderElementsOf(components);
  }
}
