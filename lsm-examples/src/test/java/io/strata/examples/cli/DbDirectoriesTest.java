package io.strata.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbDirectoriesTest {
  @TempDir Path tmp;

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
    DbDirectories.destroy(dir);
    assertThat(dir).doesNotExist();
  }

  @Test
  void absentAndEmptyDirectoriesAreFine() throws IOException {
    DbDirectories.destroy(tmp.resolve("absent"));
    Path empty = dbWith();
    DbDirectories.destroy(empty);
    assertThat(empty).doesNotExist();
  }

  @Test
  void refusesADirectoryWithoutCurrent() throws IOException {
    Path dir = dbWith("000005.ldb");
    assertThatThrownBy(() -> DbDirectories.destroy(dir))
        .isInstanceOf(IOException.class)
        .hasMessage("refusing to delete " + dir
            + ": it is not empty and has no CURRENT file, so it does not look like a database");
    assertThat(dir.resolve("000005.ldb")).exists();
  }

  @Test
  void refusesADatabaseHoldingOtherFiles() throws IOException {
    Path dir = dbWith("CURRENT", "000005.ldb", "notes.txt");
    assertThatThrownBy(() -> DbDirectories.destroy(dir))
        .hasMessage("refusing to delete " + dir + ": it holds notes.txt, which is not a database file");
    assertThat(dir.resolve("CURRENT")).exists();
    Files.createDirectory(dir.resolve("000009.log.d"));
    Files.delete(dir.resolve("notes.txt"));
    assertThatThrownBy(() -> DbDirectories.checkDestroyable(dir)).hasMessageContaining("000009.log.d");
  }

  @Test
  void refusesAPlainFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> DbDirectories.destroy(file)).hasMessage("refusing to delete " + file + ": not a directory");
  }
}
