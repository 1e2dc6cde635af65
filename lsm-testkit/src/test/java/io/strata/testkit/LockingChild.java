package io.strata.testkit;

import io.strata.api.Db;
import io.strata.api.DbLockedException;
import io.strata.api.Options;
import io.strata.core.Strata;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link DirectoryLockTest}: {@code hold DIR} opens the database, prints
 * {@code open}, and closes it when a line (or the end) arrives on standard input;
 * {@code try DIR} tries to open it and prints {@code locked: <message>} (exit status 3) or
 * {@code opened} (exit status 0).
 */
public final class LockingChild {
  private LockingChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    if (args[0].equals("hold")) {
      try (Db db = Strata.open(dir, Options.defaults())) {
        db.put("held".getBytes(StandardCharsets.UTF_8), "yes".getBytes(StandardCharsets.UTF_8));
        System.out.println("open");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }
      System.out.println("closed");
      return;
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      System.out.println("opened");
    } catch (DbLockedException e) {
      System.out.println("locked: " + e.getMessage());
      System.out.flush();
      System.exit(3);
    }
  }
}
