package io.strata.examples.experiment.worker;

import io.strata.api.CompactionInfo;
import io.strata.api.EventListener;
import io.strata.examples.experiment.model.CompactionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns every completed compaction the database reports into a {@link CompactionRecord}, stamped
 * with the run's clock and the phase running at that moment. Thread-safe: the engine calls it on
 * its compaction thread, the worker reads it on its own.
 */
final class CompactionLog implements EventListener {
  private final RunClock clock;
  private final Supplier<String> phase;
  private final List<CompactionRecord> records = new ArrayList<>();

  CompactionLog(RunClock clock, Supplier<String> phase) {
    this.clock = clock;
    this.phase = phase;
  }

  @Override
  public void onCompactionCompleted(CompactionInfo info) {
    List<Integer> levels = info.inputs().stream().map(CompactionInfo.LevelInput::level)
        .distinct().toList();
    CompactionRecord r = new CompactionRecord(clock.seconds(), phase.get(), info.strategy(),
        info.reason(), info.trivialMove(), info.manual(), levels, info.inputFiles(),
        info.inputBytes(), info.outputLevel(), info.outputFiles(), info.outputBytes(),
        info.entriesIn(), info.entriesDropped(), info.tombstonesDropped(),
        info.durationMicros() / 1e3);
    synchronized (records) {
      records.add(r);
    }
  }

  /** The compactions recorded so far, in completion order. */
  List<CompactionRecord> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  /** The compactions that completed during {@code phaseName}. */
  List<CompactionRecord> recordsOf(String phaseName) {
    return records().stream().filter(r -> r.phase().equals(phaseName)).toList();
  }
}
