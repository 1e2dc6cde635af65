package io.strata.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressModeTest {
  @TempDir Path tmp;

  private int links;

  /** A link like {@code /proc/self/fd/2} to {@code target}. */
  private Path fd2To(String target) throws IOException {
    return Files.createSymbolicLink(tmp.resolve("fd2-" + links++), Path.of(target));
  }

  @Test
  void stderrIsATerminalWhenItIsOpenOnOneAndTermIsSet() throws IOException {
    Map<String, String> xterm = Map.of("TERM", "xterm-256color");
    assertThat(ProgressMode.stderrIsTerminal(xterm, fd2To("/dev/pts/3"))).isTrue();
    assertThat(ProgressMode.stderrIsTerminal(xterm, fd2To("/dev/tty1"))).isTrue();
    assertThat(ProgressMode.stderrIsTerminal(xterm, fd2To("pipe:[81231]"))).isFalse();
    assertThat(ProgressMode.stderrIsTerminal(xterm, fd2To("/var/log/ci/job.log"))).isFalse();
    assertThat(ProgressMode.stderrIsTerminal(xterm, fd2To("/dev/null"))).isFalse();
    assertThat(ProgressMode.stderrIsTerminal(Map.of("TERM", "dumb"), fd2To("/dev/pts/3")))
        .isFalse();
    assertThat(ProgressMode.stderrIsTerminal(Map.of(), fd2To("/dev/pts/3"))).isFalse();
  }

  @Test
  void autoIsABarOnATerminalAndLinesElsewhere() {
    assertThat(ProgressMode.AUTO.resolve(true)).isEqualTo(ProgressMode.BAR);
    assertThat(ProgressMode.AUTO.resolve(false)).isEqualTo(ProgressMode.LINES);
    assertThat(ProgressMode.NONE.resolve(true)).isEqualTo(ProgressMode.NONE);
    assertThat(ProgressMode.BAR.resolve(false)).isEqualTo(ProgressMode.BAR);
  }
}
