package io.strata.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.WriteOptions;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.WritableFile;
import io.strata.core.Strata;
import io.strata.testkit.FileOperation.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code FileSystem.link} under the power-loss model, and a checkpoint that must survive a power
 * loss right after it returns: every file and directory entry it made was synced.
 */
class CheckpointPowerLossTest {
  private static final FileSystem DISK = new NoFsyncFileSystem();

  @TempDir Path root;

  @Test
  void aLinkIsDurableOnceItsDirectoryIsSynced() throws IOException {
    Path a = root.resolve("a");
    Path b = root.resolve("b");
    Files.createDirectories(a);
    Files.createDirectories(b);
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(DISK);
    try (WritableFile f = fs.newWritableFile(a.resolve("t.ldb"))) {
      f.append("table".getBytes(UTF_8));
      f.sync();
    }
    fs.syncDirectory(a);
    fs.link(a.resolve("t.ldb"), b.resolve("t.ldb"));
    fs.link(a.resolve("t.ldb"), b.resolve("u.ldb"));
    assertThat(fs.count(Kind.LINK)).isEqualTo(2);
    assertThat(fs.history()).anyMatch(op -> op.kind() == Kind.LINK
        && op.targetName().orElseThrow().equals("u.ldb"));
    fs.crash();
    assertThat(b.resolve("t.ldb")).as("entry never synced").doesNotExist();
    assertThat(a.resolve("t.ldb")).hasContent("table");

    FaultInjectionFileSystem fs2 = new FaultInjectionFileSystem(DISK);
    fs2.link(a.resolve("t.ldb"), b.resolve("t.ldb"));
    fs2.syncDirectory(b);
    fs2.crash();
    assertThat(b.resolve("t.ldb")).hasContent("table");
  }

  @Test
  void aCheckpointSurvivesAPowerLossRightAfterIt() throws IOException {
    Path dir = root.resolve("db");
    Path out = root.resolve("cp");
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(DISK);
    Options options = Options.builder().fileSystem(fs).writeBufferSizeBytes(64 << 10).build();
    Db db = Strata.open(dir, options);
    for (int i = 0; i < 2000; i++) {
      db.put(key(i), ("v" + i).getBytes(UTF_8));
    }
    for (int i = 2000; i < 2100; i++) {
      db.put(WriteOptions.DEFAULT.withDisableWal(true), key(i), ("v" + i).getBytes(UTF_8));
    }
    db.checkpoint(out);
    assertThat(fs.count(Kind.LINK)).isPositive();
    fs.crash();
    try {
      db.close();
    } catch (IOException e) {
      // The file system is dead after the simulated power loss; the disk is what it left.
    }
    try (Db copy = Strata.open(out, Options.builder().fileSystem(DISK).build());
        DbIterator it = copy.newIterator()) {
      int n = 0;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        assertThat(it.key()).isEqualTo(key(n));
        n++;
      }
      assertThat(n).isEqualTo(2100);
    }
  }

  private static byte[] key(int i) {
    return String.format("k%06d", i).getBytes(UTF_8);
  }
}
