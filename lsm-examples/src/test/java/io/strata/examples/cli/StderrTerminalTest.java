package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in a child JVM whose standard error is a terminal (a pseudo-terminal that
 * util-linux {@code script} provides) and whose standard output is a file, as in
 * {@code strata load data.tsv > report.txt}: progress is the bar. Skipped where {@code script}
 * is missing.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StderrTerminalTest {
  @TempDir Path tmp;

  @Test
  void loadDrawsTheBarWhenOnlyStderrIsATerminal() throws Exception {
    Path script = Path.of("/usr/bin/script");
    assumeTrue(Files.isExecutable(script), "util-linux script is not installed");
    Path data = Files.writeString(tmp.resolve("data.tsv"), "a\t1\nb\t2\n");
    Path report = tmp.resolve("report.txt");
    String java = ProcessHandle.current().info().command().orElseThrow();
    String command = String.join(" ", quote(java), "-cp",
        quote(System.getProperty("java.class.path")), StrataCli.class.getName(),
        "--db", quote(tmp.resolve("db").toString()), "load", quote(data.toString()),
        ">", quote(report.toString()));
    ProcessBuilder pb = new ProcessBuilder(script.toString(), "-qec", command, "/dev/null")
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectErrorStream(true);
    pb.environment().put("TERM", "xterm");
    Process child = pb.start();
    String terminal = new String(child.getInputStream().readAllBytes(), UTF_8);
    assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(terminal).isZero();
    assertThat(Files.readString(report)).isEqualTo("loaded 2 entries from " + data + "\n");
    assertThat(terminal).startsWith("\r[").contains("] 100%").contains("2 entries")
        .doesNotContain("load: ");
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
