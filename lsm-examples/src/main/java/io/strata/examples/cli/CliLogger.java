package io.strata.examples.cli;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleLogger;

/**
 * The command line's logger: slf4j-simple's, configured by {@code simplelogger.properties}, except
 * that an exception logged with a message is folded into the message's line ({@code MESSAGE:
 * DESCRIPTION}, as {@link StrataCli#describe} words it) instead of following it as a stack trace.
 * The engine logs its background failures with their exceptions; on a terminal, a 20-line trace
 * in front of the command's own one-line error reads as a crash. A stack trace is printed when
 * the system property {@value #STACK_TRACES_PROPERTY} is {@code true}, as {@code --verbose} sets
 * it, or when the logger's level is {@code debug} or finer.
 *
 * <p>Thread-safe, as its superclass.
 */
final class CliLogger extends SimpleLogger {
  private static final long serialVersionUID = 1L;

  /** The system property that, set to {@code true}, restores stack traces in log lines. */
  static final String STACK_TRACES_PROPERTY = "strata.log.stackTraces";

  CliLogger(String name) {
    super(name);
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
      Object[] arguments, Throwable throwable) {
    if (throwable == null || stackTraces()) {
      super.handleNormalizedLoggingCall(level, marker, messagePattern, arguments, throwable);
      return;
    }
    // With no arguments the superclass prints the pattern as it is: no '{}' is read in it.
    super.handleNormalizedLoggingCall(level, marker, oneLine(messagePattern, arguments, throwable),
        null, null);
  }

  @Override
  public void log(LoggingEvent event) {
    Throwable throwable = event.getThrowable();
    if (throwable == null || stackTraces()) {
      super.log(event);
      return;
    }
    if (isLevelEnabled(event.getLevel().toInt())) {
      super.handleNormalizedLoggingCall(event.getLevel(), null,
          oneLine(event.getMessage(), event.getArgumentArray(), throwable), null, null);
    }
  }

  private boolean stackTraces() {
    return Boolean.getBoolean(STACK_TRACES_PROPERTY) || isDebugEnabled();
  }

  private static String oneLine(String messagePattern, Object[] arguments, Throwable throwable) {
    return MessageFormatter.basicArrayFormat(messagePattern, arguments) + ": "
        + StrataCli.describe(throwable);
  }
}
