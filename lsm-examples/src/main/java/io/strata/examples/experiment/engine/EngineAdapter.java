package io.strata.examples.experiment.engine;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A key-value engine that {@code strata experiment} can run its workloads on beside Strata's
 * compaction strategies: a peer such as RocksDB or LevelDB, named in {@code --configs} by
 * {@link #name()}. Found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/io.strata.examples.experiment.engine.EngineAdapter}), so that a peer's
 * library is needed only where its adapter is on the class path (the {@code lsm-bench} module),
 * not in the {@code strata} jar. Implementations are stateless and thread-safe.
 */
public interface EngineAdapter {
  /**
   * The adapter's name in {@code --configs}, short and lower-case, e.g. {@code rocksdb}.
   *
   * @return the name
   */
  String name();

  /**
   * The engine's compaction style, shown where a Strata configuration shows its strategy, e.g.
   * {@code leveled}.
   *
   * @return the style
   */
  String compactionStyle();

  /**
   * Opens a new database of this engine in {@code dir} with {@code settings}, each mapped to the
   * engine's nearest option (the adapter's class comment says how, and which it lacks).
   *
   * @param dir the database directory, created if missing, expected empty
   * @param settings the settings every engine of the experiment shares
   * @return the open store; the caller closes it
   * @throws IOException when the engine cannot open the database
   */
  EngineStore open(Path dir, EngineSettings settings) throws IOException;
}
