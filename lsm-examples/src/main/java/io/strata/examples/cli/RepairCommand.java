package io.strata.examples.cli;

import io.strata.api.CompressionType;
import io.strata.core.tools.DbRepairer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code strata repair}: rebuilds the MANIFEST from the tables and logs present with
 * {@link DbRepairer}, as LevelDB's {@code RepairDB}; unreadable files move to {@code lost/}.
 */
@Command(
    name = "repair",
    description = "Rebuilds the MANIFEST and CURRENT from the tables and logs present (as"
        + " LevelDB's RepairDB); unreadable tables, converted logs and old MANIFESTs move to"
        + " lost/. The database must not be open.")
final class RepairCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;

  @Spec private CommandSpec spec;

  @Option(
      names = "--no-compact",
      description = "Do not compact the repaired database (its tables then all stay in"
          + " level 0).")
  private boolean noCompact;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    DbRepairer.Report report = new DbRepairer(cli.directory(StrataCli.DEFAULT_DB),
        cli.options(cli.compression(CompressionType.SNAPPY), false)).repair(!noCompact);
    report.messages().forEach(out::println);
    out.println("repaired: " + report.tables().size() + " tables, " + report.lost().size()
        + " files moved to " + DbRepairer.LOST_DIR + "/");
    out.flush();
    return 0;
  }
}
