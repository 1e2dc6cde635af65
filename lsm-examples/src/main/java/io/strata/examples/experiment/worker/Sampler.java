package io.strata.examples.experiment.worker;

import io.strata.api.LevelStatistics;
import io.strata.api.Statistics;
import io.strata.examples.experiment.engine.EngineStore;
import io.strata.examples.experiment.model.Sample;
import io.strata.examples.experiment.workload.LiveKeys;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the tree every interval on its own daemon thread: one {@link Sample} from
 * {@link EngineStore#statistics()} and the run's {@link LiveKeys}, and one progress line on
 * standard output, {@code progress <phase> <opsDone> <plannedOps>}, which the experiment reads.
 * Keeps the peak disk bytes of the current phase. Started after the database opens, stopped
 * before it closes.
 */
final class Sampler implements AutoCloseable {
  /** The phase running now, and what the sampler needs of it; swapped at each phase start. */
  record Phase(String name, LatencyRecorder recorder, long plannedOps) {}

  private final EngineStore db;
  private final LiveKeys liveKeys;
  private final RunClock clock;
  private final long intervalMillis;
  private final PrintStream progress;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile Phase phase;
  private volatile boolean stopped;
  private long peakDiskBytes;
  private double peakSpaceAmp;

  Sampler(EngineStore db, LiveKeys liveKeys, RunClock clock, long intervalMillis,
      PrintStream progress) {
    this.db = db;
    this.liveKeys = liveKeys;
    this.clock = clock;
    this.intervalMillis = intervalMillis;
    this.progress = progress;
    this.thread = new Thread(this::loop, "experiment-sampler");
    thread.setDaemon(true);
  }

  void start(Phase first) {
    phase = first;
    thread.start();
  }

  /** Starts a new phase: its samples and its peak begin now. */
  synchronized void beginPhase(Phase next) {
    phase = next;
    peakDiskBytes = 0;
    peakSpaceAmp = 0;
    sampleNow();
  }

  /** Takes one sample now (at a phase's start and end too, so that short phases have some). */
  synchronized Sample sampleNow() {
    Phase p = phase;
    Statistics s = db.statistics();
    List<Long> bytes = new ArrayList<>();
    List<Integer> files = new ArrayList<>();
    for (LevelStatistics l : s.levels()) {
      bytes.add(l.bytes());
      files.add(l.files());
    }
    long live = liveKeys.liveBytes();
    Sample sample = new Sample(clock.seconds(), p.name(), p.recorder().operationsDone(), bytes,
        files, s.liveLogBytes(), s.memtableBytes(), s.pendingCompactionBytes(),
        s.writeStallCondition().name(), s.stallMicrosTotal(), s.runningCompactions(), live);
    samples.add(sample);
    long disk = sample.diskBytes();
    peakDiskBytes = Math.max(peakDiskBytes, disk);
    if (live > 0) {
      peakSpaceAmp = Math.max(peakSpaceAmp, (double) disk / live);
    }
    return sample;
  }

  /** The highest disk bytes sampled in the current phase. */
  synchronized long peakDiskBytes() {
    return peakDiskBytes;
  }

  /** The highest disk bytes / live logical bytes sampled in the current phase; 0 if none. */
  synchronized double peakSpaceAmp() {
    return peakSpaceAmp;
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  private void loop() {
    while (!stopped) {
      try {
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        return;
      }
      if (stopped) {
        return;
      }
      Phase p = phase;
      try {
        sampleNow();
      } catch (IllegalStateException closed) {
        return; // the database closed under a failing run
      }
      progress.println("progress " + p.name() + " " + p.recorder().operationsDone() + " "
          + p.plannedOps());
      progress.flush();
    }
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
