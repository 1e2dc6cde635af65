package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSet;
import io.strata.api.BackgroundErrorInfo;
import io.strata.api.CompactionInfo;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.EventListener;
import io.strata.api.FlushInfo;
import io.strata.api.LevelStatistics;
import io.strata.api.Options;
import io.strata.api.Statistics;
import io.strata.api.TableFileDeletionInfo;
import io.strata.api.WriteBatch;
import io.strata.api.WriteStallCause;
import io.strata.api.WriteStallCondition;
import io.strata.api.WriteStallInfo;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events delivered to listeners, and the statistics that count the same work. A background wait
 * that never ends fails at the class's timeout instead of hanging the build.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventListenerTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  /** Records every event, and whether any came on a thread that is not the engine's. */
  static final class Recorder implements EventListener {
    final List<Object> events = new CopyOnWriteArrayList<>();
    final List<String> foreignThreads = new CopyOnWriteArrayList<>();
    final CountDownLatch stallChanges = new CountDownLatch(2);

    private void add(Object e) {
      String thread = Thread.currentThread().getName();
      if (!thread.startsWith("strata-")) {
        foreignThreads.add(thread + ": " + e);
      }
      events.add(e);
    }

    @Override
    public void onFlushCompleted(FlushInfo info) {
      add(info);
    }

    @Override
    public void onCompactionBegin(CompactionInfo info) {
      add(new Begin(info));
    }

    @Override
    public void onCompactionCompleted(CompactionInfo info) {
      add(info);
    }

    @Override
    public void onWriteStallChanged(WriteStallInfo info) {
      add(info);
      stallChanges.countDown();
    }

    @Override
    public void onTableFileDeleted(TableFileDeletionInfo info) {
      add(info);
    }

    @Override
    public void onBackgroundError(BackgroundErrorInfo info) {
      add(info);
    }

    <T> List<T> of(Class<T> type) {
      List<T> out = new ArrayList<>();
      for (Object e : events) {
        if (type.isInstance(e)) {
          out.add(type.cast(e));
        }
      }
      return out;
    }
  }

  record Begin(CompactionInfo info) {}

  /** Throws from every callback. */
  static final class Thrower implements EventListener {
    @Override
    public void onFlushCompleted(FlushInfo info) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void onCompactionBegin(CompactionInfo info) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void onCompactionCompleted(CompactionInfo info) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void onTableFileDeleted(TableFileDeletionInfo info) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void onWriteStallChanged(WriteStallInfo info) {
      throw new IllegalStateException("listener bug");
    }
  }

  /** Leveled, with no automatic level-0 compaction: only flushes and compactRange change it. */
  private static Options.Builder manualOnly() {
    return Options.builder().compactionStrategy("leveled")
        .strategyOption("l0_compaction_trigger", "1000")
        .strategyOption("l0_slowdown_writes_trigger", "1000")
        .strategyOption("l0_stop_writes_trigger", "1000");
  }

  /** Overwrites and deletes keys over a few flushes, then compacts everything. */
  private static void workload(Db db) throws IOException {
    byte[] value = new byte[200];
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 300; i++) {
        value[0] = (byte) round;
        db.put(b(String.format("k%05d", i * 3 + round % 3)), value);
      }
      for (int i = 0; i < 20; i++) {
        db.delete(b(String.format("k%05d", i * 7)));
      }
      db.flush();
    }
    db.compactRange(null, null);
    db.waitForCompactions();
  }

  @Test
  void userBytesAreTheKeysAndValuesWritten() throws IOException {
    try (Db db = Strata.open(dir, Options.builder().build())) {
      db.put(b("key1"), b("value1"));                                  // 4 + 6
      db.delete(b("key22"));                                           // 5
      db.write(new WriteBatch().put(b("k"), b("")).delete(b("kk"))); // 1 + 2
      assertThat(db.statistics().userBytesWritten()).isEqualTo(18);
      assertThat(db.statistics().logBytesWritten()).isGreaterThan(18);
    }
  }

  @Test
  void oneEventPerFlushAndCompactionMatchingTheStatistics() throws IOException {
    Recorder r = new Recorder();
    try (Db db = Strata.open(dir, manualOnly().listener(r).build())) {
      workload(db);
      Statistics s = db.statistics();

      List<FlushInfo> flushes = r.of(FlushInfo.class);
      assertThat(flushes).hasSize(4);
      assertThat(s.flushes()).isEqualTo(4);
      assertThat(flushes.stream().mapToLong(FlushInfo::fileSizeBytes).sum())
          .isEqualTo(s.flushBytesWritten());
      assertThat(flushes).allSatisfy(f -> assertThat(f.entries()).isEqualTo(320));

      List<CompactionInfo> completed = r.of(CompactionInfo.class);
      assertThat(completed).isNotEmpty().allSatisfy(c -> assertThat(c.manual()).isTrue());
      long compactions = s.levels().stream().mapToLong(LevelStatistics::compactions).sum();
      assertThat(completed).hasSize((int) compactions);
      assertThat(completed.stream().filter(c -> !c.trivialMove())
          .mapToLong(CompactionInfo::outputBytes).sum()).isEqualTo(s.compactionBytesWritten());
      assertThat(s.tableBytesWritten())
          .isEqualTo(s.flushBytesWritten() + s.compactionBytesWritten());

      // Compactions run one at a time: each completion right after its begin, same inputs.
      List<Object> compactionEvents = new ArrayList<>();
      for (Object e : r.events) {
        if (e instanceof Begin || e instanceof CompactionInfo) {
          compactionEvents.add(e);
        }
      }
      assertThat(compactionEvents).hasSize(2 * completed.size());
      for (int i = 0; i < compactionEvents.size(); i += 2) {
        assertThat(compactionEvents.get(i)).isInstanceOf(Begin.class);
        CompactionInfo begin = ((Begin) compactionEvents.get(i)).info();
        CompactionInfo done = (CompactionInfo) compactionEvents.get(i + 1);
        assertThat(begin.inputs()).isEqualTo(done.inputs());
        assertThat(begin.outputFileNumbers()).isEmpty();
        assertThat(begin.outputBytes()).isZero();
        assertThat(begin.strategy()).isEqualTo("leveled");
      }

      // The first compaction merges flushed tables (those still at level 0; the strategy may
      // have placed the first flush deeper): overwritten versions are dropped, and tombstones
      // with nothing below them.
      CompactionInfo first = completed.get(0);
      assertThat(first.trivialMove()).isFalse();
      assertThat(first.inputFiles()).isGreaterThanOrEqualTo(2);
      Map<Long, Long> flushedEntries = new java.util.HashMap<>();
      flushes.forEach(f -> flushedEntries.put(f.fileNumber(), f.entries()));
      long expectedIn = 0;
      for (CompactionInfo.LevelInput in : first.inputs()) {
        for (long n : in.fileNumbers()) {
          assertThat(flushedEntries).containsKey(n);
          expectedIn += flushedEntries.get(n);
        }
      }
      assertThat(first.entriesIn()).isEqualTo(expectedIn);
      assertThat(first.entriesDropped()).isPositive().isLessThan(first.entriesIn());
      assertThat(first.tombstonesDropped()).isPositive()
          .isLessThanOrEqualTo(first.entriesDropped());
      assertThat(first.outputFiles()).isPositive();

      // The inputs of every rewriting compaction are deleted, and the listeners hear of it.
      Set<Long> deleted = new HashSet<>();
      r.of(TableFileDeletionInfo.class).forEach(d -> {
        assertThat(d.succeeded()).isTrue();
        assertThat(d.path()).endsWith(".ldb");
        deleted.add(d.fileNumber());
      });
      for (CompactionInfo c : completed) {
        if (!c.trivialMove()) {
          c.inputs().forEach(in -> assertThat(deleted).containsAll(in.fileNumbers()));
        }
      }
      assertThat(r.of(BackgroundErrorInfo.class)).isEmpty();
      assertThat(r.foreignThreads).isEmpty();
    }
  }

  @Test
  void automaticCompactionsAreReportedToo() throws IOException {
    Recorder r = new Recorder();
    Options options = Options.builder().compactionStrategy("leveled")
        .strategyOption("l0_compaction_trigger", "2").listener(r).build();
    try (Db db = Strata.open(dir, options)) {
      byte[] value = new byte[100];
      for (int round = 0; round < 6; round++) {
        for (int i = 0; i < 200; i++) {
          db.put(b(String.format("k%05d", i)), value);
        }
        db.flush();
      }
      db.waitForCompactions();
      Statistics s = db.statistics();
      List<CompactionInfo> completed = r.of(CompactionInfo.class);
      assertThat(completed).isNotEmpty().allSatisfy(c -> assertThat(c.manual()).isFalse());
      assertThat(completed).hasSize(
          (int) s.levels().stream().mapToLong(LevelStatistics::compactions).sum());
      assertThat(r.of(Begin.class)).hasSameSizeAs(completed);
      assertThat(completed.stream().filter(c -> !c.trivialMove())
          .mapToLong(CompactionInfo::outputBytes).sum()).isEqualTo(s.compactionBytesWritten());
      assertThat(s.runningCompactions()).isZero();
      assertThat(s.pendingCompactionBytes()).isZero();
      assertThat(r.foreignThreads).isEmpty();
    }
  }

  @Test
  void aThrowingListenerChangesNothing() throws IOException {
    Recorder quiet = new Recorder();
    Recorder afterThrower = new Recorder();
    Path a = dir.resolve("a");
    Path c = dir.resolve("c");
    Statistics plain;
    Statistics thrown;
    try (Db db = Strata.open(a, manualOnly().listener(quiet).build())) {
      workload(db);
      plain = db.statistics();
    }
    try (Db db = Strata.open(c, manualOnly().listener(new Thrower()).listener(afterThrower)
        .build())) {
      workload(db);
      thrown = db.statistics();
      // Still writable, and every event reached the listener after the thrower.
      db.put(b("after"), b("1"));
      db.flush();
      assertThat(db.get(b("after"))).isEqualTo(b("1"));
    }
    assertThat(afterThrower.of(FlushInfo.class)).hasSize(quiet.of(FlushInfo.class).size() + 1);
    assertThat(afterThrower.of(CompactionInfo.class))
        .hasSameSizeAs(quiet.of(CompactionInfo.class));
    assertThat(thrown.flushes()).isEqualTo(plain.flushes());
    assertThat(thrown.flushBytesWritten()).isEqualTo(plain.flushBytesWritten());
    assertThat(thrown.userBytesWritten()).isEqualTo(plain.userBytesWritten());
    assertThat(thrown.levels()).isEqualTo(withoutMicros(plain.levels(), thrown.levels()));
    try (Db da = Strata.open(a, Options.defaults()); Db dc = Strata.open(c, Options.defaults());
        DbIterator ia = da.newIterator(); DbIterator ic = dc.newIterator()) {
      ia.seekToFirst();
      ic.seekToFirst();
      while (ia.isValid()) {
        assertThat(ic.isValid()).isTrue();
        if (new String(ic.key(), UTF_8).equals("after")) {
          ic.next();
          continue;
        }
        assertThat(ic.key()).isEqualTo(ia.key());
        assertThat(ic.value()).isEqualTo(ia.value());
        ia.next();
        ic.next();
      }
    }
  }

  /** {@code expected} with the micros of {@code actual}: durations differ from run to run. */
  private static List<LevelStatistics> withoutMicros(List<LevelStatistics> expected,
      List<LevelStatistics> actual) {
    List<LevelStatistics> out = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      LevelStatistics e = expected.get(i);
      out.add(new LevelStatistics(e.level(), e.files(), e.bytes(), e.compactions(),
          e.compactionBytesRead(), e.compactionBytesWritten(),
          actual.get(i).compactionMicros()));
    }
    return out;
  }

  @Test
  void readCounters() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 1000; i += 2) {
        db.put(b(String.format("k%05d", i)), b("v" + i));
      }
      assertThat(db.get(b("k00002"))).isEqualTo(b("v2")); // from the memtable
      Statistics before = db.statistics();
      assertThat(before.gets()).isEqualTo(1);
      assertThat(before.filterProbes()).isZero();
      assertThat(before.dataBlocksRead()).isZero();
      db.flush();

      for (int i = 1; i < 100; i += 2) {
        assertThat(db.get(b(String.format("k%05d", i)))).isNull(); // absent, inside the range
      }
      Statistics absent = db.statistics();
      assertThat(absent.gets()).isEqualTo(51);
      assertThat(absent.filterProbes()).isEqualTo(50);
      assertThat(absent.filterNegatives()).isPositive();
      assertThat(absent.tablesRead()).isEqualTo(50 - absent.filterNegatives());

      for (int round = 0; round < 2; round++) {
        assertThat(db.get(b("k00010"))).isEqualTo(b("v10"));
      }
      Statistics present = db.statistics();
      assertThat(present.tablesRead()).isEqualTo(absent.tablesRead() + 2);
      assertThat(present.blockCacheHits()).isPositive(); // the second read of the block
      assertThat(present.dataBlocksRead())
          .isEqualTo(present.blockCacheHits() + present.blockCacheMisses());

      try (DbIterator it = db.newIterator()) {
        it.seekToFirst();
        it.seek(b("k00500"));
        it.seekToLast();
      }
      Statistics iterated = db.statistics();
      assertThat(iterated.iteratorSeeks()).isEqualTo(3);
      assertThat(iterated.dataBlocksRead()).isGreaterThan(present.dataBlocksRead());
      assertThat(iterated.dataBlocksRead())
          .isEqualTo(iterated.blockCacheHits() + iterated.blockCacheMisses());
      assertThat(iterated.userBytesWritten()).isPositive();
      assertThat(iterated.logBytesWritten()).isGreaterThan(iterated.userBytesWritten());
      assertThat(iterated.liveTableFiles()).isEqualTo(1);
      assertThat(iterated.writeStallCondition()).isEqualTo(WriteStallCondition.NORMAL);
      assertThat(iterated.stallMicros()).containsOnlyKeys(WriteStallCause.values());
    }
  }

  @Test
  void readsWithoutCacheAreAllMisses() throws IOException {
    try (Db db = Strata.open(dir, Options.builder().blockCacheSizeBytes(0).build())) {
      db.put(b("a"), b("1"));
      db.flush();
      db.get(b("a"));
      db.get(b("a"));
      Statistics s = db.statistics();
      assertThat(s.blockCacheHits()).isZero();
      assertThat(s.blockCacheMisses()).isEqualTo(2);
      assertThat(s.dataBlocksRead()).isEqualTo(2);
    }
  }

  @Test
  void flushOfAnEmptyMemTableIsANoOpAndASettledTreeWaitsForNothing() throws IOException {
    Recorder r = new Recorder();
    try (Db db = Strata.open(dir, Options.builder().listener(r).build())) {
      db.flush();
      assertThat(db.statistics().flushes()).isZero();
      db.put(b("a"), b("1"));
      db.flush();
      db.flush();
      assertThat(db.statistics().flushes()).isEqualTo(1);
      assertThat(r.of(FlushInfo.class)).hasSize(1);
      db.waitForCompactions();
      // Settled: the bounded wait has nothing to wait for and says so at once.
      assertThat(db.waitForCompactions(Duration.ZERO)).isTrue();
      assertThat(db.statistics().memtableBytes()).isNotNegative();
      assertThatThrownBy(() -> db.waitForCompactions(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> db.waitForCompactions(null))
          .isInstanceOf(NullPointerException.class).hasMessage("timeout");
    }
  }

  @Test
  void closedDatabaseRefuses() throws IOException {
    Db db = Strata.open(dir, Options.defaults());
    db.close();
    assertThatThrownBy(db::statistics).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(db::flush).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(db::waitForCompactions).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> db.waitForCompactions(Duration.ZERO))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void writeStallChangesAreDeliveredInOrder() throws Exception {
    StallingProvider provider = new StallingProvider();
    Recorder r = new Recorder();
    Options options = Options.builder().compactionStrategyProvider(provider).listener(r).build();
    try (Db db = Strata.open(dir, options)) {
      db.put(b("a"), b("1"));
      provider.forced = WriteStall.SLOWDOWN;
      db.put(b("b"), b("2"));
      assertThat(db.statistics().writeStallCondition()).isEqualTo(WriteStallCondition.SLOWDOWN);
      provider.forced = null;
      db.put(b("c"), b("3"));
      assertThat(r.stallChanges.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(r.of(WriteStallInfo.class)).containsExactly(
          new WriteStallInfo(WriteStallCondition.NORMAL, WriteStallCondition.SLOWDOWN,
              WriteStallCause.STRATEGY),
          new WriteStallInfo(WriteStallCondition.SLOWDOWN, WriteStallCondition.NORMAL,
              WriteStallCause.STRATEGY));
      Statistics s = db.statistics();
      assertThat(s.writeStallCondition()).isEqualTo(WriteStallCondition.NORMAL);
      assertThat(s.stallCounts().get(WriteStallCause.STRATEGY)).isEqualTo(1);
      assertThat(s.stallCounts().get(WriteStallCause.LEVEL0_FILES)).isZero();
      assertThat(s.stallMicrosTotal()).isEqualTo(s.stallMicros().get(WriteStallCause.STRATEGY));
      assertThat(r.foreignThreads).isEmpty();
    }
  }

  /** Leveled, with a write stall the test sets. */
  static final class StallingProvider implements CompactionStrategyProvider {
    private final CompactionStrategyProvider leveled =
        ServiceLoader.load(CompactionStrategyProvider.class).stream()
            .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("leveled"))
            .findFirst().orElseThrow();
    volatile WriteStall forced;

    @Override
    public String name() {
      return leveled.name();
    }

    @Override
    public ImmutableSet<String> optionNames() {
      return leveled.optionNames();
    }

    @Override
    public CompactionStrategy create(PluginContext context, Map<String, String> options) {
      return new ForwardingCompactionStrategy(leveled.create(context, options)) {
        @Override
        public WriteStall writeStall(Version version) {
          WriteStall f = forced;
          return f != null ? f : super.writeStall(version);
        }

        @Override
        public WriteStallCause writeStallCause(Version version) {
          return forced != null ? WriteStallCause.STRATEGY : super.writeStallCause(version);
        }
      };
    }
  }
}
