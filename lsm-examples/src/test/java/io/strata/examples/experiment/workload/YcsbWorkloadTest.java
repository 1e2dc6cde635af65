package io.strata.examples.experiment.workload;

import static io.strata.examples.experiment.workload.WorkloadTesting.assertLiveKeysMatch;
import static io.strata.examples.experiment.workload.WorkloadTesting.context;
import static io.strata.examples.experiment.workload.WorkloadTesting.open;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.examples.cli.BenchKeys;
import io.strata.examples.experiment.engine.StrataStore;
import io.strata.examples.experiment.workload.WorkloadTesting.CountingRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YcsbWorkloadTest {
  private static final int NUM = 500;

  @TempDir Path dir;

  private static Map<String, Long> run(Db db, String name, LiveKeys live) throws Exception {
    CountingRecorder recorder = new CountingRecorder();
    Workload w = Workloads.create(name);
    PhaseContext context = context(NUM, 1, recorder, live);
    long planned = w.plannedOperations(context);
    w.run(StrataStore.of(db), context);
    assertThat(recorder.operationsDone()).as(name).isEqualTo(planned);
    return recorder.counts;
  }

  @Test
  void loadThenWorkloadsAtoF() throws Exception {
    LiveKeys live = new LiveKeys();
    try (Db db = open(dir)) {
      assertThat(run(db, "ycsb-load", live)).isEqualTo(Map.of("insert", (long) NUM));
      assertThat(live.liveKeys()).isEqualTo(NUM);
      assertThat(live.liveBytes()).isEqualTo(NUM * (16L + 1000));
      for (int i = 0; i < NUM; i++) {
        assertThat(db.get(BenchKeys.key(i))).hasSize(1000);
      }
      assertLiveKeysMatch(db, live);

      assertThat(run(db, "ycsb-a", live).keySet()).isEqualTo(Set.of("read", "update"));
      assertThat(run(db, "ycsb-b", live).keySet()).isEqualTo(Set.of("read", "update"));
      assertThat(run(db, "ycsb-c", live).keySet()).isEqualTo(Set.of("read"));
      assertThat(live.liveKeys()).isEqualTo(NUM);
      Map<String, Long> d = run(db, "ycsb-d", live);
      assertThat(d.keySet()).isEqualTo(Set.of("read", "insert"));
      assertThat(live.liveKeys()).isEqualTo(NUM + d.get("insert"));
      assertThat(YcsbWorkload.recordsPresent(StrataStore.of(db)))
          .isEqualTo(NUM + d.get("insert"));
      assertLiveKeysMatch(db, live);
      Map<String, Long> e = run(db, "ycsb-e", live);
      assertThat(e.keySet()).isEqualTo(Set.of("scan", "insert"));
      // ycsb-e's inserts continue past ycsb-d's.
      assertThat(live.liveKeys()).isEqualTo(NUM + d.get("insert") + e.get("insert"));
      assertThat(run(db, "ycsb-f", live).keySet()).isEqualTo(Set.of("read", "readmodifywrite"));
      assertLiveKeysMatch(db, live);
    }
  }

  @Test
  void aUsersFileRunsWithItsOwnCounts() throws Exception {
    Path file = dir.resolve("mine");
    Files.writeString(file, "recordcount=100\noperationcount=70\nreadproportion=0\n"
        + "updateproportion=0\nscanproportion=0.5\ninsertproportion=0.5\n"
        + "requestdistribution=uniform\nmaxscanlength=5\nfieldcount=2\nfieldlength=50\n");
    LiveKeys live = new LiveKeys();
    try (Db db = open(dir.resolve("db"))) {
      run(db, "ycsb-load", live);
      Map<String, Long> counts = run(db, "ycsb:" + file, live);
      assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(70);
      assertThat(counts.keySet()).isSubsetOf("scan", "insert");
      // Inserts number from the file's recordcount, 100, overwriting loaded records with
      // 100-byte ones.
      assertThat(db.get(BenchKeys.key(100))).hasSize(100);
      assertThat(live.liveKeys()).isEqualTo(NUM);
      assertLiveKeysMatch(db, live);
    }
  }

  @Test
  void theHashedLoadOrderIsAPermutation() {
    for (long n : new long[] {1, 2, 3, 10, 500, 1000, 1 << 20}) {
      long step = YcsbWorkload.scatterStep(n);
      BitSet seen = new BitSet();
      for (long i = 0; i < n; i++) {
        seen.set((int) Math.floorMod(i * step, n));
      }
      assertThat(seen.cardinality()).as("n=%s step=%s", n, step).isEqualTo((int) n);
    }
  }
}
