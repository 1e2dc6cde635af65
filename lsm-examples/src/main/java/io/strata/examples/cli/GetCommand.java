package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.Db;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code strata get KEY}: prints the value and a newline; for an absent key prints
 * {@code strata: not found: KEY} on standard error and exits with 1.
 */
@Command(
    name = "get",
    description = {"Prints the value of KEY (decoded as UTF-8).",
        "Exits with 1 and 'not found' on standard error when KEY is absent."})
final class GetCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "KEY") private String key;

  @Override
  public Integer call() throws IOException {
    byte[] value;
    try (Db db = cli.openDb(false)) {
      value = db.get(key.getBytes(UTF_8));
    }
    if (value == null) {
      spec.commandLine().getErr().println("strata: not found: " + key);
      return 1;
    }
    spec.commandLine().getOut().println(new String(value, UTF_8));
    return 0;
  }
}
