package io.strata.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.examples.cli.ProgressMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ExperimentProgressTest {
  private long now;
  private final StringWriter err = new StringWriter();

  private ExperimentProgress progress(ProgressMode mode) {
    return new ExperimentProgress(new PrintWriter(err, true), mode, () -> now);
  }

  @Test
  void barShowsConfigurationRepetitionPhaseRateAndEta() {
    ExperimentProgress p = progress(ProgressMode.BAR);
    p.runStarted("leveled", 0, 3, 0, 6);
    p.workerLine("progress fillrandom 0 1000");
    now += 1_000_000_000L;
    p.workerLine("progress fillrandom 250 1000");
    assertThat(err.toString()).endsWith(
        "\r[######..................]  25%  leveled r1/3 fillrandom  250 ops/s  ETA 0:03   ");
    p.workerLine("phase fillrandom done");
    assertThat(err.toString()).contains("100%").endsWith("   \n");
  }

  @Test
  void barIsRedrawnAtMostFiveTimesASecond() {
    ExperimentProgress p = progress(ProgressMode.BAR);
    p.runStarted("tiered", 1, 3, 4, 6);
    p.workerLine("progress fillrandom 0 1000");
    int length = err.toString().length();
    now += 100_000_000L;
    p.workerLine("progress fillrandom 10 1000");
    assertThat(err.toString()).hasSize(length);
  }

  @Test
  void linesModeParsesPhaseNamesWithSpacesAndIgnoresOtherLines() {
    ExperimentProgress p = progress(ProgressMode.LINES);
    p.runStarted("leveled", 0, 1, 0, 1);
    p.workerLine("some log line");
    p.workerLine("progress ycsb:/tmp/my workload 600 1000");
    p.workerLine("progress bad x y");
    p.workerLine("phase ycsb:/tmp/my workload done");
    assertThat(err.toString()).contains(
        "experiment: leveled r1/1 ycsb:/tmp/my workload: 60% (600 of 1,000 ops",
        "experiment: leveled r1/1 ycsb:/tmp/my workload done in ").doesNotContain("some log");
  }

  @Test
  void noneSaysNothing() {
    ExperimentProgress p = progress(ProgressMode.NONE);
    p.runStarted("leveled", 0, 1, 0, 1);
    p.workerLine("progress fillrandom 600 1000");
    p.workerLine("phase fillrandom done");
    assertThat(err.toString()).isEmpty();
  }
}
