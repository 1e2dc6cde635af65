package io.strata.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strata's log lines reach the logging of a Kafka Streams application whichever SLF4J API line
 * the application resolves: Kafka Streams 4.4's pom brings slf4j-api 1.7.36, this project 2.x.
 * Each case runs {@link LoggingProbe} in a forked JVM whose class path has one SLF4J API and a
 * binding of the same line (slf4j-simple, writing to standard output), and checks that a Strata
 * line and a Kafka Streams line both arrive through it, with no warning that SLF4J found no
 * binding. Strata uses only the SLF4J API both lines share ({@code LoggerFactory.getLogger} and
 * the parameterised level methods), so the application's binding is the only choice to make.
 */
class LoggingTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void strataLogsThroughSlf4j2() throws Exception {
    String out = runProbe(testClassPath());
    assertLogged(out);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void strataLogsThroughSlf4j17() throws Exception {
    Path slf4j17 = Path.of(System.getProperty("basedir", "."), "target", "slf4j-1.7");
    List<String> cp = new ArrayList<>();
    for (String entry : testClassPath()) {
      String file = Path.of(entry).getFileName().toString();
      if (!file.startsWith("slf4j-api-") && !file.startsWith("slf4j-simple-")) {
        cp.add(entry);
      }
    }
    cp.add(slf4j17.resolve("slf4j-api-1.7.36.jar").toString());
    cp.add(slf4j17.resolve("slf4j-simple-1.7.36.jar").toString());
    String out = runProbe(cp);
    assertLogged(out);
    assertThat(out).doesNotContain("StaticLoggerBinder");
  }

  /**
   * The failure the two cases above guard against, and what the README tells applications to
   * avoid: the 1.7 API with only a 2.x binding finds no binding, and every line, Kafka's and
   * Strata's alike, is lost.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theSlf4j17ApiWithA2xBindingLosesEveryLine() throws Exception {
    Path slf4j17 = Path.of(System.getProperty("basedir", "."), "target", "slf4j-1.7");
    List<String> cp = new ArrayList<>();
    for (String entry : testClassPath()) {
      if (!Path.of(entry).getFileName().toString().startsWith("slf4j-api-")) {
        cp.add(entry);
      }
    }
    cp.add(slf4j17.resolve("slf4j-api-1.7.36.jar").toString());
    String out = runProbe(cp);
    assertThat(out).contains("probe done").contains("StaticLoggerBinder")
        .doesNotContain("io.strata.core.DbImpl");
  }

  private static void assertLogged(String out) {
    assertThat(out).contains("probe done");
    assertThat(out).doesNotContain("No SLF4J providers were found")
        .doesNotContain("NOP");
    // A Strata line (lsm-core's DbImpl) and a Kafka Streams line, through the same binding.
    assertThat(out).containsPattern("INFO io\\.strata\\.core\\.DbImpl - .*counts: creating a new"
        + " database");
    assertThat(out).containsPattern("INFO org\\.apache\\.kafka\\.streams\\.processor\\.internals"
        + "\\.StreamTask - .*Initialized");
  }

  private static List<String> testClassPath() {
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    return List.of(cp.split(File.pathSeparator));
  }

  private String runProbe(List<String> classPath) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path state = Files.createTempDirectory(dir, "state");
    Path log = dir.resolve("probe-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(java.toString(), "-Xmx256m",
        "-Dorg.slf4j.simpleLogger.logFile=System.out",
        "-cp", String.join(File.pathSeparator, classPath),
        LoggingProbe.class.getName(), state.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(150, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the probe did not finish in 150 s: "
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
