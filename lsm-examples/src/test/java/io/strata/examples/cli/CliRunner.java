package io.strata.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs the command line against an {@link InMemoryDbOpener} (or an opener of the test's),
 * capturing its output.
 */
final class CliRunner {
  final InMemoryDbOpener opener = new InMemoryDbOpener();
  private final DbOpener used;
  private byte[] stdin = new byte[0];
  private boolean terminal;

  /** The outcome of one command line. */
  record Result(int exitCode, String out, String err) {}

  CliRunner() {
    used = opener;
  }

  /** A runner whose commands open databases with {@code used}. */
  CliRunner(DbOpener used) {
    this.used = used;
  }

  CliRunner stdin(byte[] bytes) {
    stdin = bytes.clone();
    return this;
  }

  CliRunner terminal(boolean value) {
    terminal = value;
    return this;
  }

  Result run(String... args) {
    StrataCli cli = new StrataCli(used, new ByteArrayInputStream(stdin), terminal);
    CommandLine cl = cli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
