package io.strata.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How {@code load} and {@code bench} show their progress on standard error ({@code --progress}).
 * A bar redrawn in place needs a terminal; a log (a CI job's, a file) wants plain lines instead.
 * Public for {@code strata experiment}, which shows its runs' progress the same way.
 */
public enum ProgressMode {
  /** {@link #BAR} when standard error is a terminal, else {@link #LINES}. */
  AUTO,
  /** A line redrawn in place with {@code \r}, at most five times a second. */
  BAR,
  /** Plain lines now and then, for logs. */
  LINES,
  /** Nothing. */
  NONE;

  /** What this mode means when standard error is a terminal or not: never {@link #AUTO}. */
  public ProgressMode resolve(boolean stderrIsTerminal) {
    if (this != AUTO) {
      return this;
    }
    return stderrIsTerminal ? BAR : LINES;
  }

  /**
   * Whether this process's standard error is a terminal that can redraw a line: {@code TERM} is
   * set and not {@code dumb}, and file descriptor 2 is a terminal device. {@code System.console()}
   * answers for standard input and output, not error, so on Linux the device is read from
   * {@code /proc/self/fd/2}; where there is no such link, {@code System.console()} is the best
   * guess left.
   */
  public static boolean stderrIsTerminal() {
    return stderrIsTerminal(System.getenv(), Path.of("/proc/self/fd/2"));
  }

  /**
   * {@link #stderrIsTerminal()} with the environment {@code env} and {@code fd2}, the link to what
   * file descriptor 2 is open on.
   */
  static boolean stderrIsTerminal(Map<String, String> env, Path fd2) {
    String term = env.get("TERM");
    if (term == null || term.isEmpty() || term.equals("dumb")) {
      return false;
    }
    Path device;
    try {
      device = Files.readSymbolicLink(fd2);
    } catch (IOException | UnsupportedOperationException e) {
      return System.console() != null; // no /proc (not Linux): see the method comment
    }
    String name = device.toString();
    return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty");
  }
}
