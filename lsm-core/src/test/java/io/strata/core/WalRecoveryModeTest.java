package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.Snapshot;
import io.strata.api.WalRecoveryMode;
import io.strata.api.WriteBatch;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.core.tools.DbRepairer;
import io.strata.core.tools.DbVerifier;
import io.strata.core.write.WriteBatchCodec;
import io.strata.manifest.FileNames;
import io.strata.manifest.LogFormat;
import io.strata.manifest.LogWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damage in the middle of a log, record 10 of 50 with intact records after it, under each
 * {@link WalRecoveryMode}: what open serves, throws and reports, what it keeps under
 * {@code lost/}, and what {@code verify} says before and after; and that open and verify agree
 * on what a torn tail is.
 *
 * <p>The directory: tables holding {@code t} keys, an older log with {@code o00..o49} (one
 * record each) and a newest log with {@code n00..n49}, as a crash leaves them.
 */
class WalRecoveryModeTest {
  private static final int RECORDS = 50;
  private static final int DAMAGED = 10;

  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String key(String prefix, int i) {
    return String.format("%s%02d", prefix, i);
  }

  /** Builds the directory; returns {older log, newest log}. */
  private String[] build() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 100; i++) {
        db.put(b("t" + i), b("table-" + i));
      }
      DbTesting.flushMemTable(db);
    }
    long lastSequence;
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < RECORDS; i++) {
        db.put(b(key("o", i)), b("older-" + i));
      }
      try (Snapshot s = db.getSnapshot()) {
        lastSequence = s.sequenceNumber();
      }
    }
    String older = logs().get(0);
    long number = 0;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        number = Math.max(number, FileNames.parse(p.getFileName().toString())
            .map(FileNames.ParsedFileName::number).orElse(0L));
      }
    }
    String newest = FileNames.logFileName(number + 1);
    try (LogWriter w = new LogWriter(new LocalFileSystem().newWritableFile(
        dir.resolve(newest)))) {
      for (int i = 0; i < RECORDS; i++) {
        ByteBuffer enc = new WriteBatch().put(b(key("n", i)), b("newest-" + i)).encoded();
        byte[] rep = new byte[enc.remaining()];
        enc.get(rep);
        WriteBatchCodec.setSequence(rep, lastSequence + 1 + i);
        w.addRecord(rep);
      }
      w.sync();
    }
    return new String[] {older, newest};
  }

  private List<String> logs() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted()
          .toList();
    }
  }

  /** The offset of each record of a log of small records (all FULL, in its first block). */
  private static List<Long> recordOffsets(Path log) throws IOException {
    byte[] bytes = Files.readAllBytes(log);
    List<Long> out = new ArrayList<>();
    for (int p = 0; bytes.length - p >= LogFormat.HEADER_SIZE; ) {
      out.add((long) p);
      p += LogFormat.HEADER_SIZE + LogFormat.payloadLength(bytes, p);
    }
    return out;
  }

  /** Damages record {@link #DAMAGED} of {@code log}: a payload bit flip or a length past its block. */
  private static long damage(Path log, String how) throws IOException {
    long offset = recordOffsets(log).get(DAMAGED);
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      if (how.equals("bit-flip")) {
        f.seek(offset + 12);
        int v = f.read();
        f.seek(offset + 12);
        f.write(v ^ 0x10);
      } else {
        f.seek(offset + 4);
        f.write(0xff);
        f.write(0xff); // 65535 bytes: past the end of its block
      }
    }
    return offset;
  }

  /** Appends what a crash in the middle of an append leaves: half a record, then zeros. */
  private static void tearTail(Path log) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      long end = f.length();
      f.seek(end);
      f.write(new byte[] {0, 0, 0, 0, (byte) 200, 0, 1});
      f.write(new byte[] {1, 12, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 'x'});
      f.setLength(end + (1 << 16));
    }
  }

  private Map<String, Long> checksums() throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(p));
        out.put(dir.relativize(p).toString(), crc.getValue());
      }
    }
    return out;
  }

  private DbVerifier.Report verify() throws IOException {
    return new DbVerifier(new LocalFileSystem(), dir, BytewiseComparator.INSTANCE).verify();
  }

  private static DbVerifier.FileResult result(DbVerifier.Report r, String name) {
    return r.files().stream().filter(f -> f.fileName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + r));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(WalRecoveryMode.class)
  void damageInRecord10Of50OfTheNewestLog(WalRecoveryMode mode) throws IOException {
    for (String how : new String[] {"bit-flip", "impossible-length"}) {
      Path d = dir;
      String newest = build()[1];
      Path log = d.resolve(newest);
      long offset = damage(log, how);
      byte[] damaged = Files.readAllBytes(log);
      String what = mode + ", " + how;
      DbVerifier.FileResult before = result(verify(), newest);
      assertThat(before.verdict()).as(what).isEqualTo(DbVerifier.Verdict.CORRUPT);
      assertThat(before.detail()).as(what).contains("damaged record at offset " + offset)
          .contains("39 intact record(s)");
      Options options = Options.builder().walRecoveryMode(mode).build();
      boolean fails = mode == WalRecoveryMode.TOLERATE_CORRUPTED_TAIL_RECORDS
          || mode == WalRecoveryMode.ABSOLUTE_CONSISTENCY;
      if (fails) {
        Map<String, Long> files = checksums();
        assertThatThrownBy(() -> Strata.open(d, options)).as(what)
            .isInstanceOf(CorruptionException.class)
            .hasMessageStartingWith(newest + " at offset " + offset + ": damaged record")
            .hasMessageContaining("39 intact record(s)")
            .hasMessageContaining("walRecoveryMode " + mode);
        assertThat(checksums()).as(what + ": files after the failed open").isEqualTo(files);
      } else {
        try (Db db = Strata.open(d, options)) {
          for (int i = 0; i < RECORDS; i++) {
            assertThat(db.get(b(key("o", i)))).as(what).isEqualTo(b("older-" + i));
            boolean served = i < DAMAGED
                || mode == WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS && i > DAMAGED;
            assertThat(db.get(b(key("n", i)))).as("%s: n%s", what, i)
                .isEqualTo(served ? b("newest-" + i) : null);
          }
          String report = db.getProperty("strata.recovery").orElseThrow();
          assertThat(report).as(what).startsWith(newest + ": " + (mode
                  == WalRecoveryMode.SKIP_ANY_CORRUPTED_RECORDS ? 49 : 10) + " records replayed")
              .contains("damaged record at offset " + offset)
              .contains("kept as lost/" + newest);
          if (mode == WalRecoveryMode.POINT_IN_TIME_RECOVERY) {
            assertThat(report).as(what).contains("39 intact record(s)");
          }
        }
        assertThat(Files.readAllBytes(d.resolve("lost").resolve(newest))).as(what)
            .isEqualTo(damaged);
        assertThat(d.resolve(newest)).doesNotExist();
        // Reopened, the evidence stays, and verify still reports it.
        try (Db db = Strata.open(d, options)) {
          assertThat(db.getProperty("strata.recovery")).as(what).hasValue("");
        }
        DbVerifier.Report after = verify();
        DbVerifier.FileResult lost = result(after, "lost/" + newest);
        assertThat(lost.verdict()).as(what).isEqualTo(DbVerifier.Verdict.LOST);
        assertThat(lost.damage()).as(what).isTrue();
        assertThat(lost.detail()).as(what).contains("damaged record at offset " + offset)
            .contains("39 intact record(s)");
        assertThat(after.files().stream().filter(f -> f.verdict()
            == DbVerifier.Verdict.CORRUPT)).as("%s: %s", what, after).isEmpty();
      }
      clear();
    }
  }

  private void clear() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * Open (default mode) and verify agree: verify says OK where open drops nothing, TORN where
   * open drops a torn tail and succeeds, CORRUPT where open fails.
   */
  @ParameterizedTest(name = "{0} in the {1} log")
  @CsvSource({
    "clean, newest", "clean, older",
    "torn-tail, newest", "torn-tail, older",
    "bit-flip, newest", "bit-flip, older",
    "impossible-length, newest", "impossible-length, older"
  })
  void openAndVerifyAgree(String damage, String which) throws IOException {
    String[] logs = build();
    String name = which.equals("newest") ? logs[1] : logs[0];
    Path log = dir.resolve(name);
    switch (damage) {
      case "torn-tail" -> tearTail(log);
      case "bit-flip", "impossible-length" -> damage(log, damage);
      default -> { }
    }
    DbVerifier.Report report = verify();
    DbVerifier.FileResult r = result(report, name);
    String opened;
    try (Db db = Strata.open(dir, Options.defaults())) {
      opened = db.getProperty("strata.recovery").orElseThrow().isEmpty() ? "clean" : "dropped";
    } catch (CorruptionException e) {
      assertThat(e.file()).endsWith(name);
      opened = "failed";
    }
    String expected = switch (r.verdict()) {
      case OK -> "clean";
      case TORN_TAIL -> "dropped";
      default -> "failed";
    };
    assertThat(opened).as("%s: verify said %s", damage, r).isEqualTo(expected);
    assertThat(r.verdict()).as(damage).isEqualTo(switch (damage) {
      case "clean" -> DbVerifier.Verdict.OK;
      case "torn-tail" -> DbVerifier.Verdict.TORN_TAIL;
      default -> DbVerifier.Verdict.CORRUPT;
    });
    if (damage.equals("torn-tail")) {
      assertThat(report.damaged()).as("%s", report).isFalse();
      assertThat(dir.resolve("lost").resolve(name)).exists();
    }
  }

  @TempDir Path copies;

  /** The keys open serves from {@code d} with {@code options}; null if open fails. */
  private static java.util.SortedSet<String> served(Path d, Options options) throws IOException {
    java.util.SortedSet<String> out = new java.util.TreeSet<>();
    try (Db db = Strata.open(d, options)) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        keys.add("t" + i);
      }
      for (int i = 0; i < RECORDS; i++) {
        keys.add(key("o", i));
        keys.add(key("n", i));
      }
      for (String k : keys) {
        if (db.get(b(k)) != null) {
          out.add(k);
        }
      }
    } catch (CorruptionException e) {
      return null;
    }
    return out;
  }

  private Path copy(String name) throws IOException {
    Path to = copies.resolve(name);
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(dir.relativize(p).toString()));
      }
    }
    return to;
  }

  /**
   * Open, verify and repair agree on the same logs: repair keeps what open keeps in
   * {@link DbRepairer#LOG_RECOVERY_MODE} (point in time), which is what the default open keeps
   * wherever it succeeds, and, trouble in an older log, also what the newer log holds (repair
   * converts every log); verify says OK where nothing is dropped, TORN where the default open
   * drops a torn tail and succeeds, CORRUPT where it fails.
   */
  @ParameterizedTest(name = "{0} in the {1} log")
  @CsvSource({
    "clean, newest, 200", "clean, older, 200",
    "torn-tail, newest, 200", "torn-tail, older, 200",
    "bit-flip, newest, 160", "bit-flip, older, 160"
  })
  void openVerifyAndRepairAgree(String damage, String which, int keysKept) throws IOException {
    String[] logs = build();
    String name = which.equals("newest") ? logs[1] : logs[0];
    switch (damage) {
      case "torn-tail" -> tearTail(dir.resolve(name));
      case "bit-flip" -> damage(dir.resolve(name), damage);
      default -> { }
    }
    DbVerifier.Verdict verdict = result(verify(), name).verdict();
    java.util.SortedSet<String> byDefault = served(copy("default"), Options.defaults());
    java.util.SortedSet<String> pointInTime = served(copy("point-in-time"),
        Options.builder().walRecoveryMode(DbRepairer.LOG_RECOVERY_MODE).build());
    Path repaired = copy("repaired");
    DbRepairer.Report report = new DbRepairer(repaired, Options.defaults()).repair(false);
    java.util.SortedSet<String> byRepair = served(repaired, Options.defaults());
    String what = damage + " in the " + which + " log";

    assertThat(verdict).as(what).isEqualTo(switch (damage) {
      case "clean" -> DbVerifier.Verdict.OK;
      case "torn-tail" -> DbVerifier.Verdict.TORN_TAIL;
      default -> DbVerifier.Verdict.CORRUPT;
    });
    assertThat(byDefault == null).as(what).isEqualTo(verdict == DbVerifier.Verdict.CORRUPT);
    assertThat(byRepair).as("%s: %s", what, report.messages()).containsAll(pointInTime)
        .hasSize(keysKept);
    if (which.equals("newest")) {
      assertThat(byRepair).as(what).isEqualTo(pointInTime);
    }
    if (byDefault != null) {
      assertThat(byDefault).as(what).isEqualTo(pointInTime);
    }
    if (!damage.equals("clean")) {
      assertThat(String.join("\n", report.messages())).as(what).contains(name + ": ")
          .contains(damage.equals("torn-tail") ? "torn tail at offset" : "damaged record at "
              + "offset");
    }
  }
}
