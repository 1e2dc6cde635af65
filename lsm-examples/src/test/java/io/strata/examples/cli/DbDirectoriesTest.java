package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.Db;
import io.strata.api.DbLockedException;
import io.strata.api.Options;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.core.Strata;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DbDirectoriesTest {
  @TempDir Path tmp;

  private final LocalFileSystem fs = new LocalFileSystem();

  private Path dbWith(String... names) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("db"));
    for (String n : names) {
      Files.writeString(dir.resolve(n), n);
    }
    return dir;
  }

  @Test
  void destroysADatabaseDirectory() throws IOException {
    Path dir = dbWith("CURRENT", "LOCK", "LOG", "LOG.old", "MANIFEST-000002", "000003.log",
        "000005.ldb", "000006.sst", "000007.dbtmp");
    DbDirectories.destroy(fs, dir);
    assertThat(dir).doesNotExist();
  }

  @Test
  void absentAndEmptyDirectoriesAreFine() throws IOException {
    DbDirectories.destroy(fs, tmp.resolve("absent"));
    assertThat(tmp.resolve("absent")).doesNotExist();
    Path empty = dbWith();
    DbDirectories.destroy(fs, empty);
    assertThat(empty).doesNotExist();
  }

  @Test
  void deletesOnlyTheDatabasesFilesAndKeepsADirectoryThatHoldsOthers() throws IOException {
    Path dir = dbWith("CURRENT", "MANIFEST-000002", "000005.ldb", "notes.txt", "000005.ldb.bak");
    DbDirectories.destroy(fs, dir);
    try (var entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("notes.txt", "000005.ldb.bak");
    }
  }

  @Test
  void refusesAPlainFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> DbDirectories.destroy(fs, file))
        .hasMessage("cannot delete the database in " + file + ": not a directory");
    assertThat(file).hasContent("x");
  }

  @Test
  void refusesADatabaseOpenInThisJvmAndLeavesItIntact() throws IOException {
    Path dir = tmp.resolve("open");
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put("k".getBytes(UTF_8), "v".getBytes(UTF_8));
      db.compactRange(null, null); // a table as well as the log
      assertThatThrownBy(() -> DbDirectories.destroy(fs, dir))
          .isInstanceOf(DbLockedException.class)
          .hasMessageStartingWith("refusing to delete the database in " + dir + ": it is open (")
          .hasMessageContaining("held by this process");
      db.put("k2".getBytes(UTF_8), "v2".getBytes(UTF_8));
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get("k".getBytes(UTF_8))).isEqualTo("v".getBytes(UTF_8));
      assertThat(db.get("k2".getBytes(UTF_8))).isEqualTo("v2".getBytes(UTF_8));
    }
    DbDirectories.destroy(fs, dir);
    assertThat(dir).doesNotExist();
  }

  @Test
  void refusesADatabaseAnotherProcessHasOpen() throws Exception {
    Path dir = tmp.resolve("held");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DbHolder.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
      assertThat(out.readLine()).isEqualTo("open");
      assertThatThrownBy(() -> DbDirectories.destroy(fs, dir))
          .isInstanceOf(DbLockedException.class)
          .hasMessageStartingWith("refusing to delete the database in " + dir + ": it is open (")
          .hasMessageContaining("held by another process");
      assertThat(dir.resolve("CURRENT")).exists();
      try (OutputStream in = child.getOutputStream()) {
        in.write('\n');
      }
      assertThat(out.readLine()).isEqualTo("closed");
      assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get("held".getBytes(UTF_8))).isEqualTo("yes".getBytes(UTF_8));
    }
  }
}
