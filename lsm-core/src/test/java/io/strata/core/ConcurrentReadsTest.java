package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many reader threads against one writer whose small write buffer keeps flushes and compactions
 * running, with manual range compactions besides: every value a get or a scan returns must be
 * one the writer wrote for that key, no older than the last write that returned before the read
 * began. Run with tables stored uncompressed (read as views of their memory mappings) and
 * compressed (read into the block cache).
 */
class ConcurrentReadsTest {
  private static final int KEYS = 3000;
  private static final int WRITES = 40_000;
  private static final int READERS = 4;

  @TempDir Path dir;

  private static byte[] key(int k) {
    return String.format("key%08d", k).getBytes(UTF_8);
  }

  /** Key {@code k}'s value at version {@code v}: the pair, then a pattern drawn from both. */
  private static byte[] value(int k, int v) {
    byte[] head = (k + ":" + v + ":").getBytes(UTF_8);
    byte[] out = Arrays.copyOf(head, head.length + 40 + (k + v) % 150);
    for (int i = head.length; i < out.length; i++) {
      out[i] = (byte) ('a' + (k * 31 + v * 17 + i) % 26);
    }
    return out;
  }

  /** The version {@code value} holds for key {@code k}; fails if it is not such a value. */
  private static int versionOf(int k, byte[] value) {
    String s = new String(value, UTF_8);
    int first = s.indexOf(':');
    int second = s.indexOf(':', first + 1);
    assertThat(first).as("value of key %s: %s", k, s).isPositive();
    assertThat(Integer.parseInt(s.substring(0, first))).as("key in the value").isEqualTo(k);
    int v = Integer.parseInt(s.substring(first + 1, second));
    assertThat(value).as("value of key %s at version %s", k, v).isEqualTo(value(k, v));
    return v;
  }

  @ParameterizedTest
  @EnumSource(value = CompressionType.class, names = {"NONE", "SNAPPY"})
  @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void readersSeeEveryWriteThroughFlushesAndCompactions(CompressionType compression)
      throws Exception {
    Options options = Options.builder()
        .writeBufferSizeBytes(64 << 10)
        .blockCacheSizeBytes(256 << 10)
        .compression(compression)
        .build();
    // written[k]: the last version whose put returned; 0 before the first.
    AtomicIntegerArray written = new AtomicIntegerArray(KEYS);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    LongAdder gets = new LongAdder();
    LongAdder scanned = new LongAdder();
    try (Db db = Strata.open(dir, options)) {
      for (int k = 0; k < KEYS; k++) {
        db.put(key(k), value(k, 0));
      }
      List<Thread> threads = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        long seed = 17 + r;
        threads.add(new Thread(() -> {
          SplittableRandom random = new SplittableRandom(seed);
          try {
            for (int round = 0; !done.get() || round < 200; round++) {
              if (round % 50 == 49) {
                scan(db, random.nextInt(KEYS), written, scanned);
                continue;
              }
              int k = random.nextInt(KEYS);
              int atLeast = written.get(k);
              byte[] v = db.get(key(k));
              assertThat(v).as("key %s", k).isNotNull();
              assertThat(versionOf(k, v)).as("version of key %s", k).isGreaterThanOrEqualTo(atLeast);
              gets.increment();
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }, "reader-" + r));
      }
      Thread writer = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(5);
        int[] versions = new int[KEYS];
        try {
          for (int i = 1; i <= WRITES && failure.get() == null; i++) {
            int k = random.nextInt(KEYS);
            int v = ++versions[k];
            db.put(key(k), value(k, v));
            written.set(k, v);
            if (i % 10_000 == 0) {
              int from = random.nextInt(KEYS - 500);
              db.compactRange(key(from), key(from + 500));
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          done.set(true);
        }
      }, "writer");
      threads.forEach(Thread::start);
      writer.start();
      writer.join();
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failure.get()).isNull();
      assertThat(gets.sum()).isPositive();
      assertThat(scanned.sum()).isPositive();
      // After the run, every key reads its last version.
      for (int k = 0; k < KEYS; k++) {
        assertThat(versionOf(k, db.get(key(k)))).isEqualTo(written.get(k));
      }
    }
  }

  /** Scans up to 200 keys from {@code from}, checking each value is one written for its key. */
  private static void scan(Db db, int from, AtomicIntegerArray written, LongAdder scanned)
      throws Exception {
    int[] atLeast = new int[KEYS];
    for (int k = from; k < Math.min(KEYS, from + 200); k++) {
      atLeast[k] = written.get(k);
    }
    try (DbIterator it = db.newIterator(ReadOptions.DEFAULT)) {
      int expected = from;
      for (it.seek(key(from)); it.isValid() && expected < from + 200 && expected < KEYS;
          it.next()) {
        assertThat(it.key()).isEqualTo(key(expected));
        assertThat(versionOf(expected, it.value())).isGreaterThanOrEqualTo(atLeast[expected]);
        expected++;
        scanned.increment();
      }
      assertThat(expected).isEqualTo(Math.min(KEYS, from + 200));
    }
  }
}
