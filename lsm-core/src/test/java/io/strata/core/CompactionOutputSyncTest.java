package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.EventListener;
import io.strata.api.Options;
import io.strata.api.TableFileDeletionInfo;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.version.VersionEdit;
import io.strata.manifest.FileNames;
import io.strata.manifest.LogReader;
import io.strata.manifest.VersionEditCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A compaction's finished outputs are synced on a thread of their own while the merge goes on,
 * and still every table is synced before a MANIFEST edit names it: each MANIFEST sync first reads
 * the MANIFEST back and checks every table its edits add against the tables whose sync returned.
 * With and without subcompactions. The inputs a compaction made obsolete are deleted off the
 * compaction thread, and {@code waitForCompactions} waits for their deletion.
 */
class CompactionOutputSyncTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void everyTableIsSyncedBeforeAManifestEditNamesIt(int maxSubcompactions) throws Exception {
    RecordingFileSystem fs = new RecordingFileSystem();
    List<String> unsynced = new CopyOnWriteArrayList<>();
    AtomicInteger checkedSyncs = new AtomicInteger();
    fs.beforeManifestSync = manifest -> {
      String name = manifest.getFileName().toString();
      try (ReadableFile f = new LocalFileSystem().newReadableFileInUse(manifest)) {
        LogReader r = new LogReader(f, name, true);
        for (byte[] record = r.readRecord(); record != null; record = r.readRecord()) {
          VersionEdit edit = VersionEditCodec.decode(record, name, r.lastRecordOffset());
          for (VersionEdit.NewFile n : edit.newFiles()) {
            String table = FileNames.tableFileName(n.file().fileNumber());
            if (!fs.syncedTables.containsKey(table)) {
              unsynced.add(table + " named by " + name + " at " + r.lastRecordOffset());
            }
          }
        }
      }
      checkedSyncs.incrementAndGet();
    };
    Options options = Options.builder().fileSystem(fs).writeBufferSizeBytes(64 << 10)
        .compactionStrategy("leveled")
        .strategyOption("max_bytes_for_level_base", String.valueOf(256 << 10))
        .strategyOption("target_file_size_base", String.valueOf(16 << 10))
        .maxSubcompactions(maxSubcompactions).build();
    Map<String, byte[]> model = new TreeMap<>();
    Random rnd = new Random(42);
    try (Db db = Strata.open(dir, options)) {
      for (int i = 0; i < 30_000; i++) {
        String k = String.format("key%06d", rnd.nextInt(10_000));
        byte[] v = new byte[60 + rnd.nextInt(80)];
        rnd.nextBytes(v);
        db.put(k.getBytes(UTF_8), v);
        model.put(k, v);
      }
      DbTesting.awaitQuiescence(db);
    }
    assertThat(unsynced).isEmpty();
    assertThat(checkedSyncs.get()).as("MANIFEST syncs checked").isGreaterThan(10);
    assertThat(fs.syncedTables.values().stream().filter(t -> t.startsWith("strata-files-")))
        .as("tables synced while their compaction went on").hasSizeGreaterThan(10);
    try (Db db = Strata.open(dir, Options.builder().build())) {
      for (Map.Entry<String, byte[]> e : model.entrySet()) {
        assertThat(db.get(e.getKey().getBytes(UTF_8))).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void obsoleteInputsAreDeletedOffTheCompactionThreadBeforeWaitForCompactionsReturns()
      throws Exception {
    Map<String, Integer> deletedBy = new ConcurrentHashMap<>();
    EventListener listener = new EventListener() {
      @Override
      public void onTableFileDeleted(TableFileDeletionInfo info) {
        deletedBy.merge(Thread.currentThread().getName(), 1, Integer::sum);
      }
    };
    Options options = Options.builder().writeBufferSizeBytes(64 << 10)
        .compactionStrategy("leveled")
        .strategyOption("max_bytes_for_level_base", String.valueOf(256 << 10))
        .strategyOption("target_file_size_base", String.valueOf(16 << 10))
        .listener(listener).build();
    Random rnd = new Random(7);
    try (Db db = Strata.open(dir, options)) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 10_000; i++) {
          db.put(String.format("key%06d", rnd.nextInt(10_000)).getBytes(UTF_8),
              new byte[60 + rnd.nextInt(80)]);
        }
        db.waitForCompactions();
        // Every table left on disk is live: the inputs' deletion was waited for.
        assertThat(tablesOnDisk()).isEqualTo(DbTesting.currentVersion(db).fileNumbers());
      }
    }
    assertThat(deletedBy.keySet()).as("threads that deleted tables")
        .anyMatch(t -> t.startsWith("strata-files-"))
        .noneMatch(t -> t.startsWith("strata-compaction-"));
  }

  private Set<Long> tablesOnDisk() throws IOException {
    Set<Long> numbers = new HashSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ldb"))
          .forEach(n -> numbers.add(Long.parseLong(n.substring(0, n.length() - 4))));
    }
    return numbers;
  }
}
