package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CorruptionException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line's logging, as the tests' JVM sets it up like {@code StrataCli.main}. */
class CliLoggerTest {
  private static final Logger ENGINE = LoggerFactory.getLogger("io.strata.core.DbImpl");

  private static final CorruptionException DAMAGE =
      new CorruptionException("000005.ldb", 4107, "block checksum mismatch");

  /** What {@code logging} writes to standard error, where slf4j-simple writes. */
  private static String stderrOf(Runnable logging) {
    PrintStream saved = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, UTF_8));
    try {
      logging.run();
    } finally {
      System.setErr(saved);
    }
    return bytes.toString(UTF_8);
  }

  @Test
  void anEngineErrorWithAnExceptionIsOneLine() {
    String err = stderrOf(() -> ENGINE.error(
        "{}: background error; the database is now read-only", "db", DAMAGE));
    assertThat(err.lines()).hasSize(1);
    assertThat(err).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[.*\\] ERROR io\\.strata\\.core\\.DbImpl"
        + " - db: background error; the database is now read-only: 000005\\.ldb at offset 4107:"
        + " block checksum mismatch\\R");
  }

  @Test
  void aWarningWithAnExceptionIsOneLineAndBracesInItAreKept() {
    String err = stderrOf(() -> {
      ENGINE.warn("closing {} failed", "x{}", new java.io.IOException("disk {} gone"));
      ENGINE.atWarn().setMessage("fluent {}").addArgument("api").setCause(DAMAGE).log();
    });
    assertThat(err.lines()).hasSize(2);
    assertThat(err).contains("WARN io.strata.core.DbImpl - closing x{} failed: disk {} gone")
        .contains("WARN io.strata.core.DbImpl - fluent api: 000005.ldb at offset 4107:");
  }

  @Test
  void stackTracesOnRequest() {
    System.setProperty(CliLogger.STACK_TRACES_PROPERTY, "true");
    try {
      String err = stderrOf(() -> ENGINE.error("background error", DAMAGE));
      assertThat(err).contains("ERROR io.strata.core.DbImpl - background error\n"
          + "io.strata.api.CorruptionException: 000005.ldb at offset 4107").contains("\tat ");
    } finally {
      System.clearProperty(CliLogger.STACK_TRACES_PROPERTY);
    }
  }

  @Test
  void messagesWithoutExceptionsAreUnchanged() {
    String err = stderrOf(() -> ENGINE.warn("{}: dropping a torn record at offset {} of {}",
        "db", 96, "000007.log"));
    assertThat(err).endsWith("WARN io.strata.core.DbImpl - db: dropping a torn record at offset 96"
        + " of 000007.log" + System.lineSeparator());
    assertThat(stderrOf(() -> ENGINE.info("not shown"))).isEmpty();
  }
}
