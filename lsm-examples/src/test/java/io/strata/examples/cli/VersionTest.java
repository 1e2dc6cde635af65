package io.strata.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class VersionTest {
  @Test
  void versionPrintsTheBuildsVersion() throws IOException {
    String version = StrataCli.VersionProvider.version();
    // Filled in by the build: a version such as 0.1.0-SNAPSHOT, not the ${...} placeholder.
    assertThat(version).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");

    CliRunner.Result r = new CliRunner().run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("strata " + version + System.lineSeparator());
    assertThat(r.err()).isEmpty();
  }
}
