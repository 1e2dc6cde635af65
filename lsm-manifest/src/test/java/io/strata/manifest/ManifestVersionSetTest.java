package io.strata.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.base.Ticker;
import io.strata.api.Bytes;
import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.KeyComparator;
import io.strata.api.Options;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.PinnedVersion;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestVersionSetTest {
  @TempDir Path dir;
  private final LocalFileSystem fs = new LocalFileSystem();

  private ManifestVersionSet open(FileSystem fileSystem, Options options) {
    return new ManifestVersionSet(new PluginContext(dir, fileSystem, options,
        new InternalKeyComparator(options.comparator()), Ticker.systemTicker()));
  }

  private ManifestVersionSet open() {
    return open(fs, Options.defaults());
  }

  private static InternalKey key(String user, long seq) {
    return new InternalKey(Bytes.copyOf(user.getBytes(StandardCharsets.UTF_8)), seq,
        ValueType.VALUE);
  }

  private static FileMetaData file(long number, String smallest, String largest) {
    return new FileMetaData(number, 1000 + number, key(smallest, number), key(largest, number));
  }

  private static void assertSameVersion(Version actual, Version expected) {
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      assertThat(actual.files(level)).as("level %s", level).isEqualTo(expected.files(level));
      assertThat(actual.compactPointer(level)).as("pointer %s", level)
          .isEqualTo(expected.compactPointer(level));
    }
  }

  private String current() throws IOException {
    return Files.readString(dir.resolve(FileNames.CURRENT), StandardCharsets.US_ASCII);
  }

  @Test
  void createWritesTheFirstManifest() throws IOException {
    try (ManifestVersionSet vs = open()) {
      assertThat(vs.exists()).isFalse();
      vs.create();
      assertThat(vs.exists()).isTrue();
      assertThat(current()).isEqualTo("MANIFEST-000001\n");
      assertThat(vs.manifestFileNumber()).isEqualTo(1);
      assertThat(vs.nextFileNumber()).isEqualTo(2);
      assertThat(vs.lastSequence()).isZero();
      assertThat(vs.logNumber()).isZero();
      assertThat(vs.bytesWritten()).isEqualTo(Files.size(dir.resolve("MANIFEST-000001")));
      assertThat(vs.liveFileNumbers()).isEmpty();
      assertThatThrownBy(vs::create).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("CURRENT exists");
    }
    // The one record is exactly LevelDB's NewDB edit.
    byte[] manifest = Files.readAllBytes(dir.resolve("MANIFEST-000001"));
    LogReader r = new LogReader(MemFile.of(manifest).reader(), "MANIFEST-000001", true);
    assertThat(VersionEditCodec.decode(r.readRecord(), "MANIFEST-000001", 0)).isEqualTo(
        VersionEdit.builder().comparatorName("leveldb.BytewiseComparator").logNumber(0)
            .nextFileNumber(2).lastSequence(0).build());
    assertThat(r.readRecord()).isNull();
  }

  @Test
  void recoversTheSameVersionAndCounters() throws IOException {
    Version expected;
    long next;
    try (ManifestVersionSet vs = open()) {
      vs.create();
      long f1 = vs.newFileNumber();
      long f2 = vs.newFileNumber();
      long log = vs.newFileNumber();
      vs.setLastSequence(100);
      vs.logAndApply(VersionEdit.builder().logNumber(log).addFile(0, file(f1, "a", "m"))
          .addFile(0, file(f2, "c", "z")).build());
      assertThat(vs.logNumber()).isEqualTo(log);
      long f3 = vs.newFileNumber();
      long f4 = vs.newFileNumber();
      vs.setLastSequence(250);
      vs.logAndApply(VersionEdit.builder().deleteFile(0, f1).deleteFile(0, f2)
          .addFile(1, file(f3, "a", "k")).addFile(1, file(f4, "l", "z"))
          .compactPointer(0, key("z", 3)).build());
      long f5 = vs.newFileNumber();
      vs.logAndApply(VersionEdit.builder().addFile(2, file(f5, "b", "c"))
          .compactPointer(1, key("k", 4)).compactPointer(1, key("q", 5)).build());
      expected = vs.current();
      next = vs.nextFileNumber();
      assertThat(expected.files(0)).isEmpty();
      assertThat(expected.files(1)).extracting(FileMetaData::fileNumber).containsExactly(f3, f4);
      assertThat(vs.liveFileNumbers()).containsExactlyInAnyOrder(f3, f4, f5);
    }
    try (ManifestVersionSet vs = open()) {
      assertThat(vs.exists()).isTrue();
      vs.recover();
      assertSameVersion(vs.current(), expected);
      assertThat(vs.current().compactPointer(1)).contains(key("q", 5));
      assertThat(vs.lastSequence()).isEqualTo(250);
      assertThat(vs.logNumber()).isEqualTo(4);
      assertThat(vs.prevLogNumber()).isZero();
      assertThat(vs.manifestFileNumber()).isEqualTo(1);
      assertThat(vs.nextFileNumber()).isEqualTo(next);
      assertThat(vs.bytesWritten()).isZero();

      // The next edit starts a new MANIFEST holding a snapshot; the old one is left alone.
      long oldSize = Files.size(dir.resolve("MANIFEST-000001"));
      long f6 = vs.newFileNumber();
      vs.logAndApply(VersionEdit.builder().addFile(3, file(f6, "x", "y")).build());
      assertThat(vs.manifestFileNumber()).isEqualTo(f6 + 1);
      assertThat(current()).isEqualTo(FileNames.manifestFileName(f6 + 1) + "\n");
      assertThat(Files.size(dir.resolve("MANIFEST-000001"))).isEqualTo(oldSize);
      assertThat(vs.bytesWritten())
          .isEqualTo(Files.size(dir.resolve(FileNames.manifestFileName(f6 + 1))));
      // The edit recorded a next file number above the new MANIFEST's.
      assertThat(vs.nextFileNumber()).isGreaterThan(vs.manifestFileNumber());
      expected = vs.current();
    }
    try (ManifestVersionSet vs = open()) {
      vs.recover();
      assertSameVersion(vs.current(), expected);
      assertThat(vs.lastSequence()).isEqualTo(250);
      assertThat(vs.nextFileNumber()).isGreaterThan(vs.manifestFileNumber());
    }
  }

  @Test
  void rotatesTheManifestWhenItPassesItsSizeLimit() throws IOException {
    Options options = Options.builder().maxManifestFileSizeBytes(64 << 10).build();
    String big = "k".repeat(2000); // ~4 KiB per edit
    Version expected;
    long lastManifest;
    int manifests = 1;
    try (ManifestVersionSet vs = open(fs, options)) {
      vs.create();
      vs.logAndApply(VersionEdit.builder().feature("merge").build());
      long previous = -1;
      long manifest = vs.manifestFileNumber();
      for (int i = 0; i < 60; i++) {
        long n = vs.newFileNumber();
        VersionEdit.Builder e = VersionEdit.builder()
            .addFile(0, file(n, big + String.format("%04d", i), big + String.format("%04dz", i)));
        if (previous > 0) {
          e.deleteFile(0, previous);
        }
        vs.setLastSequence(i);
        vs.logAndApply(e.build());
        previous = n;
        if (vs.manifestFileNumber() != manifest) {
          manifests++;
          manifest = vs.manifestFileNumber();
        }
        assertThat(Files.size(dir.resolve(FileNames.manifestFileName(manifest))))
            .isLessThan((64 << 10) + 8192);
      }
      expected = vs.current();
      lastManifest = vs.manifestFileNumber();
      assertThat(vs.bytesWritten()).isGreaterThan(3L * (60 << 10));
    }
    assertThat(manifests).isGreaterThanOrEqualTo(4);
    assertThat(current()).isEqualTo(FileNames.manifestFileName(lastManifest) + "\n");
    try (ManifestVersionSet vs = open(fs, options)) {
      vs.recover();
      assertSameVersion(vs.current(), expected);
      assertThat(vs.lastSequence()).isEqualTo(59);
      assertThat(vs.current().numFiles(0)).isEqualTo(1);
      // The feature recorded in the first MANIFEST is repeated by every later one.
      assertThat(vs.current().features()).containsExactly("merge");
    }
  }

  @Test
  void toleratesATornManifestTail() throws IOException {
    Version beforeLast;
    try (ManifestVersionSet vs = open()) {
      vs.create();
      for (int i = 0; i < 5; i++) {
        beforeLast = vs.current();
        vs.setLastSequence(10 * (i + 1));
        long n = vs.newFileNumber();
        vs.logAndApply(VersionEdit.builder().addFile(1, file(n, "k" + i, "k" + i + "z")).build());
      }
    }
    Path manifest = dir.resolve("MANIFEST-000001");
    long size = Files.size(manifest);
    try (FileChannel ch = FileChannel.open(manifest, StandardOpenOption.WRITE)) {
      ch.truncate(size - 3);
    }
    try (ManifestVersionSet vs = open()) {
      vs.recover();
      assertThat(vs.current().files(1)).hasSize(4);
      assertThat(vs.lastSequence()).isEqualTo(40);
      // The damaged MANIFEST is never appended to again.
      long n = vs.newFileNumber();
      vs.logAndApply(VersionEdit.builder().addFile(2, file(n, "a", "b")).build());
      assertThat(Files.size(manifest)).isEqualTo(size - 3);
    }
    try (ManifestVersionSet vs = open()) {
      vs.recover();
      assertThat(vs.current().files(1)).hasSize(4);
      assertThat(vs.current().files(2)).hasSize(1);
    }
  }

  @Test
  void damagedManifestRecordIsCorruption() throws IOException {
    try (ManifestVersionSet vs = open()) {
      vs.create();
      for (int i = 0; i < 3; i++) {
        long n = vs.newFileNumber();
        vs.logAndApply(VersionEdit.builder().addFile(1, file(n, "k" + i, "k" + i + "z")).build());
      }
    }
    Path manifest = dir.resolve("MANIFEST-000001");
    byte[] bytes = Files.readAllBytes(manifest);
    bytes[LogFormat.HEADER_SIZE + 2] ^= 0x10; // inside the first record's payload
    Files.write(manifest, bytes);
    try (ManifestVersionSet vs = open()) {
      CorruptionException e = catchThrowableOfType(CorruptionException.class, vs::recover);
      assertThat(e).isNotNull();
      assertThat(e.file()).isEqualTo("MANIFEST-000001");
      assertThat(e.offset()).isZero();
      assertThat(e).hasMessageContaining("checksum mismatch");
    }
  }

  @Test
  void editThatDoesNotApplyIsCorruption() throws IOException {
    Path manifest = dir.resolve("MANIFEST-000001");
    try (LogWriter w = new LogWriter(fs.newWritableFile(manifest))) {
      w.addRecord(VersionEditCodec.encode(VersionEdit.builder()
          .comparatorName("leveldb.BytewiseComparator").logNumber(0).nextFileNumber(10)
          .lastSequence(0).addFile(1, file(5, "a", "m")).build()));
      w.addRecord(VersionEditCodec.encode(VersionEdit.builder()
          .addFile(1, file(6, "c", "d")).build()));
    }
    FileNames.setCurrentFile(fs, dir, 1);
    try (ManifestVersionSet vs = open()) {
      CorruptionException e = catchThrowableOfType(CorruptionException.class, vs::recover);
      assertThat(e.file()).isEqualTo("MANIFEST-000001");
      assertThat(e.offset()).isGreaterThan(0);
      assertThat(e).hasMessageContaining("overlapping files in level 1");
    }
  }

  @Test
  void missingCountersAreCorruption() throws IOException {
    Path manifest = dir.resolve("MANIFEST-000001");
    try (LogWriter w = new LogWriter(fs.newWritableFile(manifest))) {
      w.addRecord(VersionEditCodec.encode(VersionEdit.builder()
          .comparatorName("leveldb.BytewiseComparator").logNumber(0).lastSequence(0).build()));
    }
    FileNames.setCurrentFile(fs, dir, 1);
    try (ManifestVersionSet vs = open()) {
      assertThatThrownBy(vs::recover).isInstanceOf(CorruptionException.class)
          .hasMessageContaining("MANIFEST-000001").hasMessageContaining("next-file-number");
    }
  }

  @Test
  void comparatorMismatchIsRefused() throws IOException {
    try (ManifestVersionSet vs = open()) {
      vs.create();
    }
    KeyComparator reverse = new KeyComparator() {
      @Override
      public String name() {
        return "test.ReverseComparator";
      }

      @Override
      public int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        return -BytewiseComparator.INSTANCE.compare(a, aOff, aLen, b, bOff, bLen);
      }

      @Override
      public byte[] findShortestSeparator(byte[] start, byte[] limit) {
        return start;
      }

      @Override
      public byte[] findShortSuccessor(byte[] key) {
        return key;
      }
    };
    try (ManifestVersionSet vs = open(fs, Options.builder().comparator(reverse).build())) {
      assertThatThrownBy(vs::recover).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("comparator mismatch: database uses leveldb.BytewiseComparator, "
              + "options give test.ReverseComparator");
    }
  }

  @Test
  void malformedCurrentIsCorruption() throws IOException {
    try (ManifestVersionSet vs = open()) {
      vs.create();
    }
    Path current = dir.resolve(FileNames.CURRENT);
    String[][] cases = {
        {"MANIFEST-000001", "does not end with a newline"},
        {"garbage\n", "does not name a MANIFEST file"},
        {"000001.log\n", "does not name a MANIFEST file"},
        {"MANIFEST-000001\n\n", "does not name a MANIFEST file"},
        {"", "does not end with a newline"},
        {"MANIFEST-000009\n", "MANIFEST-000009, which does not exist"},
    };
    for (String[] c : cases) {
      Files.writeString(current, c[0], StandardCharsets.US_ASCII);
      try (ManifestVersionSet vs = open()) {
        CorruptionException e = catchThrowableOfType(CorruptionException.class, vs::recover);
        assertThat(e).as("'%s'", c[0]).isNotNull();
        assertThat(e.file()).isEqualTo("CURRENT");
        assertThat(e).hasMessageContaining(c[1]);
      }
    }
  }

  @Test
  void pinnedVersionKeepsItsFilesLive() throws IOException {
    try (ManifestVersionSet vs = open()) {
      vs.create();
      long a = vs.newFileNumber();
      long b = vs.newFileNumber();
      vs.logAndApply(VersionEdit.builder().addFile(0, file(a, "a", "b")).build());
      PinnedVersion pin = vs.pinCurrent();
      PinnedVersion pin2 = vs.pinCurrent();
      assertThat(pin.version()).isSameAs(vs.current());
      vs.logAndApply(VersionEdit.builder().deleteFile(0, a).addFile(1, file(b, "a", "b")).build());
      assertThat(vs.current().fileNumbers()).containsExactly(b);
      assertThat(vs.liveFileNumbers()).containsExactlyInAnyOrder(a, b);
      assertThat(vs.pinCount(pin.version())).isEqualTo(2);

      pin.close();
      pin.close(); // idempotent: does not release pin2's reference
      assertThat(vs.liveFileNumbers()).containsExactlyInAnyOrder(a, b);
      pin2.close();
      assertThat(vs.liveFileNumbers()).containsExactly(b);
      assertThat(vs.pinnedVersions()).isZero();

      // Pinning the current Version keeps nothing extra alive once it is replaced and released.
      try (PinnedVersion p = vs.pinCurrent()) {
        vs.logAndApply(VersionEdit.builder().deleteFile(1, b).build());
        assertThat(vs.liveFileNumbers()).containsExactly(b);
        assertThat(p.version().fileNumbers()).containsExactly(b);
      }
      assertThat(vs.liveFileNumbers()).isEmpty();
    }
  }

  @Test
  void failedManifestWriteIsSticky() throws IOException {
    FaultyFileSystem faulty = new FaultyFileSystem();
    try (ManifestVersionSet vs = open(faulty, Options.defaults())) {
      vs.create();
      long a = vs.newFileNumber();
      vs.logAndApply(VersionEdit.builder().addFile(0, file(a, "a", "b")).build());
      Version before = vs.current();
      faulty.failSyncPrefix = "MANIFEST-";
      long b = vs.newFileNumber();
      VersionEdit edit = VersionEdit.builder().addFile(0, file(b, "c", "d")).build();
      assertThatThrownBy(() -> vs.logAndApply(edit)).isInstanceOf(IOException.class)
          .hasMessageContaining("injected sync failure");
      assertThat(vs.current()).isSameAs(before);
      faulty.failSyncPrefix = null;
      IOException later = catchThrowableOfType(IOException.class, () -> vs.logAndApply(edit));
      assertThat(later).hasMessage("MANIFEST write failed earlier");
      assertThat(later.getCause()).hasMessageContaining("injected sync failure");
      assertThat(vs.current()).isSameAs(before);
    }
    try (ManifestVersionSet vs = open()) {
      vs.recover();
      assertThat(vs.current().numFiles(0)).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void failedStartOfANewManifestLeavesCurrentAlone() throws IOException {
    FaultyFileSystem faulty = new FaultyFileSystem();
    try (ManifestVersionSet vs = open(faulty, Options.defaults())) {
      vs.create();
    }
    try (ManifestVersionSet vs = open(faulty, Options.defaults())) {
      vs.recover();
      faulty.failRename = true;
      long a = vs.newFileNumber();
      assertThatThrownBy(() -> vs.logAndApply(VersionEdit.builder()
          .addFile(0, file(a, "a", "b")).build())).isInstanceOf(IOException.class);
      assertThat(current()).isEqualTo("MANIFEST-000001\n");
      assertThat(vs.current().numFiles(0)).isZero();
      // The half-made MANIFEST is removed.
      assertThat(faulty.list(dir)).containsExactlyInAnyOrder("CURRENT", "MANIFEST-000001");
    }
  }

  @Test
  void manifestThatCurrentAlreadyNamesIsKeptAfterAFailedDirectorySync() throws IOException {
    FaultyFileSystem faulty = new FaultyFileSystem();
    try (ManifestVersionSet vs = open(faulty, Options.defaults())) {
      vs.create();
    }
    long a;
    try (ManifestVersionSet vs = open(faulty, Options.defaults())) {
      vs.recover();
      faulty.failSyncDirectory = true;
      a = vs.newFileNumber();
      assertThatThrownBy(() -> vs.logAndApply(VersionEdit.builder()
          .addFile(0, file(a, "a", "b")).build())).isInstanceOf(IOException.class)
          .hasMessageContaining("injected directory sync failure");
      assertThat(vs.current().numFiles(0)).isZero();
      // The rename took effect: CURRENT names the new MANIFEST, which must not be deleted.
      String name = FileNames.manifestFileName(a + 1);
      assertThat(current()).isEqualTo(name + "\n");
      assertThat(faulty.list(dir)).contains(name);
    }
    try (ManifestVersionSet vs = open()) {
      vs.recover();
      // The edit was durable, so it is part of the recovered state.
      assertThat(vs.current().fileNumbers()).containsExactly(a);
    }
  }

  @Test
  void failedCreateRemovesItsManifest() throws IOException {
    FaultyFileSystem faulty = new FaultyFileSystem();
    faulty.failRename = true;
    try (ManifestVersionSet vs = open(faulty, Options.defaults())) {
      assertThatThrownBy(vs::create).isInstanceOf(IOException.class)
          .hasMessageContaining("injected rename failure");
      assertThat(dir).isEmptyDirectory();
      assertThat(vs.exists()).isFalse();
    }
  }

  @Test
  void pinsTakenConcurrentlyWithEditsAreAllReleased() throws Exception {
    try (ManifestVersionSet vs = open()) {
      vs.create();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        Thread th = new Thread(() -> {
          try {
            while (!stop.get()) {
              try (PinnedVersion p = vs.pinCurrent()) {
                // Every file of a pinned Version stays live while it is pinned.
                assertThat(vs.liveFileNumbers()).containsAll(p.version().fileNumbers());
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
        readers.add(th);
        th.start();
      }
      long previous = -1;
      for (int i = 0; i < 50; i++) {
        long n = vs.newFileNumber();
        VersionEdit.Builder e = VersionEdit.builder().addFile(0, file(n, "a", "z"));
        if (previous > 0) {
          e.deleteFile(0, previous);
        }
        vs.logAndApply(e.build());
        previous = n;
      }
      stop.set(true);
      for (Thread th : readers) {
        th.join();
      }
      assertThat(failure.get()).isNull();
      assertThat(vs.pinnedVersions()).isZero();
      assertThat(vs.liveFileNumbers()).containsExactly(previous);
    }
  }

  @Test
  void callerMistakesAreRejectedBeforeAnythingIsWritten() throws IOException {
    ManifestVersionSet vs = open();
    assertThatThrownBy(() -> vs.logAndApply(VersionEdit.builder().build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("create()");
    vs.create();
    long a = vs.newFileNumber();
    long b = vs.newFileNumber();
    vs.logAndApply(VersionEdit.builder().logNumber(a).addFile(1, file(b, "a", "m")).build());
    long written = vs.bytesWritten();
    assertThatThrownBy(() -> vs.logAndApply(VersionEdit.builder().logNumber(a - 1).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log number");
    assertThatThrownBy(() -> vs.logAndApply(VersionEdit.builder().logNumber(1000).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
    long c = vs.newFileNumber();
    assertThatThrownBy(() -> vs.logAndApply(VersionEdit.builder()
        .addFile(1, file(c, "k", "z")).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlapping");
    assertThat(vs.bytesWritten()).isEqualTo(written);

    vs.setLastSequence(5);
    assertThatThrownBy(() -> vs.setLastSequence(4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 < 5");
    vs.markFileNumberUsed(500);
    assertThat(vs.newFileNumber()).isEqualTo(501);
    vs.markFileNumberUsed(10);
    assertThat(vs.newFileNumber()).isEqualTo(502);

    vs.close();
    assertThatThrownBy(() -> vs.logAndApply(VersionEdit.builder().build()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
