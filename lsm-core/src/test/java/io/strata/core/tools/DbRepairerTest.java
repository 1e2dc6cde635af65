package io.strata.core.tools;

import static io.strata.core.tools.DbTestFiles.flipByte;
import static io.strata.core.tools.DbTestFiles.manifest;
import static io.strata.core.tools.DbTestFiles.names;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CorruptionException;
import io.strata.api.Db;
import io.strata.api.DbLockedException;
import io.strata.api.Options;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbRepairerTest {
  private static final int KEYS = 3000;
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String key(char set, int i) {
    return String.format("%c%05d", set, i);
  }

  /**
   * Keys a* and b* in tables below level 0 (from two compactions), c* in the log; a00000..a00099
   * overwritten by newer values in the log.
   */
  private void fill() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < KEYS; i++) {
        db.put(b(key('a', i)), b("old-" + i));
      }
      db.compactRange(null, null);
      for (int i = 0; i < KEYS; i++) {
        db.put(b(key('b', i)), b("b-" + i));
      }
      db.compactRange(b("b"), null);
      for (int i = 0; i < 100; i++) {
        db.put(b(key('c', i)), b("c-" + i));
        db.put(b(key('a', i)), b("new-" + i));
      }
    }
  }

  private void assertEveryKey(boolean withTables, boolean withLog) throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < KEYS; i++) {
        String a = i < 100 && withLog ? "new-" + i : withTables ? "old-" + i : null;
        assertThat(db.get(b(key('a', i)))).as("a%s", i).isEqualTo(a == null ? null : b(a));
        assertThat(db.get(b(key('b', i)))).as("b%s", i)
            .isEqualTo(withTables ? b("b-" + i) : null);
      }
      for (int i = 0; i < 100; i++) {
        assertThat(db.get(b(key('c', i)))).as("c%s", i).isEqualTo(withLog ? b("c-" + i) : null);
      }
      db.put(b("after-repair"), b("ok"));
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b("after-repair"))).isEqualTo(b("ok"));
    }
  }

  @Test
  void rebuildsAfterManifestAndCurrentAreDeleted() throws IOException {
    fill();
    String log = names(dir, ".log").get(0);
    Files.delete(dir.resolve(manifest(dir)));
    Files.delete(dir.resolve("CURRENT"));
    DbRepairer.Report report = new DbRepairer(dir, Options.defaults()).repair();
    System.out.println(String.join("\n", report.messages()));
    assertThat(report.lost()).containsExactly(log); // converted into a table
    assertThat(report.tables()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(report.lastSequence()).isEqualTo(2L * KEYS + 200);
    assertThat(Files.exists(dir.resolve("lost").resolve(log))).isTrue();
    assertEveryKey(true, true);
  }

  @Test
  void rebuildsAfterTheManifestIsDamaged() throws IOException {
    fill();
    String manifest = manifest(dir);
    flipByte(dir.resolve(manifest), 30);
    assertThatThrownBy(() -> Strata.open(dir, Options.defaults()))
        .isInstanceOf(CorruptionException.class).hasMessageContaining(manifest);
    DbRepairer.Report report = new DbRepairer(dir, Options.defaults()).repair(false);
    assertThat(report.lost()).contains(manifest);
    assertThat(report.tables()).allSatisfy(f -> assertThat(f.fileNumber())
        .isLessThan(report.nextFileNumber()));
    assertEveryKey(true, true);
  }

  @Test
  void unreadableTableMovesToLostAndTheRestIsKept() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < KEYS; i++) {
        db.put(b(key('a', i)), b("a-" + i));
      }
      db.compactRange(null, null);
      for (int i = 0; i < KEYS; i++) {
        db.put(b(key('b', i)), b("b-" + i));
      }
      db.compactRange(b("b"), null);
      db.put(b(key('c', 0)), b("c-0"));
    }
    String damaged = names(dir, ".ldb").get(0); // the a* table
    flipByte(dir.resolve(damaged), 10);
    Files.delete(dir.resolve("CURRENT"));
    DbRepairer.Report report = new DbRepairer(dir, Options.defaults()).repair();
    assertThat(report.lost()).contains(damaged);
    assertThat(report.messages()).anyMatch(m -> m.startsWith(damaged + ": dropped"));
    assertThat(Files.exists(dir.resolve("lost").resolve(damaged))).isTrue();
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b(key('a', 5)))).isNull();
      for (int i = 0; i < KEYS; i++) {
        assertThat(db.get(b(key('b', i)))).isEqualTo(b("b-" + i));
      }
      assertThat(db.get(b(key('c', 0)))).isEqualTo(b("c-0"));
    }
  }

  @Test
  void damagedLogKeepsTheRecordsBeforeTheDamage() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      for (int i = 0; i < 100; i++) {
        db.put(b(key('c', i)), b("c-" + i));
      }
    }
    String log = names(dir, ".log").get(0);
    flipByte(dir.resolve(log), 40); // the second record (each takes 30 bytes)
    Files.delete(dir.resolve("CURRENT"));
    new DbRepairer(dir, Options.defaults()).repair();
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b(key('c', 0)))).isEqualTo(b("c-0"));
      for (int i = 1; i < 100; i++) {
        assertThat(db.get(b(key('c', i)))).isNull();
      }
    }
  }

  @Test
  void refusesAnOpenDatabase() throws IOException {
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThatThrownBy(() -> new DbRepairer(dir, Options.defaults()).repair())
          .isInstanceOf(DbLockedException.class);
    }
  }
}
