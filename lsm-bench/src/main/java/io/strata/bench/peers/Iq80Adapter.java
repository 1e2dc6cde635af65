package io.strata.bench.peers;

import io.strata.examples.experiment.engine.EngineAdapter;
import io.strata.examples.experiment.engine.EngineSettings;
import io.strata.examples.experiment.engine.EngineStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pure-Java LevelDB port ({@code org.iq80.leveldb:leveldb} 0.12) as a peer of {@code strata
 * experiment}, named {@code iq80}. The settings it has map to its options: write buffer
 * ({@code writeBufferSize}), block cache ({@code cacheSize}), block size, compression (none or
 * snappy; it has no zstd: asking for it fails the open) and open files. The rest it fixes in its
 * code, equal to LevelDB's and to Strata's {@code leveled} defaults, whatever the settings say:
 * 2 MiB tables, level 1 of 10 MiB and ×10 per level, level-0 triggers 4, 8 and 12 files. It has
 * no Bloom filter (the setting is ignored, and its options record {@code filter=none}), and its
 * iterators cannot move backwards, so {@code readreverse} runs no operation on it. Its options
 * are recorded as it runs them. Stateless and thread-safe.
 */
public final class Iq80Adapter implements EngineAdapter {
  /** The adapter's name in {@code --configs}. */
  public static final String NAME = "iq80";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String compactionStyle() {
    return "leveled";
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the settings ask for zstd compression, which iq80 lacks
   * @throws IOException when iq80 cannot open the database
   */
  @Override
  public EngineStore open(Path dir, EngineSettings settings) throws IOException {
    Files.createDirectories(dir);
    return Iq80Store.open(dir, settings);
  }
}
