package io.strata.examples.experiment.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadsTest {
  @TempDir Path dir;

  @Test
  void everyNameCreatesAWorkloadOfThatName() {
    assertThat(Workloads.names()).containsExactly("fillseq", "fillrandom", "overwrite",
        "readrandom", "readseq", "readreverse", "seekrandom", "deleterandom", "deleteseq",
        "readmissing", "readhot", "ycsb-load", "ycsb-a", "ycsb-b", "ycsb-c", "ycsb-d", "ycsb-e",
        "ycsb-f", "ycsb-client-load", "ycsb-client-a", "ycsb-client-b", "ycsb-client-c",
        "ycsb-client-d", "ycsb-client-e", "ycsb-client-f", "timeseries");
    for (String name : Workloads.names()) {
      assertThat(Workloads.create(name).name()).isEqualTo(name);
    }
  }

  @Test
  void anUnknownNameIsNamedWithTheValidOnes() {
    assertThatThrownBy(() -> Workloads.validate(List.of("fillseq", "ycsb-g")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown workload 'ycsb-g': expected one of fillseq, fillrandom,")
        .hasMessageContaining("ycsb-client-f, timeseries, or ycsb:PATH");
  }

  @Test
  void aReadPhaseNeedsALoadBeforeIt() {
    assertThatThrownBy(() -> Workloads.validate(List.of("ycsb-a", "ycsb-load")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workload ycsb-a needs a loaded database: put fillrandom, fillseq or"
            + " ycsb-load before it");
    assertThatThrownBy(() -> Workloads.validate(List.of("readrandom")))
        .hasMessage("workload readrandom needs a loaded database: put fillrandom, fillseq or"
            + " ycsb-load before it");
    Workloads.validate(List.of("fillrandom", "readrandom", "ycsb-a", "deleteseq"));
    Workloads.validate(List.of("ycsb-load", "ycsb-a", "ycsb-b", "ycsb-c", "ycsb-d", "ycsb-e",
        "ycsb-f", "readseq"));
    Workloads.validate(List.of("overwrite", "seekrandom"));
    Workloads.validate(List.of("timeseries", "timeseries"));
  }

  @Test
  void timeseriesRunsAlone() {
    assertThatThrownBy(() -> Workloads.validate(List.of("fillseq", "timeseries")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workload timeseries writes time-series keys that the other workloads do"
            + " not use: run it in an experiment of its own, not with fillseq, timeseries");
  }

  @Test
  void aUsersFileMustExistAndParse() throws Exception {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> Workloads.validate(List.of("fillseq", "ycsb:" + missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("YCSB workload file " + missing + " does not exist");
    Path bad = dir.resolve("bad");
    Files.writeString(bad, "readproportion=lots\n");
    assertThatThrownBy(() -> Workloads.validate(List.of("fillseq", "ycsb:" + bad)))
        .hasMessage("YCSB workload file " + bad + ": readproportion=lots: not a number");
    Files.writeString(bad, "requestdistribution=gaussian\n");
    assertThatThrownBy(() -> Workloads.validate(List.of("fillseq", "ycsb:" + bad)))
        .hasMessageContaining("requestdistribution=gaussian: expected uniform, zipfian, latest,");
    Path good = dir.resolve("good");
    Files.writeString(good, "readproportion=1\nupdateproportion=0\n");
    assertThatThrownBy(() -> Workloads.validate(List.of("ycsb:" + good)))
        .hasMessage("workload ycsb:" + good + " needs a loaded database: put fillrandom,"
            + " fillseq or ycsb-load before it");
    Workloads.validate(List.of("fillseq", "ycsb:" + good));
    Path inserts = dir.resolve("inserts");
    Files.writeString(inserts, "readproportion=0\nupdateproportion=0\ninsertproportion=1\n");
    Workloads.validate(List.of("ycsb:" + inserts));
    assertThatThrownBy(() -> Workloads.create("ycsb:"))
        .hasMessageStartingWith("workload ycsb: names no file");
  }
}
