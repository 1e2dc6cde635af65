package io.strata.examples.experiment;

import static io.strata.examples.experiment.ExperimentFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strata.examples.experiment.model.Comparison;
import io.strata.examples.experiment.model.ConfigResult;
import io.strata.examples.experiment.model.ConfigSpec;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.PeerRatio;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.Stat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentAggregationTest {
  private static final List<String> PHASES = List.of("fillrandom", "readrandom");

  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    assertThat(Aggregation.stat(List.of(5.0, 1.0, 3.0))).isEqualTo(new Stat(3, 1, 5, 3));
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Aggregation.stat(List.of(4.0, 1.0, 3.0, 10.0))).isEqualTo(new Stat(3.5, 1, 10, 4));
    assertThat(Aggregation.stat(List.of(7.0))).isEqualTo(new Stat(7, 7, 7, 1));
  }

  @Test
  void pValueIsSmallForClearlySeparatedSamplesAndOneForIdenticalOnes() {
    List<Double> low = List.of(1.0, 2.0, 3.0, 4.0, 5.0);
    List<Double> high = List.of(11.0, 12.0, 13.0, 14.0, 15.0);
    assertThat(Aggregation.pValue(low, high)).isLessThan(0.02);
    List<Double> same = List.of(7.0, 7.0, 7.0, 7.0, 7.0);
    assertThat(Aggregation.pValue(same, same)).isCloseTo(1.0, within(1e-9));
    assertThat(Aggregation.pValue(low, low)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void noPValueWithFewerThanFiveRunsOnEitherSide() {
    List<Double> four = List.of(1.0, 2.0, 3.0, 4.0);
    List<Double> five = List.of(11.0, 12.0, 13.0, 14.0, 15.0);
    assertThat(Aggregation.pValue(four, five)).isNull();
    assertThat(Aggregation.pValue(five, four)).isNull();
  }

  @Test
  void configResultCountsOnlyCompletedRunsAndListsFailures() {
    List<RunResult> runs = List.of(run("a", 0, PHASES, 100, 1000), run("a", 1, PHASES, 300, 3000),
        failed("a", 2), run("a", 3, PHASES, 200, 2000));
    ConfigResult r = Aggregation.configResult(Configurations.builtIn("a", List.of()), PHASES,
        runs);
    assertThat(r.runs()).isEqualTo(3);
    assertThat(r.failedRuns()).isEqualTo(1);
    assertThat(r.failures()).singleElement().asString().startsWith("repetition 2: boom");
    assertThat(r.metrics().keySet()).containsExactly("fillrandom", "readrandom");
    assertThat(r.metrics().get("fillrandom").get("opsPerSecond"))
        .isEqualTo(new Stat(200, 100, 300, 3));
    assertThat(r.metrics().get("readrandom").get("opsPerSecond").median()).isEqualTo(2000);
    // Null ratios (no gets) are not counted; latency metrics are flattened.
    assertThat(r.metrics().get("fillrandom")).doesNotContainKey("filterProbesPerGet")
        .containsKey("latency.write.p99Micros");
  }

  @Test
  void repeatedPhasesAreKeyedByTheirOccurrence() {
    assertThat(Aggregation.phaseKeys(List.of("fillrandom", "readrandom", "readrandom",
        "fillrandom", "readrandom")))
        .containsExactly("fillrandom", "readrandom", "readrandom#2", "fillrandom#2",
            "readrandom#3");
  }

  @Test
  void laterConfigurationsAreComparedWithTheFirst() {
    List<RunResult> runs = new ArrayList<>();
    for (int r = 0; r < 5; r++) {
      runs.add(run("base", r, PHASES, 100 + r, 1000));
      runs.add(run("fast", r, PHASES, 200 + r, 500));
    }
    ExperimentPlan plan = new ExperimentPlan(
        List.of(Configurations.builtIn("base", List.of()),
            Configurations.builtIn("fast", List.of())),
        PHASES, 10, 100, 5, 1, 250, List.of(), List.of(), Path.of("out"), false);
    ExperimentResult result = Aggregation.result(plan, "test", "2024-01-01T00:00:00Z", runs);
    assertThat(result.configs()).extracting(c -> c.config().name()).containsExactly("base",
        "fast");
    Map<String, Comparison> byKey = new java.util.HashMap<>();
    result.comparisons().forEach(c -> byKey.put(c.phase() + "/" + c.metric(), c));
    assertThat(result.comparisons()).allMatch(c -> c.baseline().equals("base")
        && c.config().equals("fast"));
    Comparison fill = byKey.get("fillrandom/opsPerSecond");
    assertThat(fill.ratio()).isCloseTo(202.0 / 102.0, within(1e-9));
    assertThat(fill.pValue()).isLessThan(0.02);
    assertThat(byKey.get("readrandom/opsPerSecond").ratio()).isEqualTo(0.5);
    assertThat(byKey.get("fillrandom/writeAmp").pValue()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void ratioIsNullWhenTheBaselineMedianIsZero() {
    assertThat(Aggregation.ratio(List.of(0.0, 0.0, 0.0), List.of(1.0))).isNull();
    assertThat(Aggregation.ratio(List.of(2.0), List.of(1.0))).isEqualTo(0.5);
  }

  static RunResult failed(String config, int repetition) {
    return new RunResult(config, repetition, 0, false, "boom", Map.of(),
        List.of(ExperimentFixtures.phase("fillrandom", 1e9, 1)), List.of(), List.of(), 1);
  }

  @Test
  void peerRatiosAreTakenWithinEachRepetitionThenTheirMedian() {
    List<ConfigSpec> configs = List.of(Configurations.builtIn("leveled", List.of()),
        Configurations.peer("rocksdb", "leveled"));
    List<String> phases = List.of("fillrandom");
    // Repetition 1 ran on a slower machine for both: the ratio of medians (200 / 200 = 1)
    // hides that Strata led in two repetitions of three.
    List<RunResult> runs = List.of(
        run("leveled", 0, phases, 100), run("rocksdb", 0, phases, 50),
        run("leveled", 1, phases, 200), run("rocksdb", 1, phases, 400),
        run("leveled", 2, phases, 400), run("rocksdb", 2, phases, 200));
    List<PeerRatio> ratios = Aggregation.peerRatios(configs, phases, 3, runs);
    PeerRatio ops = ratios.stream().filter(r -> r.metric().equals("opsPerSecond")).findFirst()
        .orElseThrow();
    assertThat(ops.config()).isEqualTo("leveled");
    assertThat(ops.peer()).isEqualTo("rocksdb");
    assertThat(ops.phase()).isEqualTo("fillrandom");
    assertThat(ops.perRepetition()).containsExactly(2.0, 0.5, 2.0);
    assertThat(ops.ratio()).isEqualTo(new Stat(2.0, 0.5, 2.0, 3));
    assertThat(Aggregation.ratio(List.of(100.0, 200.0, 400.0), List.of(50.0, 400.0, 200.0)))
        .isEqualTo(1.0);
    assertThat(ratios).extracting(PeerRatio::metric)
        .containsExactlyElementsOf(Aggregation.PEER_RATIO_METRICS);
  }

  @Test
  void peerRatiosSkipRepetitionsWithAFailedRunAndPairOnlyStrataWithPeers() {
    List<ConfigSpec> configs = List.of(Configurations.builtIn("leveled", List.of()),
        Configurations.builtIn("tiered", List.of()), Configurations.peer("rocksdb", "leveled"),
        Configurations.peer("iq80", "leveled"));
    List<RunResult> runs = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      runs.add(run("leveled", r, PHASES, 300, 3000));
      runs.add(run("tiered", r, PHASES, 200, 2000));
      runs.add(r == 0 ? failed("rocksdb", r) : run("rocksdb", r, PHASES, 100, 1000));
      runs.add(run("iq80", r, PHASES, 150, 1500));
    }
    List<PeerRatio> ratios = Aggregation.peerRatios(configs, PHASES, 2, runs).stream()
        .filter(r -> r.metric().equals("opsPerSecond")).toList();
    assertThat(ratios).extracting(r -> r.config() + "/" + r.peer() + "/" + r.phase())
        .containsExactly("leveled/rocksdb/fillrandom", "leveled/rocksdb/readrandom",
            "leveled/iq80/fillrandom", "leveled/iq80/readrandom",
            "tiered/rocksdb/fillrandom", "tiered/rocksdb/readrandom",
            "tiered/iq80/fillrandom", "tiered/iq80/readrandom");
    PeerRatio withFailure = ratios.get(0);
    assertThat(withFailure.perRepetition()).containsExactly(null, 3.0);
    assertThat(withFailure.ratio()).isEqualTo(new Stat(3.0, 3.0, 3.0, 1));
    assertThat(ratios.get(6).ratio().median()).isCloseTo(200.0 / 150, within(1e-9));
  }

  @Test
  void anExperimentWithoutPeersHasNoPeerRatios() {
    List<ConfigSpec> configs = List.of(Configurations.builtIn("leveled", List.of()),
        Configurations.builtIn("tiered", List.of()));
    List<RunResult> runs = List.of(run("leveled", 0, PHASES, 1, 2), run("tiered", 0, PHASES, 3,
        4));
    assertThat(Aggregation.peerRatios(configs, PHASES, 1, runs)).isEmpty();
  }
}
