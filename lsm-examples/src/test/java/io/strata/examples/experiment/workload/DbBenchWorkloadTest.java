package io.strata.examples.experiment.workload;

import static io.strata.examples.experiment.workload.WorkloadTesting.assertLiveKeysMatch;
import static io.strata.examples.experiment.workload.WorkloadTesting.context;
import static io.strata.examples.experiment.workload.WorkloadTesting.open;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.examples.cli.BenchKeys;
import io.strata.examples.cli.BenchRandom;
import io.strata.examples.experiment.engine.StrataStore;
import io.strata.examples.experiment.workload.WorkloadTesting.CountingRecorder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbBenchWorkloadTest {
  private static final int NUM = 2000;

  @TempDir Path dir;

  /** Runs {@code name} on {@code db}, returning the operations recorded by type. */
  private static Map<String, Long> run(Db db, String name, long seed, LiveKeys live)
      throws Exception {
    CountingRecorder recorder = new CountingRecorder();
    Workloads.create(name).run(StrataStore.of(db), context(NUM, seed, recorder, live));
    return recorder.counts;
  }

  @Test
  void everyPhaseRecordsItsOperationsAndKeepsTheLiveKeysTrue() throws Exception {
    LiveKeys live = new LiveKeys();
    try (Db db = open(dir)) {
      assertThat(run(db, "fillseq", 1, live)).isEqualTo(Map.of("write", (long) NUM));
      assertThat(live.liveKeys()).isEqualTo(NUM);
      assertLiveKeysMatch(db, live);
      assertThat(run(db, "deleterandom", 2, live)).isEqualTo(Map.of("delete", (long) NUM));
      assertThat(live.liveKeys()).isLessThan(NUM).isGreaterThan(0);
      assertLiveKeysMatch(db, live);
      assertThat(run(db, "fillrandom", 3, live)).isEqualTo(Map.of("write", (long) NUM));
      assertThat(run(db, "overwrite", 4, live)).isEqualTo(Map.of("write", (long) NUM));
      assertLiveKeysMatch(db, live);
      for (String read : List.of("readrandom", "readmissing", "readhot")) {
        assertThat(run(db, read, 5, live)).as(read).isEqualTo(Map.of("read", (long) NUM));
      }
      long present = live.liveKeys();
      assertThat(Workloads.create("readseq").plannedOperations(context(NUM, 6,
          new CountingRecorder(), live))).isEqualTo(present);
      assertThat(run(db, "readseq", 6, live)).isEqualTo(Map.of("scan", present));
      assertThat(run(db, "readreverse", 6, live)).isEqualTo(Map.of("scan", present));
      assertThat(run(db, "seekrandom", 7, live)).isEqualTo(Map.of("seek", (long) NUM));
      assertLiveKeysMatch(db, live);
      assertThat(run(db, "deleteseq", 8, live)).isEqualTo(Map.of("delete", (long) NUM));
      assertThat(live.liveKeys()).isZero();
      assertLiveKeysMatch(db, live);
    }
  }

  @Test
  void scanStepsAreTimedAHundredAtATimeAndOtherOperationsAlone() throws Exception {
    LiveKeys live = new LiveKeys();
    try (Db db = open(dir)) {
      CountingRecorder fill = new CountingRecorder();
      Workloads.create("fillseq").run(StrataStore.of(db), context(250, 1, fill, live));
      assertThat(fill.timedTogether).hasSize(250).containsOnly(1);
      for (String scan : List.of("readseq", "readreverse")) {
        CountingRecorder recorder = new CountingRecorder();
        Workloads.create(scan).run(StrataStore.of(db), context(250, 2, recorder, live));
        assertThat(recorder.counts).as(scan).isEqualTo(Map.of("scan", 250L));
        assertThat(recorder.timedTogether).as(scan).containsExactly(100, 100, 50);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameKeysAsBench() throws Exception {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    List<String> other = new ArrayList<>();
    try (Db db = open(dir.resolve("a"))) {
      run(WorkloadTesting.logging(db, first), "fillrandom", 301, new LiveKeys());
      run(WorkloadTesting.logging(db, first), "readrandom", 302, new LiveKeys());
    }
    try (Db db = open(dir.resolve("b"))) {
      run(WorkloadTesting.logging(db, second), "fillrandom", 301, new LiveKeys());
      run(WorkloadTesting.logging(db, second), "readrandom", 302, new LiveKeys());
    }
    try (Db db = open(dir.resolve("c"))) {
      run(WorkloadTesting.logging(db, other), "fillrandom", 303, new LiveKeys());
    }
    assertThat(first).hasSize(2 * NUM).isEqualTo(second);
    assertThat(other.subList(0, NUM)).isNotEqualTo(first.subList(0, NUM));
    BenchRandom bench = new BenchRandom(301);
    for (int i = 0; i < NUM; i++) {
      assertThat(first.get(i)).isEqualTo("put " + String.format("%016d", bench.uniform(NUM)));
    }
  }

  @Test
  void readmissingAsksForKeysThatAreNeverPresent() throws Exception {
    List<String> log = new ArrayList<>();
    try (Db db = open(dir)) {
      run(db, "fillseq", 1, new LiveKeys());
      run(WorkloadTesting.logging(db, log), "readmissing", 2, new LiveKeys());
      assertThat(log).hasSize(NUM).allSatisfy(entry -> {
        byte[] key = entry.substring("get ".length()).getBytes(US_ASCII);
        assertThat(key).hasSize(BenchKeys.KEY_BYTES - 1);
        assertThat(db.get(key)).isNull();
      });
    }
  }

  @Test
  void aStopEndsThePhaseEarly() throws Exception {
    CountingRecorder recorder = new CountingRecorder();
    try (Db db = open(dir)) {
      Workloads.create("fillseq").run(StrataStore.of(db), new PhaseContext(NUM, 100, 1, recorder,
          new LiveKeys(), () -> recorder.operationsDone() >= 10));
    }
    assertThat(recorder.operationsDone()).isEqualTo(10);
  }
}
