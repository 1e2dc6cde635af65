package io.strata.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.WriteBatch;
import io.strata.api.WriteOptions;
import io.strata.core.Strata;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;

/**
 * The child process of {@link CrashLoopIT}: opens a database and writes a random mix of puts,
 * deletes and batches, sync and not, until it is killed. Before each write it prints an intent
 * line, after the write returns an acknowledgement line, each flushed at once, so that the parent
 * knows which writes were acknowledged and which one was in flight when the process died.
 *
 * <p>Protocol (one line each, on standard output):
 *
 * <pre>
 * READY                              the database is open
 * I op sync key:length key:length .. about to write; length -1 is a delete
 * A op                               the write of op returned
 * </pre>
 *
 * <p>Values are a function of (iteration, op, key, length): see {@link #value}. Arguments:
 * directory, seed, iteration.
 */
public final class CrashLoopWorker {
  /** Keys {@code key00000} .. {@code key02999}. */
  static final int KEY_SPACE = 3000;

  private CrashLoopWorker() {}

  /** Small buffers and files, so that flushes and compactions run all the time. */
  static Options options() {
    return Options.builder().writeBufferSizeBytes(64 << 10)
        .strategyOption("target_file_size_base", Integer.toString(64 << 10))
        .strategyOption("max_bytes_for_level_base", Integer.toString(256 << 10))
        .build();
  }

  static byte[] key(int k) {
    return String.format("key%05d", k).getBytes(UTF_8);
  }

  /**
   * The value op {@code op} of {@code iteration} writes to key {@code k}: a readable head, then
   * pseudo-random letters up to {@code length} bytes (so that it compresses, but not to nothing).
   */
  static byte[] value(int iteration, long op, int k, int length) {
    byte[] v = new byte[length];
    byte[] head = (iteration + "." + op + "." + k + ":").getBytes(UTF_8);
    System.arraycopy(head, 0, v, 0, Math.min(head.length, length));
    long x = (iteration * 0x9E3779B97F4A7C15L) ^ (op * 0xC2B2AE3D27D4EB4FL) ^ k;
    for (int i = head.length; i < length; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      v[i] = (byte) ('a' + (int) ((x >>> 33) % 26));
    }
    return v;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int iteration = Integer.parseInt(args[2]);
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, UTF_8);
    Random rnd = new Random(seed * 1_000_003L + iteration);
    Db db = Strata.open(dir, options());
    line(out, "READY");
    StringBuilder intent = new StringBuilder();
    for (long op = 1; ; op++) {
      double r = rnd.nextDouble();
      if (r < 0.002) {
        int a = rnd.nextInt(KEY_SPACE);
        db.compactRange(key(a), key(Math.min(KEY_SPACE - 1, a + rnd.nextInt(500))));
        continue;
      }
      boolean sync = rnd.nextInt(10) == 0;
      WriteBatch batch = new WriteBatch();
      intent.setLength(0);
      intent.append("I ").append(op).append(sync ? " 1" : " 0");
      int count = r < 0.7 ? 1 : 2 + rnd.nextInt(20);
      // Distinct keys in a batch, so that each key's expected value is one write's.
      int first = rnd.nextInt(KEY_SPACE);
      int stride = 1 + rnd.nextInt(37);
      for (int i = 0; i < count; i++) {
        int k = (first + i * stride) % KEY_SPACE;
        boolean delete = count == 1 ? r < 0.2 : rnd.nextInt(4) == 0;
        if (delete) {
          batch.delete(key(k));
          intent.append(' ').append(k).append(":-1");
        } else {
          int length = valueLength(rnd);
          batch.put(key(k), value(iteration, op, k, length));
          intent.append(' ').append(k).append(':').append(length);
        }
      }
      line(out, intent.toString());
      db.write(sync ? WriteOptions.SYNC : WriteOptions.DEFAULT, batch);
      line(out, "A " + op);
    }
  }

  private static int valueLength(Random rnd) {
    int p = rnd.nextInt(100);
    if (p < 1) {
      return 0; // an empty value is a value, not a delete
    } else if (p < 70) {
      return 10 + rnd.nextInt(190);
    } else if (p < 95) {
      return 200 + rnd.nextInt(800);
    }
    return 1000 + rnd.nextInt(7000); // larger than a block
  }

  private static void line(PrintStream out, String s) {
    out.print(s);
    out.print('\n');
    out.flush();
  }
}
