package io.strata.example;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsingItTest {
  @TempDir Path dir;

  @Test
  void theReadmeExampleWritesWhatItReadsBack() throws IOException {
    UsingIt.run(dir);
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get("k".getBytes(UTF_8))).isEqualTo("v".getBytes(UTF_8));
      assertThat(db.get("k1".getBytes(UTF_8))).isEqualTo("v1".getBytes(UTF_8));
      assertThat(db.get("k2".getBytes(UTF_8))).isNull();
    }
  }

  /** The README shows the example's code: between the markers, unindented, and its imports. */
  @Test
  void theReadmeShowsThisCode() throws IOException {
    List<String> source =
        Files.readAllLines(Path.of("src/main/java/io/strata/example/UsingIt.java"));
    String readme = Files.readString(Path.of("../README.md"));
    String body = source.subList(source.indexOf("    // README begin") + 1,
            source.indexOf("    // README end")).stream()
        .map(l -> l.isEmpty() ? l : l.substring(4)).collect(Collectors.joining("\n", "", "\n"));
    assertThat(readme).contains(body);
    for (String line : source) {
      if (line.startsWith("import ")) {
        assertThat(readme).contains(line + "\n");
      }
    }
  }
}
