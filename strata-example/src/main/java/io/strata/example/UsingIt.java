package io.strata.example;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.api.ReadOptions;
import io.strata.api.Snapshot;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.core.Strata;
import java.io.IOException;
import java.nio.file.Path;

/**
 * README's "Using it": the code between the markers is the README's, character for character
 * once unindented (UsingItTest checks), so that the README's example always compiles and runs.
 */
public final class UsingIt {
  private UsingIt() {}

  /** Runs the example on the database in {@code data}, by default {@code ./data}. */
  public static void main(String[] args) throws IOException {
    run(Path.of(args.length > 0 ? args[0] : "data"));
  }

  /** Runs the example on the database in {@code dir}, creating it if absent. */
  static void run(Path dir) throws IOException {
    // README begin
    byte[] key = "k".getBytes(UTF_8);
    byte[] value = "v".getBytes(UTF_8);
    byte[] k1 = "k1".getBytes(UTF_8);
    byte[] v1 = "v1".getBytes(UTF_8);
    byte[] k2 = "k2".getBytes(UTF_8);
    try (Db db = Strata.open(dir, Options.defaults())) {
      db.put(key, value);
      byte[] v = db.get(key);                       // null when absent
      db.write(WriteOptions.SYNC, new WriteBatch().put(k1, v1).delete(k2));
      try (Snapshot s = db.getSnapshot();
           DbIterator it = db.newIterator(ReadOptions.builder().snapshot(s).build())) {
        for (it.seekToFirst(); it.isValid(); it.next()) { /* it.key(), it.value() */ }
      }
    }
    // README end
  }
}
