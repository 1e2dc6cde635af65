package io.strata.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CompactionInfo;
import io.strata.api.Db;
import io.strata.api.EventListener;
import io.strata.api.Options;
import io.strata.api.spi.compaction.CompactionFilter;
import io.strata.api.spi.compaction.CompactionFilterFactory;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.version.VersionEdit;
import io.strata.core.Strata;
import io.strata.manifest.FileNames;
import io.strata.manifest.LogReader;
import io.strata.manifest.VersionEditCodec;
import io.strata.testkit.FileOperation.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An I/O failure in one subcompaction of a compaction split into several ({@code
 * maxSubcompactions} 3) fails the whole compaction: nothing of it is installed, the tables the
 * other subcompactions wrote are deleted, the database turns read-only with the failure as the
 * cause, and a reopen without the fault finds every acknowledged write.
 *
 * <p>The fault strikes only a table written by the second or a later subcompaction of its
 * compaction: the compaction filter factory, asked once per subcompaction on the thread that
 * merges it, marks that thread with the subcompaction's ordinal, and a table created on a thread
 * so marked is one of those (its sync may run on another thread), so a fault that hits at all
 * hit a split compaction.
 */
class SubcompactionFaultTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void failedTableCreateInALaterSubcompactionFailsTheCompaction() throws IOException {
    check(FileOperation.of(Kind.CREATE, "*.ldb"), "injected fault: CREATE#");
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void failedTableSyncInALaterSubcompactionFailsTheCompaction() throws IOException {
    check(FileOperation.of(Kind.SYNC, "*.ldb"), "injected fault: SYNC#");
  }

  private void check(Predicate<FileOperation> fault, String cause) throws IOException {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    System.out.println("SubcompactionFaultTest seed=" + seed);
    Random rnd = new Random(seed);
    OrdinalMarker marker = new OrdinalMarker();
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(new NoFsyncFileSystem());
    // Tables are created on the thread that merges them but may be synced on another: a table
    // is marked by the thread that creates it.
    Set<Path> later = ConcurrentHashMap.newKeySet();
    FaultInjectionFileSystem.Fault armed = fs.failWhen(op -> {
      if (op.kind() == Kind.CREATE && marker.ordinal.get() >= 2) {
        later.add(op.path());
      }
      return fault.test(op) && later.contains(op.path());
    });
    Map<String, byte[]> acked = new HashMap<>();
    Db db = Strata.open(dir, options(fs, marker));
    IOException failure = null;
    try {
      for (int i = 0; i < 200_000 && failure == null; i++) {
        String k = String.format("key%06d", rnd.nextInt(20_000));
        byte[] v = new byte[50 + rnd.nextInt(150)];
        rnd.nextBytes(v);
        try {
          db.put(k.getBytes(UTF_8), v);
          acked.put(k, v);
        } catch (IOException e) {
          failure = e;
        }
      }
      assertThat(armed.hits()).as("a later subcompaction met the fault (seed %s)", seed)
          .isPositive();
      assertThat(failure).as("a write failed once the compaction did (seed %s)", seed)
          .isNotNull();
      assertThat(causes(failure)).anyMatch(m -> m.startsWith(cause));
      // Reads go on.
      for (Map.Entry<String, byte[]> e : acked.entrySet()) {
        assertThat(db.get(e.getKey().getBytes(UTF_8))).as(e.getKey()).isEqualTo(e.getValue());
      }
      assertThatThrownBy(() -> db.put("more".getBytes(UTF_8), new byte[1]))
          .isInstanceOf(IOException.class);
    } finally {
      db.close();
    }
    armed.remove();
    // Every table left on disk is live: the failed compaction's outputs were deleted.
    assertThat(tablesOnDisk()).isSubsetOf(liveTables());
    try (Db reopened = Strata.open(dir, options(new LocalFileSystem(), marker))) {
      for (Map.Entry<String, byte[]> e : acked.entrySet()) {
        assertThat(reopened.get(e.getKey().getBytes(UTF_8))).as(e.getKey())
            .isEqualTo(e.getValue());
      }
      reopened.compactRange(null, null);
      for (Map.Entry<String, byte[]> e : acked.entrySet()) {
        assertThat(reopened.get(e.getKey().getBytes(UTF_8))).as(e.getKey())
            .isEqualTo(e.getValue());
      }
    }
  }

  private static Options options(FileSystem fs, OrdinalMarker marker) {
    return Options.builder().fileSystem(fs).writeBufferSizeBytes(64 << 10)
        .compactionStrategy("leveled")
        .strategyOption("max_bytes_for_level_base", String.valueOf(256 << 10))
        .strategyOption("target_file_size_base", String.valueOf(16 << 10))
        .compactionFilterFactory(marker).listener(marker).maxSubcompactions(3).build();
  }

  private Set<Long> tablesOnDisk() throws IOException {
    Set<Long> numbers = new HashSet<>();
    try (var files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ldb"))
          .forEach(n -> numbers.add(Long.parseLong(n.substring(0, n.length() - 4))));
    }
    return numbers;
  }

  /** The tables the current MANIFEST leaves live: added and not deleted since. */
  private Set<Long> liveTables() throws IOException {
    String manifest = Files.readString(dir.resolve(FileNames.CURRENT), UTF_8).trim();
    Set<Long> live = new HashSet<>();
    try (ReadableFile f = new LocalFileSystem().newReadableFile(dir.resolve(manifest))) {
      LogReader r = new LogReader(f, manifest, true);
      byte[] record;
      while ((record = r.readRecord()) != null) {
        VersionEdit e = VersionEditCodec.decode(record, manifest, r.lastRecordOffset());
        e.deletedFiles().forEach(d -> live.remove(d.fileNumber()));
        e.newFiles().forEach(n -> live.add(n.file().fileNumber()));
      }
    }
    return live;
  }

  private static List<String> causes(Throwable t) {
    List<String> messages = new ArrayList<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      messages.add(String.valueOf(c.getMessage()));
    }
    return messages;
  }

  /**
   * A compaction filter factory and event listener that keeps every entry and marks the thread
   * each filter is made on with its ordinal in its compaction: 1 for the first filter made since
   * the compaction began, 2 for the second... The engine makes one filter per subcompaction, on
   * the thread about to merge it. Thread-safe.
   */
  private static final class OrdinalMarker implements CompactionFilterFactory, EventListener {
    final ThreadLocal<Integer> ordinal = ThreadLocal.withInitial(() -> 0);
    private final AtomicInteger made = new AtomicInteger();

    @Override
    public void onCompactionBegin(CompactionInfo info) {
      made.set(0);
    }

    @Override
    public CompactionFilter createCompactionFilter(Context context) {
      ordinal.set(made.incrementAndGet());
      return new CompactionFilter() {
        @Override
        public Decision filter(int level, byte[] key, byte[] value) {
          return Decision.KEEP;
        }

        @Override
        public String name() {
          return "keep";
        }
      };
    }

    @Override
    public String name() {
      return "ordinal-marker";
    }
  }
}
