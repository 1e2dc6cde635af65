package io.strata.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Two more cases run the application with Log4j 2 as its logging back end, the way Kafka logs:
 * Log4j 2's SLF4J bridge for the API line on the class path and a {@code log4j2.xml}.
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

  /**
   * An application that logs through Log4j 2 with the SLF4J 2 bridge: slf4j-api 2.x,
   * log4j-api, log4j-core and log4j-slf4j2-impl in the version Kafka 4.4 uses, and a
   * {@code log4j2.xml} at the root of the class path, as a Kafka Streams application ships it.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void strataLogsThroughLog4j2WithTheSlf4j2Bridge() throws Exception {
    List<String> cp = without(testClassPath(), "slf4j-simple-", "log4j-");
    cp.add(log4j2ConfigDirectory().toString());
    cp.addAll(log4j2Jars("log4j-api", "log4j-core", "log4j-slf4j2-impl"));
    assertLoggedByLog4j2(runProbe(cp));
  }

  /**
   * The same with the SLF4J 1.7 API that Kafka Streams 4.4's pom brings and Log4j 2's bridge for
   * that line (log4j-slf4j-impl).
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void strataLogsThroughLog4j2WithTheSlf4j17Bridge() throws Exception {
    List<String> cp = without(testClassPath(), "slf4j-simple-", "slf4j-api-", "log4j-");
    cp.add(Path.of(System.getProperty("basedir", "."), "target", "slf4j-1.7",
        "slf4j-api-1.7.36.jar").toString());
    cp.add(log4j2ConfigDirectory().toString());
    cp.addAll(log4j2Jars("log4j-api", "log4j-core", "log4j-slf4j-impl"));
    assertLoggedByLog4j2(runProbe(cp));
  }

  private static void assertLoggedByLog4j2(String out) {
    assertThat(out).contains("probe done");
    assertThat(out).doesNotContain("No SLF4J providers were found")
        .doesNotContain("StaticLoggerBinder")
        .doesNotContain("No Log4j 2 configuration file found")
        .doesNotContain("could not find a logging implementation");
    // Both lines in the layout of the log4j2.xml, so written by Log4j 2's console appender.
    assertThat(out).containsPattern("(?m)^log4j2 \\[.+?] INFO io\\.strata\\.core\\.DbImpl - "
        + ".*counts: creating a new database");
    assertThat(out).containsPattern("(?m)^log4j2 \\[.+?] INFO org\\.apache\\.kafka\\.streams"
        + "\\.processor\\.internals\\.StreamTask - .*Initialized");
  }

  /** A directory holding a {@code log4j2.xml} that writes INFO and above to standard output. */
  private Path log4j2ConfigDirectory() throws IOException {
    Path config = Files.createTempDirectory(dir, "log4j2-config");
    Files.writeString(config.resolve("log4j2.xml"), """
        <?xml version="1.0" encoding="UTF-8"?>
        <Configuration status="WARN">
          <Appenders>
            <Console name="stdout" target="SYSTEM_OUT">
              <PatternLayout pattern="log4j2 [%t] %level %logger - %msg%n"/>
            </Console>
          </Appenders>
          <Loggers>
            <Root level="info">
              <AppenderRef ref="stdout"/>
            </Root>
          </Loggers>
        </Configuration>
        """, StandardCharsets.UTF_8);
    return config;
  }

  /** The Log4j 2 jars the build copies to target/log4j2 (versions stripped from the names). */
  private static List<String> log4j2Jars(String... artifacts) {
    Path log4j2 = Path.of(System.getProperty("basedir", "."), "target", "log4j2");
    List<String> jars = new ArrayList<>();
    for (String artifact : artifacts) {
      jars.add(log4j2.resolve(artifact + ".jar").toString());
    }
    return jars;
  }

  /** The class path without the jars whose file names start with one of the prefixes. */
  private static List<String> without(List<String> classPath, String... prefixes) {
    List<String> cp = new ArrayList<>();
    for (String entry : classPath) {
      String file = Path.of(entry).getFileName().toString();
      if (Arrays.stream(prefixes).noneMatch(file::startsWith)) {
        cp.add(entry);
      }
    }
    return cp;
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
