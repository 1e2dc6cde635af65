package io.strata.examples.experiment.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.core.Strata;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the workload tests share: a recorder, a context, a database, a key count. */
final class WorkloadTesting {
  private WorkloadTesting() {}

  /** Counts the operations recorded, by type. */
  static final class CountingRecorder implements OperationRecorder {
    final Map<String, Long> counts = new TreeMap<>();
    /** The operations of each call to the recorder, in order: 1 for an operation timed alone. */
    final List<Integer> timedTogether = new ArrayList<>();
    private long done;

    @Override
    public void record(String op, long nanos) {
      record(op, nanos, 1);
    }

    @Override
    public void record(String op, long nanos, int count) {
      assertThat(nanos).isGreaterThanOrEqualTo(0);
      assertThat(count).isPositive();
      counts.merge(op, (long) count, Long::sum);
      timedTogether.add(count);
      done += count;
    }

    @Override
    public long operationsDone() {
      return done;
    }

    long count(String op) {
      return counts.getOrDefault(op, 0L);
    }
  }

  static PhaseContext context(long num, long seed, CountingRecorder recorder, LiveKeys live) {
    return new PhaseContext(num, 100, seed, recorder, live, () -> false);
  }

  /** A database with a small memtable, so that the phases flush and compact. */
  static Db open(Path dir) throws IOException {
    return Strata.open(dir, Options.builder().writeBufferSizeBytes(64 << 10).build());
  }

  /** Keys and key-plus-value bytes the database holds, by a full scan. */
  static long[] scan(Db db) throws IOException {
    long keys = 0;
    long bytes = 0;
    try (DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        keys++;
        bytes += it.key().length + it.value().length;
      }
    }
    return new long[] {keys, bytes};
  }

  /** Asserts that {@code live} holds what {@code db} holds. */
  static void assertLiveKeysMatch(Db db, LiveKeys live) throws IOException {
    long[] held = scan(db);
    assertThat(live.liveKeys()).as("live keys").isEqualTo(held[0]);
    assertThat(live.liveBytes()).as("live bytes").isEqualTo(held[1]);
  }

  /**
   * {@code db}, logging each put, delete and get as the method name and the key in {@code log}.
   */
  static Db logging(Db db, List<String> log) {
    return (Db) Proxy.newProxyInstance(Db.class.getClassLoader(), new Class<?>[] {Db.class},
        (proxy, method, args) -> {
          String name = method.getName();
          if ((name.equals("put") || name.equals("delete") || name.equals("get"))
              && args != null) {
            for (Object a : args) {
              if (a instanceof byte[] b) {
                log.add(name + " " + new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
                break;
              }
            }
          }
          try {
            return method.invoke(db, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  static List<String> newLog() {
    return new ArrayList<>();
  }
}
