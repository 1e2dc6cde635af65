package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.core.Strata;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link DbDirectoriesTest}: {@code DIR} opens (creating) the database,
 * puts {@code held=yes}, prints {@code open}, and closes it when a line (or the end) arrives on
 * standard input, then prints {@code closed}.
 */
public final class DbHolder {
  private DbHolder() {}

  public static void main(String[] args) throws Exception {
    try (Db db = Strata.open(Path.of(args[0]), Options.defaults())) {
      db.put("held".getBytes(UTF_8), "yes".getBytes(UTF_8));
      System.out.println("open");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, UTF_8)).readLine();
    }
    System.out.println("closed");
  }
}
