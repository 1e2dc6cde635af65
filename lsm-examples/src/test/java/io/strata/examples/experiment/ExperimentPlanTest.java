package io.strata.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.examples.experiment.ExperimentPlan.PlannedRun;
import io.strata.examples.experiment.model.ConfigSpec;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExperimentPlanTest {
  @Test
  void runOrderRotatesSoNoConfigurationAlwaysRunsFirst() {
    assertThat(ExperimentPlan.runOrder(3, 0)).containsExactly(0, 1, 2);
    assertThat(ExperimentPlan.runOrder(3, 1)).containsExactly(2, 0, 1);
    assertThat(ExperimentPlan.runOrder(3, 2)).containsExactly(1, 2, 0);
    assertThat(ExperimentPlan.runOrder(3, 3)).containsExactly(0, 1, 2);
    for (int r = 0; r < 5; r++) {
      for (int i = 0; i < 3; i++) {
        assertThat(ExperimentPlan.runOrder(3, r).get(ExperimentPlan.position(i, 3, r)))
            .isEqualTo(i);
      }
    }
    Set<Integer> firsts = new HashSet<>();
    for (int r = 0; r < 3; r++) {
      firsts.add(ExperimentPlan.runOrder(3, r).get(0));
    }
    assertThat(firsts).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void runsListEveryConfigurationOncePerRepetitionWithItsPosition() {
    ExperimentPlan plan = plan(2);
    List<PlannedRun> runs = plan.runs();
    assertThat(runs).extracting(r -> r.config().name() + "@" + r.repetition() + "#" + r.order())
        .containsExactly("a@0#0", "b@0#1", "b@1#0", "a@1#1");
  }

  @Test
  void strataAndPeerEnginesAlternateWhoRunsFirstBetweenRepetitions() {
    List<ConfigSpec> configs = List.of(Configurations.builtIn("leveled", List.of()),
        Configurations.peer("rocksdb", "leveled"), Configurations.peer("iq80", "leveled"));
    ExperimentPlan plan = new ExperimentPlan(configs, List.of("fillrandom"), 100, 100, 3, 1, 250,
        List.of(), List.of(), Path.of("out"), false, 10);
    assertThat(plan.runs()).extracting(r -> r.config().name() + "@" + r.repetition())
        .containsExactly("leveled@0", "rocksdb@0", "iq80@0",
            "iq80@1", "leveled@1", "rocksdb@1",
            "rocksdb@2", "iq80@2", "leveled@2");
    assertThat(plan.runs()).extracting(r -> r.config().engine())
        .contains("strata", "rocksdb", "iq80");
    assertThat(plan.warmupOps()).isEqualTo(10);
  }

  @Test
  void seedIsTheGivenOneForTheFirstRepetitionAndDistinctForTheOthers() {
    ExperimentPlan plan = plan(4);
    assertThat(plan.seedFor(0)).isEqualTo(301);
    Set<Long> seeds = new HashSet<>();
    for (int r = 0; r < 4; r++) {
      seeds.add(plan.seedFor(r));
      assertThat(plan.seedFor(r)).isEqualTo(plan(4).seedFor(r));
    }
    assertThat(seeds).hasSize(4);
  }

  private static ExperimentPlan plan(int reps) {
    return new ExperimentPlan(List.of(Configurations.builtIn("a", List.of()),
        new ConfigSpec("b", "tiered", java.util.Map.of(), java.util.Map.of(), List.of(), null,
            null)), List.of("fillrandom"), 10, 100, reps, 301, 250, List.of(), List.of(),
        Path.of("out"), false);
  }
}
