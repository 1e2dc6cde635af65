package io.strata.examples.experiment.workload;

import io.strata.examples.experiment.engine.EngineStore;
import java.io.IOException;

/**
 * One phase of an experiment: a sequence of operations run against a database, the same
 * sequence for every configuration given the same {@link PhaseContext#seed()}. Phases of one run
 * share the database and the {@link LiveKeys}.
 *
 * <p>Implementations are confined to the worker's one workload thread.
 */
public interface Workload {
  /** The name given to {@code --workloads}, e.g. {@code fillrandom} or {@code ycsb-a}. */
  String name();

  /** The operations this phase will run, for progress and ETA (an estimate is allowed). */
  long plannedOperations(PhaseContext context);

  /**
   * Runs the phase, timing each operation through {@link PhaseContext#recorder()} and keeping
   * {@link PhaseContext#liveKeys()} true to what the database holds. Returns early, without
   * error, once {@link PhaseContext#stopRequested()} is true.
   *
   * @throws IOException the database failed
   */
  void run(EngineStore db, PhaseContext context) throws IOException;
}
