package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.SharedResources;
import io.strata.api.Statistics;
import io.strata.api.WriteStallCause;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many databases on one {@link SharedResources}: budget, cache, threads and lifetime. */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SharedResourcesTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void factoryRejectsNonPositiveValues() {
    assertThatThrownBy(() -> Strata.newSharedResources(0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("blockCacheBytes must be > 0, was 0");
    assertThatThrownBy(() -> Strata.newSharedResources(1, -5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("writeBufferBytes must be > 0, was -5");
    assertThatThrownBy(() -> Strata.newSharedResources(1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backgroundThreads must be > 0, was 0");
  }

  @Test
  void gettersReportWhatWasAskedFor() {
    try (SharedResources shared = Strata.newSharedResources(1 << 20, 2 << 20, 3)) {
      assertThat(shared.blockCacheCapacityBytes()).isEqualTo(1 << 20);
      assertThat(shared.writeBufferBudgetBytes()).isEqualTo(2 << 20);
      assertThat(shared.writeBufferUsageBytes()).isZero();
      assertThat(shared.backgroundThreads()).isEqualTo(3);
      assertThat(shared.openDatabases()).isZero();
      assertThat(Options.builder().sharedResources(shared).build().sharedResources())
          .containsSame(shared);
    }
    assertThat(Options.defaults().sharedResources()).isEmpty();
  }

  @Test
  void closeIsRefusedWhileADatabaseIsOpen() throws IOException {
    SharedResources shared = Strata.newSharedResources(1 << 20, 1 << 20, 2);
    Options options = Options.builder().sharedResources(shared).build();
    Db db = Strata.open(dir.resolve("a"), options);
    assertThat(shared.openDatabases()).isEqualTo(1);
    assertThatThrownBy(shared::close).isInstanceOf(IllegalStateException.class)
        .hasMessage("sharedResources are used by 1 open database(s); close them first");
    // Still usable after the refusal.
    db.put(b("k"), b("v"));
    db.flush();
    assertThat(db.get(b("k"))).isEqualTo(b("v"));
    db.close();
    assertThat(shared.openDatabases()).isZero();
    shared.close();
    shared.close(); // idempotent
    assertThatThrownBy(() -> Strata.open(dir.resolve("b"), options))
        .isInstanceOf(IllegalStateException.class).hasMessage("sharedResources are closed");
  }

  @Test
  void foreignImplementationIsRejected() {
    SharedResources fake = new SharedResources() {
      @Override public long blockCacheCapacityBytes() {
        return 1;
      }

      @Override public long blockCacheUsageBytes() {
        return 0;
      }

      @Override public long writeBufferBudgetBytes() {
        return 1;
      }

      @Override public long writeBufferUsageBytes() {
        return 0;
      }

      @Override public int backgroundThreads() {
        return 1;
      }

      @Override public int openDatabases() {
        return 0;
      }

      @Override public void close() {}
    };
    assertThatThrownBy(() -> Strata.open(dir, Options.builder().sharedResources(fake).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sharedResources must come from Strata.newSharedResources");
  }

  @Test
  void noBackgroundThreadsOfTheirOwn() throws IOException {
    try (SharedResources shared = Strata.newSharedResources(1 << 20, 4 << 20, 2)) {
      Options options = Options.builder().sharedResources(shared)
          .writeBufferSizeBytes(64 << 10).build();
      List<Db> dbs = new ArrayList<>();
      try {
        for (int i = 0; i < 5; i++) {
          dbs.add(Strata.open(dir.resolve("db" + i), options));
        }
        for (int round = 0; round < 3; round++) {
          for (int i = 0; i < dbs.size(); i++) {
            for (int k = 0; k < 200; k++) {
              dbs.get(i).put(b("key" + k), new byte[500]);
            }
            dbs.get(i).flush();
          }
        }
        for (Db db : dbs) {
          db.waitForCompactions();
          Statistics s = db.statistics();
          assertThat(s.flushes()).isGreaterThanOrEqualTo(3);
        }
        assertThat(threadNames()).noneMatch(n -> n.startsWith("strata-flush-")
            || n.startsWith("strata-compaction-"));
        assertThat(threadNames().stream().filter(n -> n.startsWith("strata-shared-background-")))
            .hasSize(2);
      } finally {
        for (Db db : dbs) {
          db.close();
        }
      }
    }
    assertThat(threadNames()).noneMatch(n -> n.startsWith("strata-shared-background-"));
  }

  private static List<String> threadNames() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive()) {
        names.add(t.getName());
      }
    }
    return names;
  }
}
