package io.strata.examples.experiment;

import static io.strata.examples.experiment.ExperimentFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.examples.experiment.model.ConfigSpec;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTableTest {
  private static String print(List<ConfigSpec> configs, List<String> phases,
      List<RunResult> runs) {
    ExperimentPlan plan = new ExperimentPlan(configs, phases, 100, 100, 3, 1, 250, List.of(),
        List.of(), Path.of("out"), false, 0);
    ExperimentResult result = Aggregation.result(plan, "test", "2026-01-01T00:00:00Z", runs);
    StringWriter out = new StringWriter();
    PeerTable.print(new PrintWriter(out, true), result);
    return out.toString();
  }

  @Test
  void printsEachEnginesSpreadAndStratasRatioToEachPeerWithinRepetitions() {
    List<ConfigSpec> configs = List.of(Configurations.builtIn("leveled", List.of()),
        Configurations.peer("rocksdb", "leveled"));
    List<String> phases = List.of("fillrandom", "ycsb-client-a");
    List<RunResult> runs = new ArrayList<>();
    double[] strata = {100, 200, 400};
    double[] peer = {50, 400, 200};
    for (int r = 0; r < 3; r++) {
      runs.add(run("leveled", r, phases, strata[r], 10));
      runs.add(run("rocksdb", r, phases, peer[r], 20));
    }
    String out = print(configs, phases, runs);
    assertThat(out).contains("leveled / rocksdb")
        .containsPattern("fillrandom +2\\.00× \\(0\\.50-2\\.00\\)")
        .containsPattern("ycsb-client-a +0\\.50× \\(0\\.50-0\\.50\\)")
        .containsPattern("fillrandom +leveled +200 +\\(100-400\\)")
        // The fixtures' latencies: 1000 writes of mean 5 µs, 10 reads of mean 3 µs.
        .contains("per operation type (YCSB phases)")
        .containsPattern("ycsb-client-a +rocksdb +read +10 +333,333 +2\\.0 +6\\.0 +7\\.0")
        .containsPattern("ycsb-client-a +leveled +write +1,000 +200,000 +4\\.0 +10\\.0 +20\\.0");
    assertThat(out).doesNotContainPattern("fillrandom +leveled +write");
  }

  @Test
  void printsNothingForStrataAloneWithoutYcsb() {
    List<ConfigSpec> configs = List.of(Configurations.builtIn("leveled", List.of()));
    assertThat(print(configs, List.of("fillrandom"),
        List.of(run("leveled", 0, List.of("fillrandom"), 100)))).isEmpty();
  }
}
