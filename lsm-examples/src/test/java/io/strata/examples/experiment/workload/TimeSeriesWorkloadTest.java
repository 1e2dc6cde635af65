package io.strata.examples.experiment.workload;

import static io.strata.examples.experiment.workload.WorkloadTesting.assertLiveKeysMatch;
import static io.strata.examples.experiment.workload.WorkloadTesting.context;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.core.Strata;
import io.strata.examples.experiment.engine.StrataStore;
import io.strata.examples.experiment.workload.WorkloadTesting.CountingRecorder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSeriesWorkloadTest {
  private static final int NUM = 2400; // 100 points per window

  @TempDir Path dir;

  @Test
  void appendsReadsAndExpiresWindowsUnderTimeWindowCompaction() throws Exception {
    CountingRecorder recorder = new CountingRecorder();
    LiveKeys live = new LiveKeys();
    Options options = Options.builder().writeBufferSizeBytes(64 << 10)
        .compactionStrategy("time-window").build();
    try (Db db = Strata.open(dir, options)) {
      Workload w = Workloads.create("timeseries");
      PhaseContext context = context(NUM, 7, recorder, live);
      w.run(StrataStore.of(db), context);
      assertThat(recorder.count("insert")).isEqualTo(NUM);
      assertThat(recorder.count("delete")).isEqualTo(18 * 100);
      assertThat(recorder.count("read")).isBetween(450L, 750L);
      assertThat(recorder.count("scan")).isBetween(20L, 80L);
      assertThat(recorder.counts.keySet()).containsOnly("insert", "delete", "read", "scan");
      assertThat((double) w.plannedOperations(context))
          .isCloseTo(recorder.operationsDone(), org.assertj.core.data.Percentage.withPercentage(5));
      assertThat(live.liveKeys()).isEqualTo(600);
      assertLiveKeysMatch(db, live);
      // The live points are the last six hours, in time order, point numbers 1800..2399.
      List<Long> points = new ArrayList<>();
      long previous = Long.MIN_VALUE;
      try (DbIterator it = db.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          ByteBuffer key = ByteBuffer.wrap(it.key());
          long t = key.getLong();
          assertThat(t).isGreaterThanOrEqualTo(previous);
          previous = t;
          points.add(key.getLong());
          assertThat((t - TimeSeriesWorkload.EPOCH_MILLIS) / TimeSeriesWorkload.WINDOW_MILLIS)
              .isBetween(18L, 23L);
        }
      }
      assertThat(points).first().isEqualTo(1800L);
      assertThat(points).last().isEqualTo(2399L);
    }
  }

  @Test
  void keysStartWithTheTimestampAndTheSameSeedRunsTheSameOperations() throws Exception {
    byte[] key = TimeSeriesWorkload.key(250, 100);
    ByteBuffer b = ByteBuffer.wrap(key);
    assertThat(b.getLong()).isEqualTo(TimeSeriesWorkload.EPOCH_MILLIS + 2 * 3_600_000L
        + 50 * 36_000L);
    assertThat(b.getLong()).isEqualTo(250);
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    List<List<String>> logs = List.of(first, second);
    for (int run = 0; run < logs.size(); run++) {
      try (Db db = WorkloadTesting.open(dir.resolve("db" + run))) {
        Workloads.create("timeseries").run(
            StrataStore.of(WorkloadTesting.logging(db, logs.get(run))),
            context(NUM, 11, new CountingRecorder(), new LiveKeys()));
      }
    }
    assertThat(first).isNotEmpty().isEqualTo(second);
    assertThat(Arrays.equals(TimeSeriesWorkload.key(0, 1), TimeSeriesWorkload.key(0, 2)))
        .isTrue();
  }
}
