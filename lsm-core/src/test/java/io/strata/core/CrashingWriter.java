package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.Db;
import io.strata.api.Options;
import java.nio.file.Path;

/** Run in a child JVM: writes N keys, prints an acknowledgement, and halts without closing. */
public final class CrashingWriter {
  private CrashingWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    Db db = Strata.open(dir, Options.builder().writeBufferSizeBytes(256 << 10).build());
    for (int i = 0; i < n; i++) {
      db.put(("key" + i).getBytes(UTF_8), ("value" + i).getBytes(UTF_8));
    }
    System.out.println("acked " + n);
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
