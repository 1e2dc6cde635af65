package io.strata.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.spi.env.FileLock;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.env.WritableFile;
import io.strata.testkit.FileOperation.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultInjectionFileSystemTest {
  @TempDir Path dir;
  private final LocalFileSystem local = new LocalFileSystem();

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Writes {@code name} with {@code data}, synced, and syncs the directory. */
  private void durableFile(FaultInjectionFileSystem fs, String name, byte[] data)
      throws IOException {
    try (WritableFile f = fs.newWritableFile(dir.resolve(name))) {
      f.append(data);
      f.sync();
    }
    fs.syncDirectory(dir);
  }

  @Test
  void unsyncedBytesAreDroppedAndSyncedOnesKept() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    byte[] synced = bytes(10_000, 1);
    WritableFile f = fs.newWritableFile(dir.resolve("a"));
    f.append(synced);
    f.sync();
    fs.syncDirectory(dir);
    f.append(bytes(5000, 2));
    f.flush();
    fs.crash();
    assertThat(Files.readAllBytes(dir.resolve("a"))).isEqualTo(synced);
  }

  @Test
  void logIsCutBackToItsSyncedBytes() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    WritableFile f = fs.newLogFile(dir.resolve("000003.log"));
    f.append(bytes(3000, 1));
    f.sync();
    fs.syncDirectory(dir);
    f.append(bytes(3000, 2));
    f.flush();
    fs.crash();
    assertThat(Files.readAllBytes(dir.resolve("000003.log"))).isEqualTo(bytes(3000, 1));
  }

  @Test
  void createWithoutDirectorySyncIsUndoneEvenIfItsDataWasSynced() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    durableFile(fs, "kept", bytes(10, 1));
    try (WritableFile f = fs.newWritableFile(dir.resolve("new"))) {
      f.append(bytes(10, 2));
      f.sync();
    }
    fs.crash();
    assertThat(dir.resolve("new")).doesNotExist();
    assertThat(Files.readAllBytes(dir.resolve("kept"))).isEqualTo(bytes(10, 1));
  }

  @Test
  void filesPresentBeforeTheFirstOperationAreDurable() throws IOException {
    Files.write(dir.resolve("old"), bytes(100, 3));
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    fs.delete(dir.resolve("old"));
    assertThat(dir.resolve("old")).doesNotExist();
    fs.crash();
    assertThat(Files.readAllBytes(dir.resolve("old"))).isEqualTo(bytes(100, 3));
  }

  @Test
  void deleteOfAMissingFileThrowsNoSuchFile() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    assertThatThrownBy(() -> fs.delete(dir.resolve("missing")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void unsyncedDeleteComesBackAndSyncedDeleteStays() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    durableFile(fs, "undone", bytes(5000, 1));
    durableFile(fs, "gone", bytes(5000, 2));
    fs.delete(dir.resolve("gone"));
    fs.syncDirectory(dir);
    fs.delete(dir.resolve("undone"));
    fs.crash();
    assertThat(Files.readAllBytes(dir.resolve("undone"))).isEqualTo(bytes(5000, 1));
    assertThat(dir.resolve("gone")).doesNotExist();
  }

  @Test
  void renameOverAFileIsUndoneUntilTheDirectoryIsSynced() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    durableFile(fs, "CURRENT", "MANIFEST-000001\n".getBytes(UTF_8));
    try (WritableFile f = fs.newWritableFile(dir.resolve("000005.dbtmp"))) {
      f.append("MANIFEST-000005\n".getBytes(UTF_8));
      f.sync();
    }
    fs.rename(dir.resolve("000005.dbtmp"), dir.resolve("CURRENT"));
    assertThat(Files.readString(dir.resolve("CURRENT"))).isEqualTo("MANIFEST-000005\n");
    fs.crash();
    assertThat(Files.readString(dir.resolve("CURRENT"))).isEqualTo("MANIFEST-000001\n");
    assertThat(dir.resolve("000005.dbtmp")).doesNotExist();
  }

  @Test
  void renameOfADurableFileIsUndoneToItsOldName() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    durableFile(fs, "a", bytes(100, 1));
    fs.rename(dir.resolve("a"), dir.resolve("b"));
    fs.crash();
    assertThat(Files.readAllBytes(dir.resolve("a"))).isEqualTo(bytes(100, 1));
    assertThat(dir.resolve("b")).doesNotExist();
  }

  @Test
  void syncedRenameSurvives() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    durableFile(fs, "CURRENT", "old\n".getBytes(UTF_8));
    try (WritableFile f = fs.newWritableFile(dir.resolve("tmp"))) {
      f.append("new\n".getBytes(UTF_8));
      f.sync();
    }
    fs.rename(dir.resolve("tmp"), dir.resolve("CURRENT"));
    fs.syncDirectory(dir);
    fs.crash();
    assertThat(Files.readString(dir.resolve("CURRENT"))).isEqualTo("new\n");
    assertThat(dir.resolve("tmp")).doesNotExist();
  }

  @Test
  void renamedFileKeepsOnlyItsSyncedBytesUnderItsNewName() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    WritableFile f = fs.newWritableFile(dir.resolve("a"));
    f.append(bytes(100, 1));
    f.sync();
    f.append(bytes(100, 2));
    f.flush();
    fs.rename(dir.resolve("a"), dir.resolve("b"));
    fs.syncDirectory(dir);
    fs.crash();
    assertThat(Files.readAllBytes(dir.resolve("b"))).isEqualTo(bytes(100, 1));
    assertThat(dir.resolve("a")).doesNotExist();
  }

  @Test
  void keepRandomPrefixKeepsAPrefixOfTheUnsyncedBytes() throws IOException {
    Set<Long> lengths = new HashSet<>();
    byte[] synced = bytes(1000, 1);
    byte[] all = concat(synced, bytes(9000, 2));
    for (int seed = 0; seed < 20; seed++) {
      Path sub = Files.createDirectories(dir.resolve("s" + seed));
      FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local, seed);
      WritableFile f = fs.newWritableFile(sub.resolve("f"));
      f.append(synced);
      f.sync();
      fs.syncDirectory(sub);
      f.append(Arrays.copyOfRange(all, synced.length, all.length));
      f.flush();
      fs.crash(new CrashMode(CrashMode.UnsyncedData.KEEP_RANDOM_PREFIX,
          CrashMode.UnsyncedEntries.UNDO));
      byte[] got = Files.readAllBytes(sub.resolve("f"));
      assertThat(got.length).isBetween(synced.length, all.length);
      assertThat(got).isEqualTo(Arrays.copyOf(all, got.length));
      lengths.add((long) got.length);
    }
    assertThat(lengths).hasSizeGreaterThan(10);
  }

  @Test
  void tornLastBlockReadsAsZerosPastASyncedPrefix() throws IOException {
    checkTornBlock(CrashMode.UnsyncedData.TEAR_LAST_BLOCK_ZEROS);
  }

  @Test
  void tornLastBlockReadsAsGarbagePastASyncedPrefix() throws IOException {
    checkTornBlock(CrashMode.UnsyncedData.TEAR_LAST_BLOCK_GARBAGE);
  }

  private void checkTornBlock(CrashMode.UnsyncedData data) throws IOException {
    byte[] synced = bytes(5000, 1);
    byte[] all = concat(synced, bytes(20_000, 2));
    int differing = 0;
    for (int seed = 0; seed < 20; seed++) {
      Path sub = Files.createDirectories(dir.resolve("s" + seed));
      FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local, seed);
      WritableFile f = fs.newWritableFile(sub.resolve("f"));
      f.append(synced);
      f.sync();
      fs.syncDirectory(sub);
      f.append(Arrays.copyOfRange(all, synced.length, all.length));
      fs.crash(new CrashMode(data, CrashMode.UnsyncedEntries.UNDO));
      byte[] got = Files.readAllBytes(sub.resolve("f"));
      assertThat(got.length).isGreaterThan(synced.length).isLessThanOrEqualTo(all.length);
      assertThat(Arrays.copyOf(got, synced.length)).isEqualTo(synced);
      // Everything before the last 4 KiB block (and past the synced bytes) is intact.
      int blockStart = Math.max(synced.length, (got.length - 1) / 4096 * 4096);
      assertThat(Arrays.copyOf(got, blockStart)).isEqualTo(Arrays.copyOf(all, blockStart));
      int firstBad = blockStart;
      while (firstBad < got.length && got[firstBad] == all[firstBad]) {
        firstBad++;
      }
      for (int i = firstBad; i < got.length && data == CrashMode.UnsyncedData.TEAR_LAST_BLOCK_ZEROS;
          i++) {
        assertThat(got[i]).as("byte %s", i).isZero();
      }
      if (firstBad < got.length) {
        differing++;
      }
    }
    assertThat(differing).isGreaterThan(5);
  }

  @Test
  void keepRandomEntryPrefixKeepsChangesInOrder() throws IOException {
    Set<List<Boolean>> outcomes = new HashSet<>();
    for (int seed = 0; seed < 40; seed++) {
      Path sub = Files.createDirectories(dir.resolve("s" + seed));
      FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local, seed);
      for (String name : new String[] {"a", "b", "c"}) {
        try (WritableFile f = fs.newWritableFile(sub.resolve(name))) {
          f.append(bytes(10, 0));
          f.sync();
        }
      }
      fs.crash(new CrashMode(CrashMode.UnsyncedData.DROP,
          CrashMode.UnsyncedEntries.KEEP_RANDOM_PREFIX));
      List<Boolean> present = List.of(Files.exists(sub.resolve("a")),
          Files.exists(sub.resolve("b")), Files.exists(sub.resolve("c")));
      // A prefix of the creates: never a later one without an earlier one.
      assertThat(present.indexOf(false) < 0 || !present.subList(present.indexOf(false), 3)
          .contains(true)).as("%s", present).isTrue();
      outcomes.add(present);
    }
    assertThat(outcomes).hasSize(4);
  }

  @Test
  void everythingFailsAfterACrashAndLocksAreReleased() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    FileLock lock = fs.lock(dir.resolve("LOCK"));
    durableFile(fs, "r", bytes(100, 1));
    WritableFile w = fs.newWritableFile(dir.resolve("w"));
    ReadableFile r = fs.newReadableFile(dir.resolve("r"));
    fs.crash();
    assertThat(fs.isCrashed()).isTrue();
    String dead = "file system is dead after a simulated power loss";
    assertThatThrownBy(() -> w.append(bytes(1, 1))).isInstanceOf(IOException.class)
        .hasMessageContaining(dead);
    assertThatThrownBy(w::sync).isInstanceOf(IOException.class).hasMessageContaining(dead);
    assertThatThrownBy(w::close).isInstanceOf(IOException.class).hasMessageContaining(dead);
    assertThatThrownBy(() -> r.readFully(0, new byte[1], 0, 1)).isInstanceOf(IOException.class)
        .hasMessageContaining(dead);
    assertThatThrownBy(() -> fs.newWritableFile(dir.resolve("x")))
        .isInstanceOf(IOException.class).hasMessageContaining(dead);
    assertThatThrownBy(() -> fs.rename(dir.resolve("r"), dir.resolve("s")))
        .isInstanceOf(IOException.class).hasMessageContaining(dead);
    assertThatThrownBy(() -> fs.delete(dir.resolve("r"))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> fs.syncDirectory(dir)).isInstanceOf(IOException.class);
    assertThatThrownBy(lock::close).isInstanceOf(IOException.class);
    assertThat(dir.resolve("r")).exists();
    // The kernel dropped the lock with the machine: another opener gets it.
    local.lock(dir.resolve("LOCK")).close();
    fs.crash(); // idempotent
  }

  @Test
  void failuresMatchKindAndFileName() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    FaultInjectionFileSystem.Fault manifestSync =
        fs.failWhen(FileOperation.of(Kind.SYNC, "MANIFEST-*"));
    fs.failOnce(FileOperation.of(Kind.RENAME, "CURRENT"));
    fs.failOnce(FileOperation.nth(Kind.DELETE, 2));
    WritableFile m = fs.newWritableFile(dir.resolve("MANIFEST-000002"));
    m.append(bytes(10, 1));
    assertThatThrownBy(m::sync).isInstanceOf(IOException.class)
        .hasMessage("injected fault: SYNC#1 MANIFEST-000002");
    assertThatThrownBy(m::sync).isInstanceOf(IOException.class);
    assertThat(manifestSync.hits()).isEqualTo(2);
    manifestSync.remove();
    m.sync();
    m.close();
    durableFile(fs, "000003.ldb", bytes(10, 1)); // syncs of other files go through
    durableFile(fs, "tmp", bytes(10, 1));
    assertThatThrownBy(() -> fs.rename(dir.resolve("tmp"), dir.resolve("CURRENT")))
        .isInstanceOf(IOException.class).hasMessageContaining("RENAME#1 tmp -> CURRENT");
    assertThat(dir.resolve("tmp")).exists();
    fs.rename(dir.resolve("tmp"), dir.resolve("CURRENT"));
    fs.delete(dir.resolve("CURRENT"));
    assertThatThrownBy(() -> fs.delete(dir.resolve("000003.ldb")))
        .isInstanceOf(IOException.class).hasMessage("injected fault: DELETE#2 000003.ldb");
    assertThat(dir.resolve("000003.ldb")).exists();
    fs.delete(dir.resolve("000003.ldb"));
    assertThat(fs.count(Kind.SYNC)).isEqualTo(5);
    assertThat(fs.count(Kind.RENAME)).isEqualTo(2);
    assertThat(fs.count(Kind.DELETE)).isEqualTo(3);
  }

  @Test
  void failuresOfTheTestsChoosingAreThrownAsTheyAre() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    WritableFile log = fs.newLogFile(dir.resolve("000003.log"));
    FaultInjectionFileSystem.Fault fault = fs.failWhen(FileOperation.of(Kind.APPEND, "*.log"),
        op -> new InternalError("mapping fault at " + op));
    fs.failWhen(FileOperation.of(Kind.SYNC, "*.log"), op -> new IOException("sync of " + op));
    assertThatThrownBy(() -> log.append(bytes(10, 1))).isExactlyInstanceOf(InternalError.class)
        .hasMessage("mapping fault at APPEND#1 000003.log");
    assertThatThrownBy(log::sync).isExactlyInstanceOf(IOException.class)
        .hasMessage("sync of SYNC#1 000003.log");
    assertThat(fault.hits()).isEqualTo(1);
    fault.remove();
    log.append(bytes(10, 2));
    log.close();
    assertThat(Files.readAllBytes(dir.resolve("000003.log"))).isEqualTo(bytes(10, 2));
  }

  @Test
  void fullDiskFailsAppendsUntilSpaceIsFreed() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    WritableFile f = fs.newWritableFile(dir.resolve("f"));
    fs.setFreeSpaceBytes(150);
    f.append(bytes(100, 1));
    assertThatThrownBy(() -> f.append(bytes(100, 2))).isInstanceOf(IOException.class)
        .hasMessageContaining("No space left on device");
    assertThat(fs.freeSpaceBytes()).isEqualTo(50);
    fs.fillDisk();
    assertThatThrownBy(() -> f.append(bytes(1, 2))).isInstanceOf(IOException.class)
        .hasMessageContaining(FaultInjectionFileSystem.NO_SPACE_MESSAGE);
    fs.freeSpace();
    f.append(bytes(100, 3));
    f.close();
    assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(concat(bytes(100, 1),
        bytes(100, 3)));
  }

  @Test
  void countsAndHistoryListDurabilityPointsInOrder() throws IOException {
    FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
    durableFile(fs, "a", bytes(10, 1));
    fs.rename(dir.resolve("a"), dir.resolve("b"));
    fs.delete(dir.resolve("b"));
    assertThat(fs.history()).extracting(FileOperation::toString).containsExactly(
        "CREATE#1 a", "SYNC#1 a", "SYNC_DIRECTORY#1 " + dir.getFileName(), "RENAME#1 a -> b",
        "DELETE#1 b");
    assertThat(fs.count(Kind.APPEND)).isEqualTo(1);
    assertThat(fs.count(Kind.CLOSE)).isEqualTo(1);
  }

  @Test
  void crashBeforeASyncLosesItsBytesAndCrashAfterKeepsThem() throws IOException {
    for (boolean after : new boolean[] {false, true}) {
      Path sub = Files.createDirectories(dir.resolve("after-" + after));
      FaultInjectionFileSystem fs = new FaultInjectionFileSystem(local);
      if (after) {
        fs.crashAfter(FileOperation.nth(Kind.SYNC, 2), CrashMode.DROP_UNSYNCED);
      } else {
        fs.crashBefore(FileOperation.nth(Kind.SYNC, 2), CrashMode.DROP_UNSYNCED);
      }
      WritableFile f = fs.newWritableFile(sub.resolve("f"));
      f.append(bytes(100, 1));
      f.sync();
      fs.syncDirectory(sub);
      f.append(bytes(100, 2));
      if (after) {
        f.sync();
        assertThatThrownBy(() -> f.append(bytes(1, 1))).isInstanceOf(IOException.class);
      } else {
        assertThatThrownBy(f::sync).isInstanceOf(IOException.class)
            .hasMessage("simulated power loss before SYNC#2 f");
      }
      assertThat(fs.isCrashed()).isTrue();
      assertThat(Files.size(sub.resolve("f"))).isEqualTo(after ? 200 : 100);
    }
  }
}
