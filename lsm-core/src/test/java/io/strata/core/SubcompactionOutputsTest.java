package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.BytewiseComparator;
import io.strata.api.CompactionInfo;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.SharedResources;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.VersionEdit;
import io.strata.manifest.FileNames;
import io.strata.manifest.LogReader;
import io.strata.manifest.VersionEditCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compaction split into subcompactions: each subcompaction merges a user-key range disjoint
 * from the others', its output tables do not overlap the others', and all of them are installed
 * in one MANIFEST edit together with the deletion of every input; the listeners hear of the
 * compaction once. A database with {@code maxSubcompactions} 1 never splits.
 */
class SubcompactionOutputsTest {
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);

  @TempDir Path dir;

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void splitCompactionsWriteDisjointOutputsInstalledInOneEdit() throws Exception {
    SubcompactionRecorder recorder = new SubcompactionRecorder();
    load(SubcompactionModelTest.options(3, recorder), 40_000);
    List<SubcompactionRecorder.Compaction> split = recorder.split();
    assertThat(split).as("some compaction was split").isNotEmpty();
    List<VersionEdit> edits = manifestEdits();
    for (SubcompactionRecorder.Compaction c : split) {
      CompactionInfo info = c.info();
      assertThat(c.ranges()).hasSizeBetween(2, 3);
      // The ranges the filters saw are disjoint: in key order, each ends before the next begins.
      List<SubcompactionRecorder.Range> ranges = c.ranges().stream()
          .filter(r -> r.first != null)
          .sorted(Comparator.comparing(r -> r.first, Arrays::compareUnsigned)).toList();
      for (int i = 1; i < ranges.size(); i++) {
        assertThat(Arrays.compareUnsigned(ranges.get(i - 1).last, ranges.get(i).first))
            .as("range %s ends before range %s begins", i - 1, i).isNegative();
      }
      // One edit adds every output and deletes every input. A later compaction may move an
      // output down a level unchanged (a trivial move deletes and adds the same file): that
      // edit writes no table and is not counted.
      Set<Long> outputs = new HashSet<>(info.outputFileNumbers());
      Set<Long> inputs = new HashSet<>();
      info.inputs().forEach(in -> inputs.addAll(in.fileNumbers()));
      List<VersionEdit> adding = edits.stream().filter(e -> e.newFiles().stream()
          .anyMatch(n -> outputs.contains(n.file().fileNumber()) && !isMove(e, n))).toList();
      assertThat(adding).as("edits adding the outputs of %s", info).hasSize(1);
      VersionEdit edit = adding.get(0);
      Set<Long> added = new HashSet<>();
      edit.newFiles().forEach(n -> added.add(n.file().fileNumber()));
      Set<Long> deleted = new HashSet<>();
      edit.deletedFiles().forEach(d -> deleted.add(d.fileNumber()));
      assertThat(added).isEqualTo(outputs);
      assertThat(deleted).isEqualTo(inputs);
      assertThat(edit.newFiles()).allSatisfy(n -> assertThat(n.level())
          .isEqualTo(info.outputLevel()));
      // The outputs' key ranges do not overlap.
      List<FileMetaData> files = new ArrayList<>();
      edit.newFiles().forEach(n -> files.add(n.file()));
      files.sort((a, b) -> ICMP.compare(a.smallest().encode(), b.smallest().encode()));
      for (int i = 1; i < files.size(); i++) {
        assertThat(ICMP.compare(files.get(i - 1).largest().encode(),
            files.get(i).smallest().encode()))
            .as("table %s ends before table %s", files.get(i - 1).fileNumber(),
                files.get(i).fileNumber())
            .isNegative();
      }
    }
    // Once per compaction: every completed compaction's outputs are added by exactly one edit.
    Set<Long> seen = new HashSet<>();
    for (SubcompactionRecorder.Compaction c : recorder.completed()) {
      if (c.info().trivialMove()) {
        continue;
      }
      for (long n : c.info().outputFileNumbers()) {
        assertThat(seen.add(n)).as("output %s reported once", n).isTrue();
      }
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void oneSubcompactionNeverSplits() throws Exception {
    SubcompactionRecorder recorder = new SubcompactionRecorder();
    load(SubcompactionModelTest.options(1, recorder), 20_000);
    assertThat(recorder.completed()).isNotEmpty();
    assertThat(recorder.split()).isEmpty();
  }

  /**
   * With shared resources the ranges run on the shared pool's compaction lanes (or one after
   * another on the compaction's thread): for one pool thread as for three, the compactions are
   * still split and the contents stay those of a {@link TreeMap}.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void splitCompactionsOnTheSharedPoolKeepTheContents() throws Exception {
    for (int threads : new int[] {1, 3}) {
      SubcompactionRecorder recorder = new SubcompactionRecorder();
      TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
      Random rnd = new Random(threads);
      Path db = dir.resolve("shared-" + threads);
      try (SharedResources shared = Strata.newSharedResources(8 << 20, 1 << 20, threads)) {
        Options options = SubcompactionModelTest.options(3, recorder).toBuilder()
            .sharedResources(shared).build();
        try (Db d = Strata.open(db, options)) {
          for (int i = 0; i < 30_000; i++) {
            byte[] k = SubcompactionModelTest.key(rnd);
            byte[] v = SubcompactionModelTest.value(rnd);
            d.put(k, v);
            model.put(k, v);
          }
          d.compactRange(null, null);
          DbModelTest.checkScans(d, model, threads);
        }
      }
      assertThat(recorder.split()).as("split with %s pool threads", threads).isNotEmpty();
    }
  }

  /** {@return whether {@code edit} moves the table it adds as {@code added} from another level} */
  private static boolean isMove(VersionEdit edit, VersionEdit.NewFile added) {
    return edit.deletedFiles().stream()
        .anyMatch(d -> d.fileNumber() == added.file().fileNumber());
  }

  /** Writes {@code count} random puts, compacts everything and closes. */
  private void load(Options options, int count) throws Exception {
    Random rnd = new Random(42);
    try (Db db = Strata.open(dir, options)) {
      for (int i = 0; i < count; i++) {
        db.put(SubcompactionModelTest.key(rnd), SubcompactionModelTest.value(rnd));
        if (i % 5000 == 4999) {
          db.deleteRange(SubcompactionModelTest.fmt(i % 3000),
              SubcompactionModelTest.fmt(i % 3000 + 50));
        }
      }
      db.compactRange(null, null);
      DbTesting.awaitQuiescence(db);
    }
  }

  private List<VersionEdit> manifestEdits() throws Exception {
    String manifest = Files.readString(dir.resolve(FileNames.CURRENT), UTF_8).trim();
    List<VersionEdit> edits = new ArrayList<>();
    try (ReadableFile f = new LocalFileSystem().newReadableFile(dir.resolve(manifest))) {
      LogReader r = new LogReader(f, manifest, true);
      byte[] record;
      while ((record = r.readRecord()) != null) {
        edits.add(VersionEditCodec.decode(record, manifest, r.lastRecordOffset()));
      }
    }
    return edits;
  }
}
