package io.strata.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code strata sst FILE}: a table's properties (see {@link TableReport}). Reads the file only.
 * Exit codes: 0; 1 damage (file and offset) or an unreadable file; 2 a usage error.
 */
@Command(
    name = "sst",
    description = {
      "Prints a table's properties: entries, tombstones, sequence and key ranges (from its"
          + " strata.properties block, or counted by a scan for a table LevelDB wrote), data"
          + " blocks with their size and compression, index, filter and metaindex sizes (each"
          + " block with its 5-byte trailer).",
      "Exit codes: 0; 1 damage (the message names the file and the offset) or an unreadable"
          + " file; 2 a usage error."
    })
final class SstCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A table file (.ldb or .sst).")
  private Path file;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    TableReport.of(file, cli.comparator()).print(out);
    out.flush();
    return 0;
  }
}
