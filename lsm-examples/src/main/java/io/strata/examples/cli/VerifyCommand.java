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
 * the files only (the database is not opened and may be in use). Prints one line per file: its
 * verdict ({@code OK}, {@code ORPHAN}, {@code TORN}, {@code VANISHED}, {@code LOST} or
 * {@code CORRUPT}), its name and what was found, with offsets.
 *
 * <p>Exit codes: 0 every file OK; 1 damage ({@code CORRUPT}, or a {@code LOST} log that holds
 * damage); 3 no damage, but findings that open tolerates (an orphan table, a torn log tail, a
 * file the live database deleted while it was read, a log kept under {@code lost/}). 2 stays the
 * usage error of every command.
 */
@Command(
    name = "verify",
    description = {
      "Checks every checksum of the database (CURRENT, the MANIFEST, every table block, every"
          + " log, the logs kept under lost/) without changing anything. The database may be in"
          + " use: a file it deletes meanwhile is re-checked, then reported VANISHED.",
      "One line per file: OK; ORPHAN (a table the MANIFEST does not name: open deletes it);"
          + " TORN (a log's torn tail: open drops it); VANISHED; LOST (a log an earlier open or"
          + " repair kept under lost/, with what was dropped); CORRUPT (damage, with the"
          + " offset).",
      "Exit codes: 0 all OK; 1 damage (CORRUPT, or a LOST log holding damage); 3 no damage,"
          + " only findings open tolerates; 2 a usage error."
    })
final class VerifyCommand implements Callable<Integer> {
  /** Exit code when nothing is damaged but some file is not OK. */
  static final int FINDINGS_EXIT_CODE = 3;

  @ParentCommand private StrataCli cli;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    DbVerifier.Report report = new DbVerifier(new LocalFileSystem(),
        cli.directory(StrataCli.DEFAULT_DB), cli.comparator()).verify();
    int damaged = 0;
    for (DbVerifier.FileResult r : report.files()) {
      out.printf("%-9s%s  %s%n", r.verdict().label(), r.fileName(), r.detail());
      damaged += r.damage() ? 1 : 0;
    }
    long findings = report.findings();
    int files = report.files().size();
    String tolerated = findings == 0 ? "" : "; " + findings + " finding(s) open tolerates";
    out.println(damaged == 0 ? "verified " + files + " files: no damage" + tolerated
        : damaged + " of " + files + " files damaged" + tolerated);
    out.flush();
    return damaged > 0 ? 1 : findings > 0 ? FINDINGS_EXIT_CODE : 0;
  }
}
