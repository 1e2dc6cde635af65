package io.strata.bench.jmh;

import static com.google.common.base.Preconditions.checkArgument;

import io.strata.api.BytewiseComparator;
import io.strata.api.spi.InternalKeyComparator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Keys, values and scratch directories shared by the benchmarks: db_bench's shapes (16-byte
 * decimal keys, values of a given length, half of each value random and half repeated so that
 * it compresses to about half, as db_bench's {@code compression_ratio} 0.5). Every generator is
 * seeded with a fixed value, so that each run measures the same data. Not instantiable.
 */
final class BenchData {
  /** Bytes of a key, as db_bench's {@code key_size} default. */
  static final int KEY_BYTES = 16;
  /** The order of every benchmark's internal keys. */
  static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);
  /** The seed of every generator. */
  static final long SEED = 301;

  private BenchData() {}

  /** The key of index {@code i}: {@code i} in 16 decimal digits, zero-padded. */
  static byte[] key(long i) {
    checkArgument(i >= 0, "key index must be >= 0, was %s", i);
    return String.format("%016d", i).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Writes the key of index {@code i} into {@code key}, a {@link #KEY_BYTES}-byte array, as
   * {@link #key} spells it, without allocating: for benchmark loops that reuse one key array.
   */
  static void formatKey(long i, byte[] key) {
    long v = i;
    for (int j = key.length - 1; j >= 0; j--) {
      key[j] = (byte) ('0' + v % 10);
      v /= 10;
    }
  }

  /** The keys of indices {@code 0, step, 2*step, ...}: {@code count} keys in ascending order. */
  static byte[][] sortedKeys(int count, int step) {
    byte[][] keys = new byte[count][];
    for (int i = 0; i < count; i++) {
      keys[i] = key((long) i * step);
    }
    return keys;
  }

  /** {@code keys} shuffled by a generator seeded with {@code seed}; a new array. */
  static byte[][] shuffled(byte[][] keys, long seed) {
    byte[][] out = keys.clone();
    Random random = new Random(seed);
    for (int i = out.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      byte[] t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  /**
   * A value of {@code length} bytes: the first half random letters, the second half a repeat of
   * the first, as db_bench's values at compression ratio 0.5.
   */
  static byte[] value(int length, SplittableRandom random) {
    checkArgument(length >= 0, "length must be >= 0, was %s", length);
    byte[] v = new byte[length];
    int half = (length + 1) / 2;
    for (int i = 0; i < half; i++) {
      v[i] = (byte) (' ' + random.nextInt(95));
    }
    for (int i = half; i < length; i++) {
      v[i] = v[i - half];
    }
    return v;
  }

  /** A fresh directory under the temporary-file directory ({@code java.io.tmpdir}). */
  static Path newTempDir(String prefix) throws IOException {
    return Files.createTempDirectory("strata-bench-" + prefix);
  }

  /** Deletes {@code dir} and everything under it; a missing directory is not an error. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  /** Copies every regular file of {@code from} into the existing directory {@code to}. */
  static void copyFiles(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
  }
}
