package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.Db;
import io.strata.api.WriteOptions;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code strata delete KEY}: removes a key if present; prints nothing. */
@Command(name = "delete", description = "Removes KEY if present (deleting an absent key is no error).")
final class DeleteCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;

  @Parameters(index = "0", paramLabel = "KEY") private String key;

  @Option(names = "--sync", description = "Return only after the write-ahead log is fsynced.")
  private boolean sync;

  @Override
  public Integer call() throws IOException {
    try (Db db = cli.openDb(false)) {
      db.delete(new WriteOptions(sync), key.getBytes(UTF_8));
    }
    return 0;
  }
}
