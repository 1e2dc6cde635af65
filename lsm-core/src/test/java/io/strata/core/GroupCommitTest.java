package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.Snapshot;
import io.strata.api.Statistics;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer queue with many writers: single puts and deletes (the one-record path, written in
 * place when a writer is alone, copied into a group otherwise) mixed with multi-record batches,
 * synced and unsynced, logged and unlogged. Every record gets its own sequence number, the
 * statistics count every byte once, and the logged writes come back from the log after a
 * reopen.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
class GroupCommitTest {
  private static final int THREADS = 4;
  private static final int OPS = 600;

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String key(int thread, int i) {
    return String.format("t%d-%05d", thread, i);
  }

  /** The records and user bytes one thread writes; see {@link #writeAll}. */
  private record Written(long records, long userBytes) {}

  /**
   * Thread {@code t}'s writes: op {@code i} is a put of {@code key(t, i)}; every 5th a batch of
   * two puts ({@code key(t, i)} and its "-b" twin) and a delete of {@code key(t, i - 1)}; after
   * every 11th put, a delete of a key never written; every 7th synced; every 3rd unlogged when {@code unlogged} (never synced then).
   */
  private static Written writeAll(Db db, int t, boolean unlogged) throws Exception {
    long records = 0;
    long userBytes = 0;
    for (int i = 0; i < OPS; i++) {
      boolean skipLog = unlogged && i % 3 == 0;
      WriteOptions options = new WriteOptions(!skipLog && i % 7 == 0, skipLog);
      byte[] k = b(key(t, i));
      byte[] v = b("v" + i);
      if (i % 5 == 4) {
        byte[] twin = b(key(t, i) + "-b");
        byte[] gone = b(key(t, i - 1));
        db.write(options, new WriteBatch().put(k, v).put(twin, v).delete(gone));
        records += 3;
        userBytes += k.length + v.length + twin.length + v.length + gone.length;
      } else {
        db.put(options, k, v);
        records++;
        userBytes += k.length + v.length;
        if (i % 11 == 10) {
          byte[] never = b(key(t, i) + "-x"); // a delete of a key never written
          db.delete(options, never);
          records++;
          userBytes += never.length;
        }
      }
    }
    return new Written(records, userBytes);
  }

  /** Runs {@link #writeAll} on {@link #THREADS} threads started together; the sums. */
  private static Written writeConcurrently(Db db, boolean unlogged) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<Written>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          return writeAll(db, thread, unlogged);
        }));
      }
      long records = 0;
      long userBytes = 0;
      for (Future<Written> f : futures) {
        records += f.get().records();
        userBytes += f.get().userBytes();
      }
      return new Written(records, userBytes);
    } finally {
      pool.shutdown();
    }
  }

  private static void assertContents(Db db) throws Exception {
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < OPS; i++) {
        boolean deleted = i % 5 == 3 && i + 1 < OPS; // the batch of op i + 1 deletes it
        byte[] expected = deleted ? null : b("v" + i);
        assertThat(db.get(b(key(t, i)))).as(key(t, i)).isEqualTo(expected);
        if (i % 5 == 4) {
          assertThat(db.get(b(key(t, i) + "-b"))).as(key(t, i) + "-b").isEqualTo(b("v" + i));
        }
      }
    }
  }

  private static long lastSequence(Db db) throws Exception {
    try (Snapshot s = db.getSnapshot()) {
      return s.sequenceNumber();
    }
  }

  @Test
  void everyRecordOfManyWritersGetsOneSequenceAndSurvivesAReopen() throws Exception {
    Written written;
    try (Db db = Strata.open(dir, Options.builder().build())) {
      written = writeConcurrently(db, false);
      assertThat(lastSequence(db)).isEqualTo(written.records());
      Statistics s = db.statistics();
      assertThat(s.userBytesWritten()).isEqualTo(written.userBytes());
      assertContents(db);
    }
    try (Db db = Strata.open(dir, Options.builder().build())) {
      assertThat(lastSequence(db)).isEqualTo(written.records());
      assertContents(db);
      db.put(b("after"), b("reopen"));
      assertThat(lastSequence(db)).isEqualTo(written.records() + 1);
    }
  }

  @Test
  void loggedAndUnloggedWritersMixInTheQueue() throws Exception {
    try (Db db = Strata.open(dir, Options.builder().build())) {
      Written written = writeConcurrently(db, true);
      assertThat(lastSequence(db)).isEqualTo(written.records());
      assertThat(db.statistics().userBytesWritten()).isEqualTo(written.userBytes());
      assertContents(db);
    }
  }

  /**
   * Lone puts of shrinking and growing sizes, one past the 64 KiB the reused encoding array
   * takes: each log record is exactly its own put, as replay after a reopen shows.
   */
  @Test
  void lonePutsOfEverySizeReplayExactly() throws Exception {
    int[] sizes = {1000, 10, 0, 300, 70_000, 5, 65_000, 2};
    try (Db db = Strata.open(dir, Options.builder().build())) {
      for (int i = 0; i < sizes.length; i++) {
        db.put(b("k" + i), filled(sizes[i], i));
      }
      db.delete(b("k2"));
    }
    try (Db db = Strata.open(dir, Options.builder().build())) {
      assertThat(lastSequence(db)).isEqualTo(sizes.length + 1);
      for (int i = 0; i < sizes.length; i++) {
        assertThat(db.get(b("k" + i))).as("k%s", i)
            .isEqualTo(i == 2 ? null : filled(sizes[i], i));
      }
    }
  }

  private static byte[] filled(int length, int seed) {
    byte[] value = new byte[length];
    for (int j = 0; j < length; j++) {
      value[j] = (byte) (seed * 31 + j);
    }
    return value;
  }

  @Test
  void singleWritesAloneAdvanceTheSequenceByOne() throws Exception {
    try (Db db = Strata.open(dir, Options.builder().build())) {
      db.put(b("a"), b("1"));
      assertThat(lastSequence(db)).isEqualTo(1);
      db.delete(b("a"));
      assertThat(lastSequence(db)).isEqualTo(2);
      db.write(WriteOptions.DEFAULT, new WriteBatch());
      assertThat(lastSequence(db)).isEqualTo(2);
      db.write(WriteOptions.DEFAULT, new WriteBatch().put(b("b"), b("2")).put(b("c"), b("3")));
      assertThat(lastSequence(db)).isEqualTo(4);
      assertThat(db.get(b("a"))).isNull();
      assertThat(db.statistics().userBytesWritten()).isEqualTo(2 + 1 + 4);
    }
    try (Db db = Strata.open(dir, Options.builder().build())) {
      assertThat(lastSequence(db)).isEqualTo(4);
      assertThat(db.get(b("a"))).isNull();
      assertThat(db.get(b("c"))).isEqualTo(b("3"));
    }
  }
}
