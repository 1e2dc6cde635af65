package io.strata.examples.cli;

import io.strata.api.Db;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code strata compact}: compacts the whole key range through every level; prints nothing. */
@Command(
    name = "compact",
    description = "Flushes the memtable and compacts every key through every level, dropping"
        + " deleted and overwritten data. Blocks until done.")
final class CompactCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;

  @Override
  public Integer call() throws IOException {
    try (Db db = cli.openDb(false)) {
      db.compactRange(null, null);
    }
    return 0;
  }
}
