package io.strata.examples.experiment.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.strata.examples.experiment.model.LatencySummary;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
  @Test
  void operationsTimedTogetherAreEachRecordedAsTheirMean() {
    LatencyRecorder recorder = new LatencyRecorder();
    recorder.record("scan", 100_000, 100); // 100 steps of 1 µs each
    recorder.record("scan", 3_000); // one of 3 µs
    recorder.record("read", 2_000);

    assertThat(recorder.operationsDone()).isEqualTo(102);
    LatencySummary scan = recorder.summaries().get("scan");
    assertThat(scan.count()).isEqualTo(101);
    assertThat(scan.p50Micros()).isCloseTo(1.0, within(0.001));
    assertThat(scan.p99Micros()).isCloseTo(1.0, within(0.001));
    assertThat(scan.maxMicros()).isCloseTo(3.0, within(0.003));
    assertThat(scan.meanMicros()).isCloseTo((100 * 1.0 + 3.0) / 101, within(0.001));
    assertThat(recorder.summaries().get("read").count()).isEqualTo(1);
  }

  @Test
  void aCountBelowOneIsRefused() {
    LatencyRecorder recorder = new LatencyRecorder();
    assertThatThrownBy(() -> recorder.record("scan", 100, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count must be positive, was 0");
    assertThat(recorder.operationsDone()).isZero();
  }
}
