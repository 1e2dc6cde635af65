package io.strata.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.core.Strata;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at random moments, again and again on one directory, and
 * checks after each kill that the reopened database holds exactly what the process was told:
 * every acknowledged write, sync or not (a process crash keeps what reached the OS), plus all or
 * nothing of the one write in flight.
 *
 * <p>Each iteration starts a {@link CrashLoopWorker} in a child JVM on the directory the
 * previous iteration verified, reads its intent and acknowledgement lines, kills it either
 * during its open or after a random number of acknowledged writes, reopens the database here,
 * compares every key (gets, and full scans both ways) with the model, and carries the verified
 * state into the next iteration.
 *
 * <p>By default it runs iterations for about {@value #DEFAULT_BUDGET_SECONDS} s (at least
 * {@value #MIN_ITERATIONS}, at most {@value #MAX_DEFAULT_ITERATIONS}), so that a loaded machine
 * does not make the build slow; {@code -Dstrata.crash.iterations=N} runs exactly N iterations;
 * {@code -Dstrata.seed=S} replays a run's choices.
 */
class CrashLoopIT {
  static final int DEFAULT_BUDGET_SECONDS = 100;
  static final int MIN_ITERATIONS = 10;
  static final int MAX_DEFAULT_ITERATIONS = 60;
  /** Acknowledged writes after which the child is killed at most. */
  private static final int MAX_ACKS_BEFORE_KILL = 3000;

  @TempDir Path tmp;

  /** Every key's value (absent: deleted or never written). */
  private final TreeMap<Integer, byte[]> model = new TreeMap<>();
  private long checkedKeys;
  private long ackedWrites;
  private int inFlightApplied;
  private int inFlightLost;
  private int killedDuringOpen;

  @Test
  void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    Integer fixed = Integer.getInteger("strata.crash.iterations");
    System.out.println("CrashLoopIT seed " + seed + " (replay with -Dstrata.seed=" + seed + ")");
    Random rnd = new Random(seed);
    Path dir = tmp.resolve("db");
    long start = System.nanoTime();
    int iterations = 0;
    while (fixed != null ? iterations < fixed : iterations < MIN_ITERATIONS
        || (iterations < MAX_DEFAULT_ITERATIONS
            && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(DEFAULT_BUDGET_SECONDS))) {
      runAndKill(dir, seed, iterations, rnd);
      iterations++;
    }
    System.out.printf("CrashLoopIT: %d iterations, %d acknowledged writes, in-flight write "
            + "applied %d times and lost %d times, %d kills during open, %d keys checked, "
            + "%.1f s%n", iterations, ackedWrites, inFlightApplied, inFlightLost, killedDuringOpen,
        checkedKeys, (System.nanoTime() - start) / 1e9);
    assertThat(ackedWrites).isPositive();
  }

  private void runAndKill(Path dir, long seed, int iteration, Random rnd) throws Exception {
    Path err = tmp.resolve("child.err");
    String java = ProcessHandle.current().info().command().orElse(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), CrashLoopWorker.class.getName(), dir.toString(),
        Long.toString(seed), Integer.toString(iteration))
        .redirectError(err.toFile()).start();
    child.getOutputStream().close();
    // One in ten: kill at a random moment from the start, often during recovery.
    boolean duringOpen = rnd.nextInt(10) == 0;
    int killAfterAcks = duringOpen ? -1 : rnd.nextInt(MAX_ACKS_BEFORE_KILL + 1);
    int sleepBeforeKillMillis = duringOpen ? rnd.nextInt(1500) : rnd.nextInt(20);
    Intent inFlight = null;
    Map<Long, Intent> open = new TreeMap<>();
    int acks = 0;
    boolean ready = false;
    boolean killed = false;
    if (duringOpen) {
      Thread.sleep(sleepBeforeKillMillis);
      kill(child); // its output so far stays in the pipe
      killed = true;
    }
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(child.getInputStream(), UTF_8))) {
      String line;
      // After the kill, the lines already in the pipe are read to its end.
      while ((line = in.readLine()) != null) {
        if (line.equals("READY")) {
          ready = true;
        } else if (line.startsWith("I ")) {
          Intent intent = Intent.parse(line);
          open.put(intent.op, intent);
        } else if (line.startsWith("A ")) {
          Intent done = open.remove(Long.parseLong(line.substring(2)));
          assertThat(done).as("ack without intent: %s", line).isNotNull();
          done.applyTo(model, iteration);
          acks++;
          if (!killed && acks >= killAfterAcks) {
            Thread.sleep(sleepBeforeKillMillis);
            kill(child);
            killed = true;
          }
        } // anything else (a logger's line) is not part of the protocol
      }
    }
    assertThat(child.waitFor(1, TimeUnit.MINUTES)).as("child ended").isTrue();
    if (!killed) {
      fail("iteration %d: the child exited by itself with %s before the kill; stderr:%n%s",
          iteration, child.exitValue(), Files.readString(err));
    }
    assertThat(open.size()).as("one writer: at most one write in flight").isLessThanOrEqualTo(1);
    if (!open.isEmpty()) {
      inFlight = open.values().iterator().next();
    }
    if (!ready) {
      killedDuringOpen++;
    }
    ackedWrites += acks;
    verify(dir, iteration, inFlight);
  }

  /**
   * SIGKILL on Linux: no shutdown hook, no close. Through the process handle, because
   * {@link Process#destroyForcibly()} also closes our end of the child's output, and the lines
   * still in the pipe must be read.
   */
  private static void kill(Process child) {
    child.toHandle().destroyForcibly();
  }

  private void verify(Path dir, int iteration, Intent inFlight) throws IOException {
    try (Db db = Strata.open(dir, CrashLoopWorker.options())) {
      if (inFlight != null) {
        boolean allNew = true;
        boolean allOld = true;
        for (int i = 0; i < inFlight.keys.length; i++) {
          int k = inFlight.keys[i];
          byte[] actual = db.get(CrashLoopWorker.key(k));
          allNew &= Arrays.equals(actual, inFlight.valueOf(i, iteration));
          allOld &= Arrays.equals(actual, model.get(k));
        }
        assertThat(allNew || allOld).as("iteration %d: the write in flight (op %d, %d keys) is "
            + "all or nothing", iteration, inFlight.op, inFlight.keys.length).isTrue();
        if (allNew) {
          inFlight.applyTo(model, iteration);
          inFlightApplied++;
        } else {
          inFlightLost++;
        }
      }
      for (int k = 0; k < CrashLoopWorker.KEY_SPACE; k++) {
        byte[] actual = db.get(CrashLoopWorker.key(k));
        if (!Arrays.equals(actual, model.get(k))) {
          fail("iteration %d: key %d is %s, expected %s", iteration, k, describe(actual),
              describe(model.get(k)));
        }
      }
      checkedKeys += CrashLoopWorker.KEY_SPACE;
      List<Integer> forward = new ArrayList<>();
      try (DbIterator it = db.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          int k = Integer.parseInt(new String(it.key(), UTF_8).substring(3));
          assertThat(it.value()).as("iteration %d: scanned key %d", iteration, k)
              .isEqualTo(model.get(k));
          forward.add(k);
        }
        List<Integer> backward = new ArrayList<>();
        for (it.seekToLast(); it.isValid(); it.prev()) {
          backward.add(0, Integer.parseInt(new String(it.key(), UTF_8).substring(3)));
        }
        assertThat(backward).isEqualTo(forward);
      }
      assertThat(forward).as("iteration %d: keys present", iteration)
          .containsExactlyElementsOf(model.keySet());
    }
  }

  private static String describe(byte[] v) {
    if (v == null) {
      return "absent";
    }
    String s = new String(v, 0, Math.min(v.length, 24), UTF_8);
    return v.length + " bytes '" + s + "...'";
  }

  /** One write as the child announced it: keys and value lengths (-1: delete). */
  private static final class Intent {
    final long op;
    final int[] keys;
    final int[] lengths;

    private Intent(long op, int[] keys, int[] lengths) {
      this.op = op;
      this.keys = keys;
      this.lengths = lengths;
    }

    static Intent parse(String line) {
      String[] parts = line.split(" ");
      int n = parts.length - 3;
      int[] keys = new int[n];
      int[] lengths = new int[n];
      for (int i = 0; i < n; i++) {
        String[] kv = parts[3 + i].split(":");
        keys[i] = Integer.parseInt(kv[0]);
        lengths[i] = Integer.parseInt(kv[1]);
      }
      return new Intent(Long.parseLong(parts[1]), keys, lengths);
    }

    byte[] valueOf(int i, int iteration) {
      return lengths[i] < 0 ? null
          : CrashLoopWorker.value(iteration, op, keys[i], lengths[i]);
    }

    void applyTo(TreeMap<Integer, byte[]> model, int iteration) {
      for (int i = 0; i < keys.length; i++) {
        byte[] v = valueOf(i, iteration);
        if (v == null) {
          model.remove(keys[i]);
        } else {
          model.put(keys[i], v);
        }
      }
    }
  }
}
