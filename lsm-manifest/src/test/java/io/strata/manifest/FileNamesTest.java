package io.strata.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.spi.env.LocalFileSystem;
import io.strata.manifest.FileNames.FileType;
import io.strata.manifest.FileNames.ParsedFileName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNamesTest {
  @Test
  void formatsNumbersZeroPaddedToSixDigits() {
    assertThat(FileNames.logFileName(123)).isEqualTo("000123.log");
    assertThat(FileNames.tableFileName(123)).isEqualTo("000123.ldb");
    assertThat(FileNames.manifestFileName(1)).isEqualTo("MANIFEST-000001");
    assertThat(FileNames.tempFileName(5)).isEqualTo("000005.dbtmp");
    assertThat(FileNames.optionsFileName(7)).isEqualTo("OPTIONS-000007");
    assertThat(FileNames.optionsTempFileName(7)).isEqualTo("OPTIONS-000007.dbtmp");
    assertThat(FileNames.tableFileName(12345678)).isEqualTo("12345678.ldb");
    assertThatThrownBy(() -> FileNames.logFileName(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  private static Optional<ParsedFileName> p(FileType type, long n) {
    return Optional.of(new ParsedFileName(type, n));
  }

  @Test
  void parsesEveryKind() {
    assertThat(FileNames.parse("100.log")).isEqualTo(p(FileType.LOG, 100));
    assertThat(FileNames.parse("0.log")).isEqualTo(p(FileType.LOG, 0));
    assertThat(FileNames.parse("000123.ldb")).isEqualTo(p(FileType.TABLE, 123));
    assertThat(FileNames.parse("000123.sst")).isEqualTo(p(FileType.TABLE, 123));
    assertThat(FileNames.parse("MANIFEST-000002")).isEqualTo(p(FileType.MANIFEST, 2));
    assertThat(FileNames.parse("MANIFEST-7")).isEqualTo(p(FileType.MANIFEST, 7));
    assertThat(FileNames.parse("000009.dbtmp")).isEqualTo(p(FileType.TEMP, 9));
    assertThat(FileNames.parse("CURRENT")).isEqualTo(p(FileType.CURRENT, 0));
    assertThat(FileNames.parse("LOCK")).isEqualTo(p(FileType.LOCK, 0));
    assertThat(FileNames.parse("LOG")).isEqualTo(p(FileType.INFO_LOG, 0));
    assertThat(FileNames.parse("LOG.old")).isEqualTo(p(FileType.INFO_LOG, 0));
    assertThat(FileNames.parse("OPTIONS-000012")).isEqualTo(p(FileType.OPTIONS, 12));
    assertThat(FileNames.parse("OPTIONS-000012.dbtmp")).isEqualTo(p(FileType.OPTIONS_TEMP, 12));
    assertThat(FileNames.parse("9223372036854775807.log"))
        .isEqualTo(p(FileType.LOG, Long.MAX_VALUE));
  }

  @Test
  void formatAndParseAgree() {
    for (long n : new long[] {0, 1, 999999, 1000000, 1L << 40}) {
      assertThat(FileNames.parse(FileNames.logFileName(n))).isEqualTo(p(FileType.LOG, n));
      assertThat(FileNames.parse(FileNames.tableFileName(n))).isEqualTo(p(FileType.TABLE, n));
      assertThat(FileNames.parse(FileNames.manifestFileName(n)))
          .isEqualTo(p(FileType.MANIFEST, n));
      assertThat(FileNames.parse(FileNames.tempFileName(n))).isEqualTo(p(FileType.TEMP, n));
      assertThat(FileNames.parse(FileNames.optionsFileName(n)))
          .isEqualTo(p(FileType.OPTIONS, n));
      assertThat(FileNames.parse(FileNames.optionsTempFileName(n)))
          .isEqualTo(p(FileType.OPTIONS_TEMP, n));
    }
  }

  @Test
  void rejectsOtherNames() {
    for (String name : new String[] {"", "foo", "foo-dx-100.log", ".log", "100", "100.", "100.lg",
        "100.log.old", "-100.log", "+100.log", "MANIFEST", "MANIFEST-", "MANIFEST-3x",
        "MANIFEST--3", "CURRENT.tmp", "LOCKED", "LOG.older", "9223372036854775808.log",
        "99999999999999999999.ldb", "MANIFEST-99999999999999999999", "OPTIONS", "OPTIONS-",
        "OPTIONS-3x", "OPTIONS-3.tmp", "OPTIONS-3.dbtmp.old", "OPTIONS-99999999999999999999"}) {
      assertThat(FileNames.parse(name)).as("'%s'", name).isEmpty();
    }
  }

  @Test
  void setCurrentFileReplacesCurrentAndLeavesNoTempFile(@TempDir Path dir) throws IOException {
    LocalFileSystem fs = new LocalFileSystem();
    FileNames.setCurrentFile(fs, dir, 5);
    assertThat(Files.readString(dir.resolve("CURRENT"), StandardCharsets.US_ASCII))
        .isEqualTo("MANIFEST-000005\n");
    FileNames.setCurrentFile(fs, dir, 1234567);
    assertThat(Files.readString(dir.resolve("CURRENT"), StandardCharsets.US_ASCII))
        .isEqualTo("MANIFEST-1234567\n");
    assertThat(fs.list(dir)).containsExactly("CURRENT");
  }

  @Test
  void setCurrentFileDeletesTheTempFileOnFailure(@TempDir Path dir) throws IOException {
    FaultyFileSystem fs = new FaultyFileSystem();
    FileNames.setCurrentFile(fs, dir, 3);
    fs.failRename = true;
    assertThatThrownBy(() -> FileNames.setCurrentFile(fs, dir, 4)).isInstanceOf(IOException.class)
        .hasMessageContaining("injected rename failure");
    assertThat(fs.list(dir)).containsExactly("CURRENT");
    assertThat(Files.readString(dir.resolve("CURRENT"))).isEqualTo("MANIFEST-000003\n");

    fs.failRename = false;
    fs.failSyncPrefix = "000006.dbtmp";
    assertThatThrownBy(() -> FileNames.setCurrentFile(fs, dir, 6)).isInstanceOf(IOException.class)
        .hasMessageContaining("injected sync failure");
    assertThat(fs.list(dir)).containsExactly("CURRENT");
  }
}
