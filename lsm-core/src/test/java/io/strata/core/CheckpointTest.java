package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.BytewiseComparator;
import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.WriteOptions;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.core.tools.DbVerifier;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Db.checkpoint}: the copy opens with every write made before it (unlogged ones too),
 * tables hard-linked or copied when linking fails; an existing target is refused; a failed
 * checkpoint removes what it wrote; under concurrent writes and compactions each copy holds
 * exactly a prefix of the writes, and the source goes on working.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CheckpointTest {
  @TempDir Path tmp;

  private static byte[] key(int i) {
    return String.format("%08d", i).getBytes(UTF_8);
  }

  private Path db() {
    return tmp.resolve("db");
  }

  private static Options small(RecordingFileSystem fs) {
    Options.Builder b = Options.builder().writeBufferSizeBytes(64 << 10)
        .compactionStrategy("leveled")
        .strategyOption("l0_compaction_trigger", "2")
        .strategyOption("max_bytes_for_level_base", String.valueOf(256 << 10))
        .strategyOption("target_file_size_base", String.valueOf(32 << 10));
    if (fs != null) {
      b.fileSystem(fs);
    }
    return b.build();
  }

  private static byte[] value(int i) {
    return (i + "-" + "v".repeat(100)).getBytes(UTF_8);
  }

  /** The keys of {@code dir}'s database must be exactly 0..n-1 with their values; returns n. */
  private static int assertPrefix(Path dir) throws IOException {
    try (Db copy = Strata.open(dir, Options.builder().createIfMissing(false).build());
        DbIterator it = copy.newIterator()) {
      int n = 0;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        assertThat(it.key()).as("%s: key %s", dir, n).isEqualTo(key(n));
        assertThat(it.value()).as("%s: value of %s", dir, n).isEqualTo(value(n));
        n++;
      }
      return n;
    }
  }

  private static List<Path> tables(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".ldb")).toList();
    }
  }

  @Test
  void copyOpensWithEveryWriteAndTablesAreLinked() throws IOException {
    Path out = tmp.resolve("cp");
    try (Db db = Strata.open(db(), small(null))) {
      for (int i = 0; i < 3000; i++) {
        db.put(key(i), value(i));
      }
      db.waitForCompactions();
      for (int i = 3000; i < 3100; i++) {
        db.put(WriteOptions.DEFAULT.withDisableWal(true), key(i), value(i));
      }
      db.checkpoint(out);
      assertThat(tables(out)).isNotEmpty();
      for (Path t : tables(out)) {
        assertThat(Files.getAttribute(t, "unix:nlink")).as("%s is a hard link", t)
            .isEqualTo(2);
      }
      assertThat(out.resolve("CURRENT")).exists();
      assertThat(out.resolve("LOCK")).doesNotExist();
      // The source goes on; the copy does not see what follows.
      db.put(key(3100), value(3100));
      db.compactRange(null, null);
      assertThat(db.get(key(3100))).isEqualTo(value(3100));
    }
    assertThat(assertPrefix(out)).isEqualTo(3100);
    assertThat(assertPrefix(db())).isEqualTo(3101);
  }

  @Test
  void tablesAreCopiedWhenLinkingFails() throws IOException {
    RecordingFileSystem fs = new RecordingFileSystem();
    fs.refuseLinks = true;
    Path out = tmp.resolve("cp");
    try (Db db = Strata.open(db(), small(fs))) {
      for (int i = 0; i < 2000; i++) {
        db.put(key(i), value(i));
      }
      db.checkpoint(out);
    }
    assertThat(tables(out)).isNotEmpty();
    for (Path t : tables(out)) {
      assertThat(Files.getAttribute(t, "unix:nlink")).as("%s is a copy", t).isEqualTo(1);
    }
    assertThat(assertPrefix(out)).isEqualTo(2000);
  }

  @Test
  void anExistingTargetIsRefused() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("cp"));
    try (Db db = Strata.open(db(), small(null))) {
      db.put(key(0), value(0));
      assertThatThrownBy(() -> db.checkpoint(out))
          .isInstanceOf(FileAlreadyExistsException.class)
          .hasMessageContaining(out.toString())
          .hasMessageContaining("checkpoint directory exists");
      assertThatThrownBy(() -> db.checkpoint(null)).isInstanceOf(NullPointerException.class)
          .hasMessage("dir");
      try (Stream<Path> s = Files.list(out)) {
        assertThat(s).isEmpty();
      }
      assertThat(db.get(key(0))).isEqualTo(value(0));
    }
  }

  @Test
  void aFailedCheckpointRemovesWhatItWrote() throws IOException {
    RecordingFileSystem fs = new RecordingFileSystem();
    Path out = tmp.resolve("cp").toAbsolutePath().normalize();
    try (Db db = Strata.open(db(), small(fs))) {
      for (int i = 0; i < 1000; i++) {
        db.put(key(i), value(i));
      }
      fs.failSyncOf = out;
      assertThatThrownBy(() -> db.checkpoint(out)).isInstanceOf(IOException.class)
          .hasMessageContaining("injected failure");
      assertThat(out).doesNotExist();
      fs.failSyncOf = null;
      db.put(key(1000), value(1000));
      db.checkpoint(out);
    }
    assertThat(assertPrefix(out)).isEqualTo(1001);
  }

  @Test
  void checkpointsDuringWritesAndCompactionsHoldAPrefixOfTheWrites() throws Exception {
    int checkpoints = 4;
    AtomicInteger acknowledged = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Path> outs = new ArrayList<>();
    List<Integer> ackedBefore = new ArrayList<>();
    try (Db db = Strata.open(db(), small(null))) {
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; !stop.get() && i < 200_000; i++) {
            db.put(key(i), value(i));
            acknowledged.set(i + 1);
          }
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "checkpoint-test-writer");
      // Manual compactions on top of those the writes trigger, so that checkpoints meet them.
      Thread compactor = new Thread(() -> {
        try {
          while (!stop.get()) {
            db.compactRange(null, null);
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }, "checkpoint-test-compactor");
      writer.start();
      compactor.start();
      try {
        for (int c = 0; c < checkpoints; c++) {
          while (acknowledged.get() < (c + 1) * 3000 && writer.isAlive()) {
            Thread.sleep(1);
          }
          Path out = tmp.resolve("cp" + c);
          ackedBefore.add(acknowledged.get());
          db.checkpoint(out);
          outs.add(out);
        }
      } finally {
        stop.set(true);
        writer.join();
        compactor.join();
      }
      assertThat(failure.get()).isNull();
      assertThat(db.statistics().levels().stream().mapToLong(l -> l.compactions()).sum())
          .as("compactions ran alongside").isPositive();
      int total = acknowledged.get();
      assertThat(db.getLatestSequenceNumber()).isEqualTo(total);
      db.compactRange(null, null);
      assertThat(db.get(key(total - 1))).isEqualTo(value(total - 1));
    }
    for (int c = 0; c < checkpoints; c++) {
      // Every file whole: the logs were cut at a write group's end, the MANIFEST at an edit's.
      DbVerifier.Report report = new DbVerifier(new LocalFileSystem(), outs.get(c),
          BytewiseComparator.INSTANCE).verify();
      assertThat(report.files()).as("checkpoint %s: %s", c, report.files())
          .allMatch(DbVerifier.FileResult::ok);
      int n = assertPrefix(outs.get(c));
      assertThat(n).as("checkpoint %s holds every write acknowledged before it", c)
          .isGreaterThanOrEqualTo(ackedBefore.get(c));
    }
    assertPrefix(db());
  }
}
