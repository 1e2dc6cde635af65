package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MANIFEST rotation on one background thread (new MANIFEST, then {@code NNNNNN.dbtmp} renamed to
 * CURRENT) while the other background thread removes obsolete files: the temporary file of
 * CURRENT is not obsolete, and the rename must find it. Flushes and compactions run side by side
 * here, with a MANIFEST that rotates every few edits.
 */
class ManifestRotationRaceTest {
  @TempDir Path dir;

  @Test
  void obsoleteFileRemovalLeavesTheTemporaryFileOfARotationAlone() throws IOException {
    byte[] value = new byte[500];
    try (Db db = Strata.open(dir, PowerLossScenario.options(new NoFsyncFileSystem()))) {
      for (int i = 0; i < 1200; i++) {
        db.put(PowerLossScenario.key(i % 700), value);
      }
      assertThat(db.get(PowerLossScenario.key(699))).isEqualTo(value);
    }
  }
}
