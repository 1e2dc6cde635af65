package io.strata.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What {@link DbStress} expects of every key: the key layout, the value each write puts, and per
 * key the last write that began and the last that returned.
 *
 * <p>Layout. Key {@code i} (bytes {@code k%07d}, so key order is index order) belongs to writer
 * {@code i % writers}; its local index {@code j = i / writers} is a <em>single</em> key when
 * {@code j < singlesPerWriter}, else member {@code (j - singlesPerWriter) % GROUP_SIZE} of group
 * {@code (j - singlesPerWriter) / GROUP_SIZE}. Single keys are written by puts, deletes and
 * batches of random keys of one writer; a group is only ever written whole, by one batch.
 *
 * <p>Versions. Each writer numbers its writes 1, 2, 3...; every key a write touches gets that
 * number as its version. Whether the write puts or deletes key {@code i} and the bytes it puts
 * are functions of ({@code seed}, {@code i}, version) alone ({@link #isDelete}, {@link #value}),
 * so a reader can check any value it sees without a log of the writes. Member 0 of a group is
 * always put, so a group read at one point in time shows one version on every member.
 *
 * <p>A value is 12 bytes (key index as a 4-byte big-endian int, version as an 8-byte big-endian
 * long), then 0 to 63 padding bytes. Thread safety: the two arrays are atomic; a key's entries
 * are written only by its owner writer.
 */
final class ExpectedState {
  static final int GROUP_SIZE = 5;
  private static final int HEADER = 12;

  final long seed;
  final int writers;
  final int singlesPerWriter;
  final int groupsPerWriter;
  final int numKeys;
  /** Per key: the version of the last write to it that began (0: none). */
  final AtomicLongArray started;
  /** Per key: the version of the last write to it that returned (0: none). */
  final AtomicLongArray committed;

  ExpectedState(long seed, int writers, int singlesPerWriter, int groupsPerWriter) {
    this.seed = seed;
    this.writers = writers;
    this.singlesPerWriter = singlesPerWriter;
    this.groupsPerWriter = groupsPerWriter;
    this.numKeys = writers * (singlesPerWriter + groupsPerWriter * GROUP_SIZE);
    this.started = new AtomicLongArray(numKeys);
    this.committed = new AtomicLongArray(numKeys);
  }

  static byte[] key(int i) {
    return String.format("k%07d", i).getBytes(StandardCharsets.US_ASCII);
  }

  /** The index of {@code key}, or -1 if it is not one of ours. */
  int indexOf(byte[] key) {
    if (key.length != 8 || key[0] != 'k') {
      return -1;
    }
    int i = 0;
    for (int p = 1; p < 8; p++) {
      int d = key[p] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      i = i * 10 + d;
    }
    return i < numKeys ? i : -1;
  }

  int singleKey(int writer, int j) {
    return j * writers + writer;
  }

  int groupMember(int writer, int group, int member) {
    return (singlesPerWriter + group * GROUP_SIZE + member) * writers + writer;
  }

  /** The group of key {@code i}, or -1 for a single key. */
  int groupOf(int i) {
    int j = i / writers;
    return j < singlesPerWriter ? -1 : (j - singlesPerWriter) / GROUP_SIZE;
  }

  int memberOf(int i) {
    return (i / writers - singlesPerWriter) % GROUP_SIZE;
  }

  /** Whether write {@code version} deletes key {@code i} (rather than putting it). */
  boolean isDelete(int i, long version) {
    if (groupOf(i) >= 0 && memberOf(i) == 0) {
      return false;
    }
    return (mix(i, version) & 3) == 0;
  }

  /** The value write {@code version} puts at key {@code i}. */
  byte[] value(int i, long version) {
    long h = mix(i, version);
    byte[] v = new byte[HEADER + (int) ((h >>> 8) & 63)];
    writeHeader(v, i, version);
    for (int p = HEADER; p < v.length; p++) {
      v[p] = (byte) (h >>> (p & 7) * 8);
    }
    return v;
  }

  /** The value expected after write {@code version} (null: absent), 0 meaning none yet. */
  byte[] expectedAfter(int i, long version) {
    return version == 0 || isDelete(i, version) ? null : value(i, version);
  }

  /**
   * The version a value claims, or -1 if it is not a value {@link #value} gives for key
   * {@code i}.
   */
  long versionOf(int i, byte[] v) {
    if (v.length < HEADER || readInt(v, 0) != i) {
      return -1;
    }
    long version = readLong(v, 4);
    return version > 0 && Arrays.equals(v, value(i, version)) ? version : -1;
  }

  /**
   * Checks what a read saw at key {@code i} against the versions before and after it.
   *
   * @param pre {@code committed} of the key read before the read began
   * @param post {@code started} of the key read after the read's point in time was fixed
   * @return a description of what is wrong, {@code ""} if the read is right, or null if it
   *     cannot be decided (absent while several writes, none a known delete, overlapped it)
   */
  String check(int i, byte[] seen, long pre, long post) {
    if (seen != null) {
      long version = versionOf(i, seen);
      if (version < 0) {
        return "key " + i + " holds a value no write put there";
      }
      if (version < pre || version > post) {
        return "key " + i + " shows version " + version + ", expected one in [" + pre + ", "
            + post + "]";
      }
      if (isDelete(i, version)) {
        return "key " + i + " shows version " + version + ", which deleted it";
      }
      return "";
    }
    if (pre == 0 || isDelete(i, pre) || isDelete(i, post)) {
      return "";
    }
    if (groupOf(i) >= 0 && memberOf(i) == 0) {
      return "key " + i + " is absent, but it is never deleted and version " + pre
          + " was written before the read";
    }
    if (post == pre) {
      return "key " + i + " is absent, expected version " + pre;
    }
    return null;
  }

  /**
   * Checks that the members of one group, read at one point in time, show one write.
   *
   * @param seen the members' values in member order (null: absent)
   * @return a description of what is wrong, or {@code ""}
   */
  String checkGroup(int writer, int group, byte[][] seen) {
    int first = groupMember(writer, group, 0);
    if (seen[0] == null) {
      for (int m = 1; m < GROUP_SIZE; m++) {
        if (seen[m] != null) {
          return "group " + group + " of writer " + writer + ": member 0 absent, member " + m
              + " present";
        }
      }
      return "";
    }
    long version = versionOf(first, seen[0]);
    if (version < 0) {
      return "group " + group + " of writer " + writer + ": member 0 holds a foreign value";
    }
    for (int m = 1; m < GROUP_SIZE; m++) {
      int i = groupMember(writer, group, m);
      if (!Arrays.equals(seen[m], expectedAfter(i, version))) {
        return "group " + group + " of writer " + writer + " is torn: member 0 shows version "
            + version + ", member " + m + " shows "
            + (seen[m] == null ? "absent" : "version " + versionOf(i, seen[m]));
      }
    }
    return "";
  }

  private long mix(int i, long version) {
    long z = seed ^ (i * 0x9E3779B97F4A7C15L) ^ (version * 0xC2B2AE3D27D4EB4FL);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void writeHeader(byte[] v, int i, long version) {
    for (int p = 0; p < 4; p++) {
      v[p] = (byte) (i >>> (24 - 8 * p));
    }
    for (int p = 0; p < 8; p++) {
      v[4 + p] = (byte) (version >>> (56 - 8 * p));
    }
  }

  private static int readInt(byte[] v, int off) {
    int x = 0;
    for (int p = 0; p < 4; p++) {
      x = x << 8 | (v[off + p] & 0xff);
    }
    return x;
  }

  private static long readLong(byte[] v, int off) {
    long x = 0;
    for (int p = 0; p < 8; p++) {
      x = x << 8 | (v[off + p] & 0xff);
    }
    return x;
  }
}
