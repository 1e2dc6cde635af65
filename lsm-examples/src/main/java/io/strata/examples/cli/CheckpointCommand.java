package io.strata.examples.cli;

import io.strata.api.Db;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code strata checkpoint DB_DIR OUT_DIR}: opens the database in {@code DB_DIR} and makes an
 * openable copy of it in the new directory {@code OUT_DIR} ({@code Db.checkpoint}: tables
 * hard-linked where the two are on one file system, the rest copied); prints one line.
 */
@Command(
    name = "checkpoint",
    description = "Makes an openable copy of the database in DB_DIR in the new directory"
        + " OUT_DIR: tables hard-linked (copied across file systems), MANIFEST, logs and"
        + " OPTIONS copied. Takes the database's lock while it works.")
final class CheckpointCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DB_DIR", description = "The database to copy.")
  private Path dbDir;

  @Parameters(index = "1", paramLabel = "OUT_DIR",
      description = "The checkpoint's directory; must not exist (its parent must).")
  private Path outDir;

  @Override
  public Integer call() throws IOException {
    try (Db db = cli.openDb(dbDir, false)) {
      db.checkpoint(outDir);
      spec.commandLine().getOut().println("checkpoint of " + dbDir + " in " + outDir
          + " at sequence " + db.getLatestSequenceNumber());
    }
    return 0;
  }
}
