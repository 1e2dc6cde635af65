package io.strata.examples.experiment;

import static io.strata.examples.experiment.ExperimentFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExperimentCompareTest {
  private static final List<String> PHASES = List.of("fillrandom", "readrandom");

  @TempDir Path dir;

  private static ExperimentResult result(double fillOps, List<String> configs) {
    List<RunResult> runs = new ArrayList<>();
    for (int r = 0; r < 5; r++) {
      for (String c : configs) {
        runs.add(run(c, r, PHASES, fillOps + r, 1000));
      }
    }
    ExperimentPlan plan = new ExperimentPlan(
        configs.stream().map(c -> Configurations.builtIn(c, List.of())).toList(), PHASES, 1000,
        100, 5, 301, 250, List.of(), List.of(), Path.of("out"), false);
    return Aggregation.result(plan, "test", "2024-05-01T10:00:00Z", runs);
  }

  @Test
  void comparesConfigurationsOfTheSameNameBAgainstA() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    ExperimentFiles.write(result(100, List.of("leveled", "tiered")), a);
    ExperimentFiles.write(result(200, List.of("leveled", "time-window")), b);
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new ExperimentCompareCommand());
    cl.setOut(new PrintWriter(out, true));
    int code = cl.execute(a.resolve("results.json").toString(), b.toString());
    String text = out.toString();
    assertThat(code).isEqualTo(0);
    assertThat(text).contains("only in A: tiered", "only in B: time-window");
    assertThat(text).doesNotContain("tiered  A");
    List<String> lines = text.lines().toList();
    int fill = lines.indexOf("fillrandom  (main operation: write)");
    assertThat(fill).isPositive();
    assertThat(lines.get(fill + 1)).contains("config", "ops/s", "write p99 µs", "write-amp",
        "compactions").doesNotContain("probes/get");
    assertThat(lines.get(fill + 2)).startsWith("  leveled  A").contains("102 1.00×");
    // 202 / 102 = 1.98, and five clearly separated runs on each side.
    assertThat(lines.get(fill + 3)).startsWith("  leveled  B").contains("202 1.98× p=0.0")
        .contains("2.00 1.00× p=1.000");
    int read = lines.indexOf("readrandom  (main operation: write)");
    assertThat(lines.get(read + 3)).contains("1,000 1.00× p=1.000");
  }

  @Test
  void summaryTableOfAnExperimentShowsRatiosToTheBaseline() {
    StringWriter out = new StringWriter();
    SummaryTable.print(new PrintWriter(out, true), result(100, List.of("leveled", "tiered")));
    String text = out.toString();
    assertThat(text).contains("fillrandom  (main operation: write)");
    assertThat(text.lines().filter(l -> l.startsWith("  leveled")).findFirst().orElseThrow())
        .contains("102 1.00×").doesNotContain("p=");
    assertThat(text.lines().filter(l -> l.startsWith("  tiered")).findFirst().orElseThrow())
        .contains("102 1.00× p=1.000");
  }

  @Test
  void mainOperationIsTheTypeWithTheMostOperations() {
    ExperimentResult r = result(100, List.of("leveled"));
    assertThat(SummaryTable.mainOp(r.runs(), 0)).isEqualTo("write");
    assertThat(SummaryTable.mainOp(List.of(), 0)).isNull();
  }
}
