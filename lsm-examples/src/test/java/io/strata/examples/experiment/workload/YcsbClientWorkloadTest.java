package io.strata.examples.experiment.workload;

import static io.strata.examples.experiment.workload.WorkloadTesting.context;
import static io.strata.examples.experiment.workload.WorkloadTesting.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.examples.experiment.engine.EngineStore;
import io.strata.examples.experiment.engine.StrataStore;
import io.strata.examples.experiment.workload.WorkloadTesting.CountingRecorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YcsbClientWorkloadTest {
  private static final int NUM = 300;

  @TempDir Path dir;

  private static Map<String, Long> run(EngineStore store, String name, LiveKeys live)
      throws IOException {
    CountingRecorder recorder = new CountingRecorder();
    Workloads.create(name).run(store, context(NUM, 1, recorder, live));
    return recorder.counts;
  }

  @Test
  void yscbsOwnClientLoadsAndRunsWorkloadsAtoFThroughTheBinding() throws IOException {
    LiveKeys live = new LiveKeys();
    try (Db db = open(dir)) {
      EngineStore store = StrataStore.of(db);
      assertThat(run(store, "ycsb-client-load", live)).isEqualTo(Map.of("insert", (long) NUM));
      // YCSB's records: 10 fields of 100 bytes, keys "user" and a hash of the record number.
      assertThat(live.liveKeys()).isEqualTo(NUM);
      assertThat(live.liveBytes()).isGreaterThan(NUM * 1000L);
      try (DbIterator it = db.newIterator()) {
        int n = 0;
        for (it.seekToFirst(); it.isValid(); it.next()) {
          assertThat(new String(it.key(), StandardCharsets.UTF_8)).startsWith("usertable\0user");
          n++;
        }
        assertThat(n).isEqualTo(NUM);
      }
      assertThat(run(store, "ycsb-client-a", live).keySet()).isEqualTo(Set.of("read", "update"));
      assertThat(run(store, "ycsb-client-b", live)).containsKey("read");
      assertThat(run(store, "ycsb-client-c", live).keySet()).isEqualTo(Set.of("read"));
      Map<String, Long> d = run(store, "ycsb-client-d", live);
      assertThat(d.keySet()).isEqualTo(Set.of("read", "insert"));
      assertThat(live.liveKeys()).isEqualTo(NUM + d.get("insert"));
      assertThat(run(store, "ycsb-client-e", live).keySet()).contains("scan");
      // A read-modify-write records its read and its update, as YCSB's DBWrapper.
      Map<String, Long> f = run(store, "ycsb-client-f", live);
      assertThat(f.keySet()).isEqualTo(Set.of("read", "update"));
      assertThat(f.get("read")).isGreaterThanOrEqualTo(NUM);
    }
  }

  @Test
  void clientPhasesNeedTheClientLoadBeforeThemAndAreListed() {
    assertThat(Workloads.names()).contains("ycsb-client-load", "ycsb-client-a",
        "ycsb-client-f");
    assertThatThrownBy(() -> Workloads.validate(List.of("ycsb-client-a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ycsb-client-a needs a loaded database");
    Workloads.validate(List.of("ycsb-client-load", "ycsb-client-a", "ycsb-client-e"));
    assertThatThrownBy(() -> Workloads.validate(List.of("fillrandom", "ycsb-client-load")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run them in an experiment of their own");
  }

  @Test
  void aFailingBindingCallEndsThePhaseWithItsCause() throws IOException {
    Db db = open(dir);
    EngineStore store = StrataStore.of(db);
    db.close();
    assertThatThrownBy(() -> run(store, "ycsb-client-load", new LiveKeys()))
        .isInstanceOf(IOException.class).hasMessageContaining("YCSB insert failed");
  }
}
