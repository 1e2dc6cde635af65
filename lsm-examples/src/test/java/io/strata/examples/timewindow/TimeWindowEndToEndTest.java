package io.strata.examples.timewindow;

import static io.strata.examples.timewindow.TimeSeriesKeys.EPOCH_MILLIS;
import static io.strata.examples.timewindow.TimeSeriesKeys.HOUR_MILLIS;
import static io.strata.examples.timewindow.TimeSeriesKeys.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Bytes;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import io.strata.core.Strata;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code time-window} strategy through the engine, found by name: hours of time-series
 * writes, points arriving up to five minutes late within their hour. Level-1 files never span an
 * hour, the files of finished hours are never rewritten by later writes, and every point stays
 * readable. The seed is printed; replay with {@code -Dstrata.seed=N}.
 */
class TimeWindowEndToEndTest {
  private static final int SERIES = 20;
  private static final long STEP_MILLIS = 10_000;
  private static final long MAX_LATENESS_MILLIS = 5 * 60_000;
  private static final Pattern TABLE =
      Pattern.compile("^ (\\d+):\\d+\\['(.*)' @ \\d+ : \\w+ \\.\\. '(.*)' @ \\d+ : \\w+\\]( .*)?$");

  @TempDir Path dir;

  @Test
  void sealedWindowsAreNeverRewrittenAndEveryPointIsReadable() throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    System.out.println("TimeWindowEndToEndTest seed=" + seed);
    Random random = new Random(seed);
    Options options = Options.builder()
        .writeBufferSizeBytes(64 << 10)
        .compactionStrategy("time-window")
        .strategyOption("window_seconds", "3600")
        .strategyOption("target_file_size", Integer.toString(256 << 10))
        .build();
    TimeWindows hours = new TimeWindows(HOUR_MILLIS);
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    try (Db db = Strata.open(dir, options)) {
      write(db, model, random, 0, 3);
      db.compactRange(null, null); // flushes, and merges level 0 into level 1
      Map<Long, long[]> sealed = level1(db, hours);
      assertThat(sealed).isNotEmpty();
      write(db, model, random, 3, 6);
      db.compactRange(null, null);
      Map<Long, long[]> after = level1(db, hours);
      assertThat(after.keySet()).as("seed %s: files of hours 0-2 after writing hours 3-5", seed)
          .containsAll(sealed.keySet());
      assertThat(after.size()).isGreaterThan(sealed.size());
      for (Map.Entry<Long, long[]> f : after.entrySet()) {
        assertThat(f.getValue()[0]).as("seed %s: file %s spans windows", seed, f.getKey())
            .isEqualTo(f.getValue()[1]);
      }
      assertThat(db.getProperty("strata.num-files-at-level0")).contains("0");
      assertThat(db.getProperty("strata.num-files-at-level2")).contains("0");
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        assertThat(db.get(e.getKey())).as("seed %s: key %s", seed, Bytes.copyOf(e.getKey()))
            .isEqualTo(e.getValue());
      }
    }
  }

  /** Points of every series from hour {@code fromHour} to {@code toHour}, some of them late. */
  private static void write(Db db, TreeMap<byte[], byte[]> model, Random random, int fromHour,
      int toHour) throws Exception {
    for (long t = EPOCH_MILLIS + fromHour * HOUR_MILLIS; t < EPOCH_MILLIS + toHour * HOUR_MILLIS;
        t += STEP_MILLIS) {
      long hourStart = t - Math.floorMod(t - EPOCH_MILLIS, HOUR_MILLIS);
      WriteBatch batch = new WriteBatch();
      for (int series = 0; series < SERIES; series++) {
        long late = random.nextInt(10) == 0 ? random.nextInt((int) MAX_LATENESS_MILLIS) : 0;
        byte[] k = key(Math.max(hourStart, t - late), series);
        byte[] v = new byte[16 + random.nextInt(32)];
        random.nextBytes(v);
        batch.put(k, v);
        model.put(k, v);
      }
      db.write(batch);
    }
  }

  /** The level-1 files: number to the windows of its smallest and largest keys. */
  private static Map<Long, long[]> level1(Db db, TimeWindows windows) {
    String text = db.getProperty("strata.sstables").orElseThrow();
    String level1 = text.substring(text.indexOf("--- level 1 ---"), text.indexOf("--- level 2"));
    Map<Long, long[]> files = new HashMap<>();
    for (String line : level1.split("\n")) {
      Matcher m = TABLE.matcher(line);
      if (m.matches()) {
        files.put(Long.parseLong(m.group(1)), new long[] {windows.window(unescape(m.group(2))),
            windows.window(unescape(m.group(3)))});
      }
    }
    return files;
  }

  /** The bytes of {@code Bytes.toString}: printable ASCII, else {@code \xNN}. */
  private static byte[] unescape(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
        i += 3;
      } else {
        out.write(s.charAt(i));
      }
    }
    return out.toByteArray();
  }
}
