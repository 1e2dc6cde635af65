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

/** {@code strata put KEY VALUE}: sets a key; prints nothing. Creates the database if absent. */
@Command(name = "put", description = "Sets KEY to VALUE (both stored as their UTF-8 bytes).")
final class PutCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;

  @Parameters(index = "0", paramLabel = "KEY") private String key;

  @Parameters(index = "1", paramLabel = "VALUE") private String value;

  @Option(names = "--sync", description = "Return only after the write-ahead log is fsynced.")
  private boolean sync;

  @Override
  public Integer call() throws IOException {
    try (Db db = cli.openDb(true)) {
      db.put(new WriteOptions(sync), key.getBytes(UTF_8), value.getBytes(UTF_8));
    }
    return 0;
  }
}
