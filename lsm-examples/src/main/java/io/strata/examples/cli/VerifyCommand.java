package io.strata.examples.cli;

import io.strata.api.spi.env.LocalFileSystem;
import io.strata.core.tools.DbVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code strata verify}: checks every checksum of the database with {@link DbVerifier}, reading
 * the files only (the database is not opened). Prints one line per file, {@code OK} or
 * {@code CORRUPT} with the file and offset; exits 1 if any file is damaged.
 */
@Command(
    name = "verify",
    description = "Checks every checksum of the database (CURRENT, the MANIFEST, every table"
        + " block, every log) without changing anything; exits 1 on damage.")
final class VerifyCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    DbVerifier.Report report = new DbVerifier(new LocalFileSystem(),
        cli.directory(StrataCli.DEFAULT_DB), cli.comparator()).verify();
    int damaged = 0;
    for (DbVerifier.FileResult r : report.files()) {
      out.println((r.ok() ? "OK       " : "CORRUPT  ") + r.fileName() + "  " + r.detail());
      damaged += r.ok() ? 0 : 1;
    }
    out.println(damaged == 0 ? "verified " + report.files().size() + " files: no damage"
        : damaged + " of " + report.files().size() + " files damaged");
    out.flush();
    return damaged == 0 ? 0 : 1;
  }
}
