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

/**
 * Many databases on one {@link SharedResources}: budget, cache, threads and lifetime. The
 * databases open with {@link Options#levelDbDefaults()}: the budgets here are a few hundred KiB,
 * which the {@code skiplist} memtable's per-entry accounting meets to within one entry, while an
 * {@code arena} memtable counts whole slabs.
 */
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
    Options options = Options.builder().levelDbDefaults().sharedResources(shared).build();
    Db db = Strata.open(dir.resolve("a"), options);
    assertThat(shared.openDatabases()).isEqualTo(1);
    assertThatThrownBy(shared::close).isInstanceOf(IllegalStateException.class)
        .hasMessage("sharedResources are used by 1 open database(s); close them first");
    // Still usable after the refusal.
    db.put(b("k"), new byte[1000]); // compressible: its block is cached decompressed
    db.flush();
    assertThat(db.get(b("k"))).hasSize(1000);
    db.close();
    assertThat(shared.openDatabases()).isZero();
    assertThat(shared.blockCacheUsageBytes()).isPositive();
    shared.close();
    assertThat(shared.blockCacheUsageBytes()).isZero();
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
      Options options = Options.builder().levelDbDefaults().sharedResources(shared)
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

  @Test
  void manyDatabasesStayWithinTheWriteBufferBudget() throws Exception {
    writeWithinBudget(20, 1 << 20, 2, 1500);
  }

  /**
   * The default {@code arena} memtable counts whole slabs: its reservations bound a slab's
   * growth, and its slabs follow the budget, so the budget holds as with the skip list.
   */
  @Test
  void arenaMemTablesStayWithinTheWriteBufferBudget() throws Exception {
    writeWithinBudget(20, 1 << 20, 2, 1500, Options.builder());
    writeWithinBudget(6, 256 << 10, 1, 1500, Options.builder());
  }

  /** One thread for every flush and compaction: they take turns, and nothing hangs. */
  @Test
  void oneThreadServesManyDatabases() throws Exception {
    writeWithinBudget(6, 256 << 10, 1, 1500);
  }

  private void writeWithinBudget(int dbCount, long budget, int threads, int keysPerDb)
      throws Exception {
    writeWithinBudget(dbCount, budget, threads, keysPerDb, Options.builder().levelDbDefaults());
  }

  private void writeWithinBudget(int dbCount, long budget, int threads, int keysPerDb,
      Options.Builder base) throws Exception {
    int valueBytes = 1000;
    // The most one put may charge beyond the budget: its reservation (record and overhead).
    long slack = valueBytes + 64 + SharedUse.ENTRY_OVERHEAD_BYTES;
    long seed = System.nanoTime();
    System.out.println("seed " + seed);
    try (SharedResources shared = Strata.newSharedResources(1 << 20, budget, threads)) {
      Options options = base.sharedResources(shared).writeBufferSizeBytes(256 << 10).build();
      List<Db> dbs = new ArrayList<>();
      AtomicBoolean done = new AtomicBoolean();
      AtomicLong maxUsage = new AtomicLong();
      ExecutorService writers = Executors.newFixedThreadPool(dbCount + 1);
      try {
        for (int i = 0; i < dbCount; i++) {
          dbs.add(Strata.open(dir.resolve("db" + i), options));
        }
        Future<?> sampler = writers.submit(() -> {
          while (!done.get()) {
            maxUsage.accumulateAndGet(shared.writeBufferUsageBytes(), Math::max);
            Thread.yield();
          }
        });
        List<Future<?>> written = new ArrayList<>();
        for (int i = 0; i < dbCount; i++) {
          Db db = dbs.get(i);
          int n = i;
          written.add(writers.submit(() -> {
            Random r = new Random(seed + n);
            for (int k = 0; k < keysPerDb; k++) {
              byte[] v = new byte[valueBytes];
              r.nextBytes(v);
              db.put(b(n + ":" + k), v);
            }
            return null;
          }));
        }
        for (Future<?> f : written) {
          f.get();
        }
        done.set(true);
        sampler.get();
        assertThat(maxUsage.get()).isPositive().isLessThanOrEqualTo(budget + slack);
        // The charges are the memtables' own figures once nothing is in flight.
        long memtables = 0;
        long flushes = 0;
        for (Db db : dbs) {
          db.waitForCompactions();
          memtables += db.statistics().memtableBytes();
          flushes += db.statistics().flushes();
        }
        assertThat(shared.writeBufferUsageBytes()).isEqualTo(memtables);
        // ~1.5 MB a database through a budget of at most 1 MiB: flushed early, many times.
        assertThat(flushes).isGreaterThan(dbCount);
      } finally {
        done.set(true);
        writers.shutdown();
        for (Db db : dbs) {
          db.close();
        }
      }
      assertThat(shared.writeBufferUsageBytes()).isZero();
      for (int i = 0; i < dbCount; i++) {
        try (Db db = Strata.open(dir.resolve("db" + i), options)) {
          Random r = new Random(seed + i);
          for (int k = 0; k < keysPerDb; k++) {
            byte[] v = new byte[valueBytes];
            r.nextBytes(v);
            assertThat(db.get(b(i + ":" + k))).as("db %s key %s", i, k).isEqualTo(v);
          }
        }
      }
    }
  }

  @Test
  void closingADatabaseReleasesItsMemtableBytes() throws IOException {
    try (SharedResources shared = Strata.newSharedResources(1 << 20, 8 << 20, 1)) {
      Options options = Options.builder().levelDbDefaults().sharedResources(shared).build();
      try (Db a = Strata.open(dir.resolve("a"), options);
          Db b = Strata.open(dir.resolve("b"), options)) {
        for (int k = 0; k < 100; k++) {
          a.put(b("a" + k), new byte[100]);
        }
        b.put(b("b"), new byte[10]);
        long aBytes = a.statistics().memtableBytes();
        long bBytes = b.statistics().memtableBytes();
        assertThat(aBytes).isPositive();
        assertThat(shared.writeBufferUsageBytes()).isEqualTo(aBytes + bBytes);
        a.close();
        assertThat(shared.writeBufferUsageBytes()).isEqualTo(bBytes);
        assertThat(shared.openDatabases()).isEqualTo(1);
        b.flush(); // the flushed memtable's bytes are freed too
        assertThat(shared.writeBufferUsageBytes()).isEqualTo(b.statistics().memtableBytes());
      }
      assertThat(shared.writeBufferUsageBytes()).isZero();
      // Reopened, the memtable recovered from the log is charged again.
      try (Db a = Strata.open(dir.resolve("a"), options)) {
        assertThat(a.get(b("a7"))).hasSize(100);
        assertThat(shared.writeBufferUsageBytes()).isEqualTo(a.statistics().memtableBytes());
      }
    }
  }

  @Test
  void aWriterWaitsForAnIdleDatabaseToFlush() throws IOException {
    long budget = 256 << 10;
    try (SharedResources shared = Strata.newSharedResources(1 << 20, budget, 2)) {
      Options options = Options.builder().levelDbDefaults().sharedResources(shared).build();
      try (Db idle = Strata.open(dir.resolve("idle"), options);
          Db writer = Strata.open(dir.resolve("writer"), options)) {
        // Below 7/8 of the budget: the idle database keeps its memtable.
        for (int k = 0; k < 180; k++) {
          idle.put(b("k" + k), new byte[1000]);
        }
        assertThat(shared.writeBufferUsageBytes()).isGreaterThan(budget / 2);
        assertThat(idle.statistics().flushes()).isZero();
        // Does not fit beside it, and the writer has nothing of its own to flush.
        writer.put(b("big"), new byte[100 << 10]);
        idle.waitForCompactions();
        assertThat(idle.statistics().flushes()).isEqualTo(1);
        Statistics s = writer.statistics();
        assertThat(s.stallCounts().get(WriteStallCause.WRITE_BUFFER_MANAGER)).isEqualTo(1);
        assertThat(s.stallMicros().get(WriteStallCause.WRITE_BUFFER_MANAGER)).isPositive();
        assertThat(writer.get(b("big"))).hasSize(100 << 10);
        assertThat(idle.get(b("k5"))).hasSize(1000);
      }
    }
  }

  @Test
  void aDatabaseWithABackgroundErrorFreesItsCharge() throws IOException {
    RecordingFileSystem fs = new RecordingFileSystem();
    try (SharedResources shared = Strata.newSharedResources(1 << 20, 1 << 20, 2)) {
      Options options = Options.builder().levelDbDefaults().sharedResources(shared).fileSystem(fs)
          .build();
      try (Db a = Strata.open(dir.resolve("a"), options)) {
        for (int k = 0; k < 100; k++) {
          a.put(b("k" + k), new byte[100]);
        }
        assertThat(shared.writeBufferUsageBytes()).isPositive();
        fs.failSyncOf = dir.resolve("a");
        assertThatThrownBy(a::flush).isInstanceOf(IOException.class);
        // Read-only until reopened: it must not hold the others' budget meanwhile.
        assertThat(shared.writeBufferUsageBytes()).isZero();
        assertThatThrownBy(() -> a.put(b("x"), b("y"))).isInstanceOf(IOException.class);
        assertThat(shared.writeBufferUsageBytes()).isZero();
        assertThat(a.get(b("k5"))).hasSize(100);
      }
      assertThat(shared.openDatabases()).isZero();
      assertThat(shared.writeBufferUsageBytes()).isZero();
    }
  }

  @Test
  void theBlockCacheCapacityHoldsAcrossDatabases() throws IOException {
    long capacity = 128 << 10;
    try (SharedResources shared = Strata.newSharedResources(capacity, 8 << 20, 2)) {
      // Snappy blocks: the cache holds decompressed blocks (a mapped raw block is not cached).
      Options options = Options.builder().levelDbDefaults().sharedResources(shared)
          .blockCacheSizeBytes(64 << 20)
          .build();
      List<Db> dbs = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Db db = Strata.open(dir.resolve("db" + i), options);
          dbs.add(db);
          for (int k = 0; k < 200; k++) {
            db.put(b(String.format("%05d", k)), new byte[1000]);
          }
          db.flush();
        }
        for (Db db : dbs) {
          for (int k = 0; k < 200; k++) {
            assertThat(db.get(b(String.format("%05d", k)))).hasSize(1000);
          }
          Statistics s = db.statistics();
          assertThat(s.blockCacheCapacityBytes()).isEqualTo(capacity);
          assertThat(s.blockCacheUsageBytes()).isPositive().isLessThanOrEqualTo(capacity);
          assertThat(db.getProperty("strata.block-cache-capacity")).contains("131072");
        }
        // 3 x 200 KB of blocks read through a 128 KiB cache.
        assertThat(shared.blockCacheUsageBytes()).isPositive().isLessThanOrEqualTo(capacity);
        assertThat(shared.blockCacheCapacityBytes()).isEqualTo(capacity);
      } finally {
        for (Db db : dbs) {
          db.close();
        }
      }
    }
  }

  @Test
  void databasesWithEqualFileNumbersNeverReadEachOthersBlocks() throws IOException {
    try (SharedResources shared = Strata.newSharedResources(8 << 20, 8 << 20, 2)) {
      Options options = Options.builder().levelDbDefaults().sharedResources(shared).build();
      try (Db a = Strata.open(dir.resolve("a"), options);
          Db b = Strata.open(dir.resolve("b"), options)) {
        // The same keys and value sizes, so the same file numbers and block offsets.
        for (int k = 0; k < 300; k++) {
          a.put(b(String.format("%05d", k)), b(String.format("A%0100d", k)));
          b.put(b(String.format("%05d", k)), b(String.format("B%0100d", k)));
        }
        a.flush();
        b.flush();
        assertThat(tableNumbers(a)).hasSize(1).isEqualTo(tableNumbers(b));
        for (int k = 0; k < 300; k++) {
          assertThat(a.get(b(String.format("%05d", k)))).isEqualTo(b(String.format("A%0100d", k)));
        }
        for (int k = 0; k < 300; k++) {
          assertThat(b.get(b(String.format("%05d", k)))).isEqualTo(b(String.format("B%0100d", k)));
        }
        // b's first read of each block missed: a's cached blocks were not taken for b's.
        assertThat(b.statistics().blockCacheMisses()).isPositive();
      }
    }
  }

  @Test
  void thePoolRunsFlushesAndCompactionsOfManyDatabases() throws IOException {
    try (SharedResources shared = Strata.newSharedResources(1 << 20, 16 << 20, 2)) {
      Options options = Options.builder().levelDbDefaults().sharedResources(shared).build();
      List<Db> dbs = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          dbs.add(Strata.open(dir.resolve("db" + i), options));
        }
        // Eight overlapping tables each: past leveled's level-0 trigger of 4, so each compacts.
        for (int round = 0; round < 8; round++) {
          for (Db db : dbs) {
            for (int k = 0; k < 100; k++) {
              db.put(b("key" + k + "-" + round), new byte[200]);
            }
            db.flush();
          }
        }
        for (Db db : dbs) {
          db.waitForCompactions();
          Statistics s = db.statistics();
          assertThat(s.flushes()).isEqualTo(8);
          assertThat(s.levels().stream().mapToLong(l -> l.compactions()).sum()).isPositive();
          assertThat(s.compactionMicros()).isNotNegative();
          assertThat(db.get(b("key7-3"))).hasSize(200);
        }
      } finally {
        for (Db db : dbs) {
          db.close();
        }
      }
    }
  }

  @Test
  void theOptionsFileDoesNotRecordThem() throws IOException {
    try (SharedResources shared = Strata.newSharedResources(1 << 20, 1 << 20, 1)) {
      try (Db db = Strata.open(dir.resolve("shared"),
          Options.builder().sharedResources(shared).build())) {
        db.put(b("k"), b("v"));
      }
    }
    try (Db db = Strata.open(dir.resolve("own"), Options.defaults())) {
      db.put(b("k"), b("v"));
    }
    assertThat(optionsFile(dir.resolve("shared"))).isEqualTo(optionsFile(dir.resolve("own")));
    // And the database opens without them.
    try (Db db = Strata.open(dir.resolve("shared"), Options.defaults())) {
      assertThat(db.get(b("k"))).isEqualTo(b("v"));
    }
  }

  private static String optionsFile(Path db) throws IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(db)) {
      Path p = files.filter(f -> f.getFileName().toString().startsWith("OPTIONS-"))
          .findFirst().orElseThrow();
      return java.nio.file.Files.readString(p);
    }
  }

  private static List<Long> tableNumbers(Db db) {
    List<Long> numbers = new ArrayList<>();
    io.strata.api.spi.version.Version v = DbTesting.currentVersion(db);
    for (int level = 0; level < io.strata.api.spi.version.Version.NUM_LEVELS; level++) {
      v.files(level).forEach(f -> numbers.add(f.fileNumber()));
    }
    return numbers;
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
