package io.strata.examples.interop;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.ReadOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic list of puts, deletes and range compactions, applied alike to Strata, to C++
 * LevelDB (as the script {@code leveldb-tool} reads) and to a {@link TreeMap} model, and the
 * dump format every side is compared in: one line {@code <hex key> <hex value>} per entry, in
 * key order.
 */
final class InteropWorkload {
  private static final HexFormat HEX = HexFormat.of();

  /** One step: a put, a delete, or a compaction of {@code [key, value]} (both null: all). */
  record Op(char kind, byte[] key, byte[] value) {}

  private InteropWorkload() {}

  /**
   * {@code count} writes over {@code keySpace} keys, about one in six a delete, so that keys are
   * overwritten and deleted; with {@code compactPart}, after a third of them a compaction of the
   * key range's first half. Values are 60 to 200 bytes, half of each repeated text (so that
   * Snappy has work to do).
   */
  static List<Op> generate(long seed, int count, int keySpace, boolean compactPart) {
    Random random = new Random(seed);
    List<Op> ops = new ArrayList<>(count + 1);
    for (int i = 0; i < count; i++) {
      if (compactPart && i == count / 3) {
        ops.add(new Op('R', key(0), key(keySpace / 2)));
      }
      byte[] key = key(random.nextInt(keySpace));
      if (random.nextInt(6) == 0) {
        ops.add(new Op('D', key, null));
      } else {
        ops.add(new Op('P', key, value(random, i)));
      }
    }
    return ops;
  }

  /** The key {@code key000042}: ten bytes, sorted as numbers. */
  static byte[] key(int n) {
    return String.format("key%07d", n).getBytes(UTF_8);
  }

  private static byte[] value(Random random, int serial) {
    byte[] value = new byte[60 + random.nextInt(141)];
    byte[] text = ("value " + serial + " ").getBytes(UTF_8);
    for (int i = 0; i < value.length / 2; i++) {
      value[i] = text[i % text.length];
    }
    for (int i = value.length / 2; i < value.length; i++) {
      value[i] = (byte) random.nextInt(256);
    }
    return value;
  }

  /** A compaction of the whole key space, as {@code compactRange(null, null)}. */
  static Op compactAll() {
    return new Op('C', null, null);
  }

  /** {@code ops} as {@code leveldb-tool write} reads them. */
  static void writeScript(List<Op> ops, Path script) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(script, UTF_8)) {
      for (Op op : ops) {
        switch (op.kind()) {
          case 'P' -> out.write("P " + HEX.formatHex(op.key()) + " " + HEX.formatHex(op.value()));
          case 'D' -> out.write("D " + HEX.formatHex(op.key()));
          case 'R' -> out.write("R " + HEX.formatHex(op.key()) + " " + HEX.formatHex(op.value()));
          case 'C' -> out.write("C");
          default -> throw new AssertionError(op.kind());
        }
        out.write('\n');
      }
    }
  }

  /** Applies {@code ops} to {@code db}, one write each. */
  static void apply(Db db, List<Op> ops) throws IOException {
    for (Op op : ops) {
      switch (op.kind()) {
        case 'P' -> db.put(op.key(), op.value());
        case 'D' -> db.delete(op.key());
        case 'R' -> db.compactRange(op.key(), op.value());
        case 'C' -> db.compactRange(null, null);
        default -> throw new AssertionError(op.kind());
      }
    }
  }

  /** An empty model, ordered as LevelDB's bytewise comparator orders keys. */
  static TreeMap<byte[], byte[]> emptyModel() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  /** Applies {@code ops} to {@code model}; compactions change nothing. */
  static TreeMap<byte[], byte[]> apply(TreeMap<byte[], byte[]> model, List<Op> ops) {
    for (Op op : ops) {
      switch (op.kind()) {
        case 'P' -> model.put(op.key(), op.value());
        case 'D' -> model.remove(op.key());
        default -> { }
      }
    }
    return model;
  }

  /** The model in dump format. */
  static List<String> lines(Map<byte[], byte[]> model) {
    List<String> lines = new ArrayList<>(model.size());
    model.forEach((k, v) -> lines.add(line(k, v)));
    return lines;
  }

  static String line(byte[] key, byte[] value) {
    return HEX.formatHex(key) + " " + HEX.formatHex(value);
  }

  /** Every entry of {@code db} in dump format, read through an iterator. */
  static List<String> dump(Db db) throws IOException {
    List<String> lines = new ArrayList<>();
    try (DbIterator it = db.newIterator(ReadOptions.DEFAULT)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        lines.add(line(it.key(), it.value()));
      }
    }
    return lines;
  }

  /** SHA-256 of the lines, each ended by a newline, in hex: the figure reports quote. */
  static String sha256(List<String> lines) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String line : lines) {
        digest.update((line + "\n").getBytes(UTF_8));
      }
      return HEX.formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
