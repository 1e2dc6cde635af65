package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables named {@code NNNNNN.sst}, as LevelDB before 1.14 (and the iq80 port) names them: LevelDB
 * 1.23 opens them when no {@code .ldb} of the number exists, and so does Strata; once compacted
 * away they are deleted like any other table.
 */
class LegacyTableNameTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private List<Path> files(String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  @Test
  void opensReadsAndCompactsAwayTablesNamedSst() throws IOException {
    Options options = Options.builder().writeBufferSizeBytes(64 << 10).build();
    try (Db db = Strata.open(dir, options)) {
      for (int i = 0; i < 5000; i++) {
        db.put(b(String.format("key%06d", i)), b("value" + i));
      }
      db.flush();
      db.waitForCompactions();
    }
    List<Path> tables = files(".ldb");
    assertThat(tables).isNotEmpty();
    for (Path t : tables) {
      String name = t.getFileName().toString();
      Files.move(t, t.resolveSibling(name.substring(0, name.length() - 4) + ".sst"));
    }

    try (Db db = Strata.open(dir, options)) {
      for (int i = 0; i < 5000; i += 7) {
        assertThat(db.get(b(String.format("key%06d", i)))).isEqualTo(b("value" + i));
      }
      db.put(b("key000003"), b("new"));
      db.compactRange(null, null);
      assertThat(db.get(b("key000003"))).isEqualTo(b("new"));
      assertThat(db.get(b("key004999"))).isEqualTo(b("value4999"));
    }
    assertThat(files(".sst")).as("compacted away and deleted").isEmpty();
    assertThat(files(".ldb")).isNotEmpty();
  }
}
