package io.strata.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.CorruptionException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Drives a fuzz target with random inputs and mutations of valid encodings, for a bounded run
 * inside the normal build (Jazzer's {@code @FuzzTest} only replays its seed corpus there).
 *
 * <p>The property checked: the target returns or throws {@link CorruptionException}; any other
 * throwable fails the run, naming the seed, the execution and the file the input was saved to
 * (under {@code target/fuzz-findings}, ready to drop into the target's Jazzer inputs directory).
 * Each input is either random bytes or a seed with 1 to 8 stacked mutations: bit flips, random
 * and boundary bytes, varints and fixed32 words of boundary values, truncations, deletions,
 * duplications, splices with another seed, appended garbage; half of the mutated inputs then go
 * through the target's {@code repair} step (e.g. recomputing checksums) to get past the outer
 * checks into the parsers.
 *
 * <p>The number of executions is {@code -Dstrata.fuzz.iterations=N} or the target's default;
 * the seed is printed and {@code -Dstrata.seed=N} replays it.
 */
public final class FuzzDriver {
  /** A fuzz target: must return normally or throw {@link CorruptionException}. */
  @FunctionalInterface
  public interface Target {
    void run(byte[] input) throws IOException;
  }

  /** Set once a target ran on its seeds: class loading and JIT no longer count as its cost. */
  private static volatile boolean warmedUp;

  private FuzzDriver() {}

  /**
   * Runs {@code target} on each seed, which it must accept, with the allocation meter off, so
   * that class loading does not count against the first input.
   */
  public static void warmUp(List<byte[]> seeds, Target target) throws IOException {
    warmedUp = false;
    for (byte[] s : seeds) {
      target.run(s.clone());
    }
    warmedUp = true;
  }

  /** Executions to run: {@code -Dstrata.fuzz.iterations} or {@code defaultIterations}. */
  public static long iterations(long defaultIterations) {
    return Long.getLong("strata.fuzz.iterations", defaultIterations);
  }

  /**
   * Runs {@code target} on {@code iterations} inputs made from {@code seeds}.
   *
   * @param repair applied to half of the mutated inputs; may return its argument
   * @return the number of inputs the target accepted without a {@link CorruptionException}
   */
  public static long run(String name, List<byte[]> seeds, long iterations, Target target,
      UnaryOperator<byte[]> repair) throws IOException {
    long seed = Long.getLong("strata.seed", new Random().nextLong());
    System.out.println("fuzz " + name + ": seed " + seed + " (-Dstrata.seed=" + seed
        + " replays), " + iterations + " executions (-Dstrata.fuzz.iterations=N)");
    Random rnd = new Random(seed);
    long accepted = 0;
    long corrupt = 0;
    long start = System.nanoTime();
    warmUp(seeds, target);
    for (byte[] s : seeds) { // seeds are valid: the target must accept each, metered this time
      target.run(s.clone());
      accepted++;
    }
    for (long i = 0; i < iterations; i++) {
      byte[] input = rnd.nextInt(10) == 0 ? randomBytes(rnd)
          : mutate(rnd, seeds.get(rnd.nextInt(seeds.size())), seeds);
      if (rnd.nextBoolean() && input.length > 0) {
        input = repair.apply(input);
      }
      try {
        target.run(input.clone());
        accepted++;
      } catch (CorruptionException e) {
        corrupt++;
        assertThat(e.file()).as("file named by %s", e).isNotEmpty();
      } catch (Throwable t) {
        if (t instanceof AllocationError && passesAgain(target, input)) {
          continue; // the first run of a code path paid for class loading
        }
        Path saved = save(name, i, input);
        throw new AssertionError("fuzz " + name + " (seed " + seed + ", execution " + i
            + ", input of " + input.length + " bytes saved to " + saved + ") threw " + t, t);
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("fuzz " + name + ": " + (seeds.size() + iterations) + " executions in "
        + millis + " ms: " + accepted + " accepted, " + corrupt + " CorruptionException, "
        + "0 other failures");
    return accepted;
  }

  private static boolean passesAgain(Target target, byte[] input) {
    try {
      target.run(input.clone());
      return true;
    } catch (CorruptionException e) {
      return true;
    } catch (Throwable t) {
      return false;
    }
  }

  /** A step allocated more than its budget. */
  static final class AllocationError extends AssertionError {
    private static final long serialVersionUID = 1L;

    AllocationError(String message) {
      super(message);
    }
  }

  private static Path save(String name, long execution, byte[] input) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "fuzz-findings"));
      return Files.write(dir.resolve(name + "-" + execution + ".bin"), input);
    } catch (IOException e) {
      return Path.of("(not saved: " + e + ")");
    }
  }

  public static byte[] randomBytes(Random rnd) {
    byte[] b = new byte[rnd.nextInt(rnd.nextBoolean() ? 64 : 4096)];
    rnd.nextBytes(b);
    return b;
  }

  private static final int[] BOUNDARY_INTS = {0, 1, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff,
      0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x7ffffff8, 0x20000000};

  /** {@code base} with 1 to 8 random mutations. */
  public static byte[] mutate(Random rnd, byte[] base, List<byte[]> others) {
    byte[] b = base.clone();
    int n = 1 + rnd.nextInt(8);
    for (int m = 0; m < n; m++) {
      b = mutateOnce(rnd, b, others);
    }
    return b;
  }

  private static byte[] mutateOnce(Random rnd, byte[] b, List<byte[]> others) {
    int len = b.length;
    switch (rnd.nextInt(11)) {
      case 0: // bit flip
        if (len > 0) {
          b[rnd.nextInt(len)] ^= (byte) (1 << rnd.nextInt(8));
        }
        return b;
      case 1: // random byte
        if (len > 0) {
          b[rnd.nextInt(len)] = (byte) rnd.nextInt(256);
        }
        return b;
      case 2: // boundary byte
        if (len > 0) {
          b[rnd.nextInt(len)] = (byte) BOUNDARY_INTS[rnd.nextInt(BOUNDARY_INTS.length)];
        }
        return b;
      case 3: { // a varint of a boundary or random value written over the bytes
        long v = rnd.nextBoolean() ? Integer.toUnsignedLong(
            BOUNDARY_INTS[rnd.nextInt(BOUNDARY_INTS.length)]) : rnd.nextLong() >>> rnd.nextInt(64);
        byte[] enc = new byte[10];
        int elen = io.strata.api.spi.coding.Coding.putVarint64(enc, 0, v);
        return overwrite(rnd, b, Arrays.copyOf(enc, elen));
      }
      case 4: { // fixed32 boundary word
        byte[] enc = new byte[4];
        io.strata.api.spi.coding.Coding.putFixed32(enc, 0,
            BOUNDARY_INTS[rnd.nextInt(BOUNDARY_INTS.length)]);
        return overwrite(rnd, b, enc);
      }
      case 5: // truncation
        return Arrays.copyOf(b, len == 0 ? 0 : rnd.nextInt(len));
      case 6: { // delete a range
        if (len == 0) {
          return b;
        }
        int from = rnd.nextInt(len);
        int to = from + rnd.nextInt(Math.min(len - from, 64) + 1);
        byte[] out = new byte[len - (to - from)];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(b, to, out, from, len - to);
        return out;
      }
      case 7: { // duplicate a range in place
        if (len == 0) {
          return b;
        }
        int from = rnd.nextInt(len);
        int n = 1 + rnd.nextInt(Math.min(len - from, 64));
        return insert(b, rnd.nextInt(len + 1), Arrays.copyOfRange(b, from, from + n));
      }
      case 8: { // splice: a prefix of this with a suffix of another input
        byte[] o = others.get(rnd.nextInt(others.size()));
        int cut = rnd.nextInt(len + 1);
        int ocut = rnd.nextInt(o.length + 1);
        byte[] out = Arrays.copyOf(b, cut + o.length - ocut);
        System.arraycopy(o, ocut, out, cut, o.length - ocut);
        return out;
      }
      case 9: { // append garbage
        byte[] g = new byte[1 + rnd.nextInt(64)];
        rnd.nextBytes(g);
        return insert(b, len, g);
      }
      default: { // insert random bytes
        byte[] g = new byte[1 + rnd.nextInt(16)];
        rnd.nextBytes(g);
        return insert(b, rnd.nextInt(len + 1), g);
      }
    }
  }

  private static byte[] overwrite(Random rnd, byte[] b, byte[] what) {
    if (b.length < what.length) {
      return b;
    }
    int at = rnd.nextInt(b.length - what.length + 1);
    System.arraycopy(what, 0, b, at, what.length);
    return b;
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    byte[] out = new byte[b.length + what.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(b, at, out, at + what.length, b.length - at);
    return out;
  }

  /**
   * Meters the bytes the current thread allocates, step by step: a step that allocates more
   * than its budget is a finding (a length read from the input was trusted before it was
   * checked against what the input holds).
   */
  public static final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final long budgetBytes;
    private long mark;

    /** A budget of {@code fixedBytes} plus {@code perInputByte} bytes per input byte. */
    public AllocationMeter(int inputLength, long fixedBytes, long perInputByte) {
      this.budgetBytes = fixedBytes + perInputByte * inputLength;
      this.mark = THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Fails if the thread allocated more than the budget since the last step. */
    public void step(String what) {
      long now = THREADS.getCurrentThreadAllocatedBytes();
      long used = now - mark;
      if (used > budgetBytes && warmedUp) {
        throw new AllocationError(what + " allocated " + used + " bytes, over its budget of "
            + budgetBytes);
      }
      mark = THREADS.getCurrentThreadAllocatedBytes();
    }
  }
}
