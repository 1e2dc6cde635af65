package io.strata.testkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link TtlModelCheck} under the built-in strategies. */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TtlModelCheckTest {
  @TempDir Path dir;

  private static byte[] key(Random rnd) {
    return String.format("k%04d", rnd.nextInt(1000)).getBytes();
  }

  @Test
  void matchesModelUnderLeveled() throws Exception {
    TtlModelCheck.run(dir, "leveled", Map.of("max_bytes_for_level_base",
        Integer.toString(256 << 10), "target_file_size_base", Integer.toString(64 << 10)),
        TtlModelCheckTest::key, true);
  }

  @Test
  void matchesModelUnderTiered() throws Exception {
    TtlModelCheck.run(dir, "tiered", Map.of("min_sstable_size", Integer.toString(1 << 20)),
        TtlModelCheckTest::key, true);
  }
}
