package io.strata.examples.cli;

import io.strata.api.Db;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code strata stats}: prints the {@code strata.stats} and then the {@code strata.sstables} property. */
@Command(
    name = "stats",
    description = "Prints the per-level statistics (strata.stats) and then every live table"
        + " (strata.sstables).")
final class StatsCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (Db db = cli.openDb(false)) {
      printProperty(db, "strata.stats", out);
      printProperty(db, "strata.sstables", out);
    }
    return 0;
  }

  /** Prints property {@code name}, ending in a newline, or a note that the engine lacks it. */
  static void printProperty(Db db, String name, PrintWriter out) {
    String text = db.getProperty(name).orElse("(" + name + " is not available)");
    out.print(text);
    if (!text.endsWith("\n")) {
      out.println();
    }
  }
}
