package io.strata.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.spi.env.LocalFileSystem;
import io.strata.manifest.FileNames.FileType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbFilesTest {
  @TempDir Path dir;

  @Test
  void groupsByTypeSortedByNumberAndLeavesOutOtherNames() throws IOException {
    for (String name : new String[] {"000010.log", "000009.log", "000012.ldb", "000003.sst",
        "000003.ldb", "MANIFEST-000011", "CURRENT", "LOCK", "notes.txt", "OPTIONS-000013"}) {
      Files.write(dir.resolve(name), new byte[0]);
    }
    DbFiles files = DbFiles.list(new LocalFileSystem(), dir);
    assertThat(files.names(FileType.LOG)).containsExactly("000009.log", "000010.log");
    assertThat(files.names(FileType.TABLE))
        .containsExactly("000003.ldb", "000003.sst", "000012.ldb");
    assertThat(files.numbers(FileType.MANIFEST)).containsExactly(11L);
    assertThat(files.of(FileType.TEMP)).isEmpty();
    assertThat(files.all()).hasSize(9);
    assertThat(files.all().get(0).type()).isEqualTo(FileType.LOG);
    assertThat(files.maxNumber()).isEqualTo(13);
    assertThat(files.isEmpty()).isFalse();
  }

  @Test
  void emptyDirectory() throws IOException {
    DbFiles files = DbFiles.list(new LocalFileSystem(), dir);
    assertThat(files.isEmpty()).isTrue();
    assertThat(files.maxNumber()).isZero();
  }
}
