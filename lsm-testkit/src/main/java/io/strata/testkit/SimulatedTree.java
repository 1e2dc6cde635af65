package io.strata.testkit;

import static org.assertj.core.api.Assertions.fail;

import com.google.common.collect.ImmutableList;
import io.strata.api.Bytes;
import io.strata.api.BytewiseComparator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tree of table files whose contents are known: a {@link Version} plus, for every file, the
 * entries it holds ({@code userKey@sequence}, at most one per user key, as a compaction that no
 * snapshot holds back leaves them). It runs flushes and compactions the way the engine does, on
 * metadata alone, and checks what the engine's reads rely on. Keys are ordered bytewise. Confined
 * to one thread.
 *
 * <p>A merge keeps the newest entry of each user key among its inputs and cuts its outputs before
 * the first key at or past each of {@link Compaction#outputBoundaries()}, and when an output
 * reaches {@link Compaction#maxOutputFileSizeBytes()} (every entry weighing the inputs' bytes
 * divided by their entries). Files get a sequence range (and writer) exactly when {@code
 * recordRanges}: the engine records them for strategies not in LevelDB's layout.
 */
final class SimulatedTree {
  static final InternalKeyComparator ICMP = new InternalKeyComparator(BytewiseComparator.INSTANCE);

  /** One entry of a file. */
  record Entry(Bytes key, long sequence) {}

  /** Files per level a failure message lists. */
  static final int MAX_FILES_DESCRIBED = 24;

  private static final Comparator<Entry> KEY_ORDER =
      Comparator.comparing(Entry::key).thenComparing(Entry::sequence, Comparator.reverseOrder());

  private final boolean recordRanges;
  private final String writer;
  private final Map<Long, List<Entry>> contents = new HashMap<>();
  private Version version = Version.empty(ICMP);
  private long nextFileNumber = 1;
  private long lastSequence;

  /**
   * @param recordRanges whether new files get a recorded sequence range
   * @param writer the strategy name recorded with ranged files
   */
  SimulatedTree(boolean recordRanges, String writer) {
    this.recordRanges = recordRanges;
    this.writer = writer;
  }

  Version version() {
    return version;
  }

  long lastSequence() {
    return lastSequence;
  }

  int fileCount() {
    return version.fileNumbers().size();
  }

  long liveBytes() {
    long n = 0;
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      n += version.levelBytes(level);
    }
    return n;
  }

  /** Installs a file with exactly {@code entries} (sorted, one per key) at {@code level}. */
  void addFile(int level, long fileNumber, long sizeBytes, List<Entry> entries, boolean ranged) {
    FileMetaData f = meta(fileNumber, sizeBytes, entries, ranged);
    contents.put(fileNumber, List.copyOf(entries));
    version = version.apply(VersionEdit.builder().addFile(level, f).build());
    nextFileNumber = Math.max(nextFileNumber, fileNumber + 1);
    for (Entry e : entries) {
      lastSequence = Math.max(lastSequence, e.sequence());
    }
  }

  /** Sets the compaction pointer of {@code level}. */
  void setCompactPointer(int level, InternalKey key) {
    version = version.apply(VersionEdit.builder().compactPointer(level, key).build());
  }

  /**
   * A flushed memtable holding {@code keys} (sorted, distinct), each with a new sequence number.
   *
   * @return the file, not yet installed
   */
  FileMetaData newFlush(List<Bytes> keys, long sizeBytes) {
    List<Entry> entries = new ArrayList<>();
    for (Bytes k : keys) {
      entries.add(new Entry(k, ++lastSequence));
    }
    long number = nextFileNumber++;
    contents.put(number, List.copyOf(entries));
    return meta(number, sizeBytes, entries, recordRanges);
  }

  /** Installs a file made by {@link #newFlush} at {@code level}. */
  void installFlush(int level, FileMetaData f) {
    version = version.apply(VersionEdit.builder().addFile(level, f).build());
  }

  /**
   * Runs {@code c} as the engine would and installs the result.
   *
   * @param manual whether {@code c} came from {@code rangeCompaction}: the engine then merges even
   *     a compaction marked as a trivial move
   * @throws AssertionError naming {@code context} if {@link Version#apply} rejects the outcome
   */
  void apply(Compaction c, boolean manual, String context) {
    VersionEdit.Builder edit = VersionEdit.builder();
    c.compactPointer().ifPresent(p -> edit.compactPointer(p.level(), p.key()));
    List<Entry> merged = new ArrayList<>();
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData f : in.files()) {
        edit.deleteFile(in.level(), f.fileNumber());
        merged.addAll(contents.get(f.fileNumber()));
      }
    }
    if (c.trivialMove() && !manual) {
      edit.addFile(c.outputLevel(), c.inputs().get(0).files().get(0));
    } else {
      for (FileMetaData out : merge(c, merged)) {
        edit.addFile(c.outputLevel(), out);
      }
    }
    try {
      version = version.apply(edit.build());
    } catch (IllegalArgumentException e) {
      fail("%s: the engine could not install the outcome of %s: %s", context, describe(c),
          e.getMessage());
    }
  }

  private List<FileMetaData> merge(Compaction c, List<Entry> all) {
    all.sort(KEY_ORDER);
    List<Entry> newest = new ArrayList<>();
    for (Entry e : all) {
      if (newest.isEmpty() || !newest.get(newest.size() - 1).key().equals(e.key())) {
        newest.add(e);
      }
    }
    long bytesPerEntry = Math.max(1, c.inputBytes() / Math.max(1, all.size()));
    List<FileMetaData> outputs = new ArrayList<>();
    List<Bytes> boundaries = c.outputBoundaries();
    int nextBoundary = 0;
    List<Entry> piece = new ArrayList<>();
    for (Entry e : newest) {
      while (nextBoundary < boundaries.size()
          && boundaries.get(nextBoundary).compareTo(e.key()) <= 0) {
        finish(piece, bytesPerEntry, outputs);
        nextBoundary++;
      }
      piece.add(e);
      if (piece.size() * bytesPerEntry >= c.maxOutputFileSizeBytes()) {
        finish(piece, bytesPerEntry, outputs);
      }
    }
    finish(piece, bytesPerEntry, outputs);
    return outputs;
  }

  private void finish(List<Entry> piece, long bytesPerEntry, List<FileMetaData> outputs) {
    if (piece.isEmpty()) {
      return;
    }
    long number = nextFileNumber++;
    contents.put(number, List.copyOf(piece));
    outputs.add(meta(number, piece.size() * bytesPerEntry, piece, recordRanges));
    piece.clear();
  }

  private FileMetaData meta(long number, long sizeBytes, List<Entry> entries, boolean ranged) {
    Entry first = entries.get(0);
    Entry last = entries.get(entries.size() - 1);
    FileMetaData f = new FileMetaData(number, sizeBytes,
        new InternalKey(first.key(), first.sequence(), ValueType.VALUE),
        new InternalKey(last.key(), last.sequence(), ValueType.VALUE));
    if (!ranged) {
      return f;
    }
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (Entry e : entries) {
      lo = Math.min(lo, e.sequence());
      hi = Math.max(hi, e.sequence());
    }
    return f.withSequenceRange(lo, hi, writer);
  }

  /**
   * Checks what reads rely on: for every user key, the first entry found in read order (level 0
   * in Version order, then levels 1 to 6, each file whose key range holds the key) is the newest
   * entry of that key in the tree; and for any two overlapping level-0 files with recorded
   * sequence ranges, the one first in Version order holds only newer sequence numbers.
   *
   * @throws AssertionError naming {@code context}, the key and the files involved
   */
  void checkAgeOrder(String context) {
    Map<Bytes, long[]> found = new HashMap<>(); // key -> {first found seq, its file, newest seq}
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      for (FileMetaData f : version.files(level)) {
        for (Entry e : contents.get(f.fileNumber())) {
          long[] s = found.get(e.key());
          if (s == null) {
            found.put(e.key(), new long[] {e.sequence(), f.fileNumber(), e.sequence()});
          } else {
            s[2] = Math.max(s[2], e.sequence());
          }
        }
      }
    }
    for (Map.Entry<Bytes, long[]> e : found.entrySet()) {
      long[] s = e.getValue();
      if (s[0] != s[2]) {
        fail("%s: a read of key %s finds sequence %s in file %s, but sequence %s is newer;"
            + " tree:%n%s", context, e.getKey(), s[0], s[1], s[2], describe(version));
      }
    }
    List<FileMetaData> l0 = version.files(0);
    for (int i = 0; i < l0.size(); i++) {
      for (int j = i + 1; j < l0.size(); j++) {
        FileMetaData a = l0.get(i);
        FileMetaData b = l0.get(j);
        if (a.hasSequenceRange() && b.hasSequenceRange() && overlap(a, b)
            && a.smallestSequence() <= b.largestSequence()) {
          fail("%s: level-0 file %s is read before file %s, which it overlaps, so all its"
              + " sequence numbers must be newer; tree:%n%s", context, a.fileNumber(),
              b.fileNumber(), describe(version));
        }
      }
    }
  }

  static boolean overlap(FileMetaData a, FileMetaData b) {
    return ICMP.compareUserKeys(a.smallest(), b.largest()) <= 0
        && ICMP.compareUserKeys(b.smallest(), a.largest()) <= 0;
  }

  /**
   * The files per level, {@code number:[smallest .. largest] seq lo-hi size}, at most {@link
   * #MAX_FILES_DESCRIBED} per level.
   */
  static String describe(Version v) {
    StringBuilder sb = new StringBuilder();
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      if (v.numFiles(level) == 0) {
        continue;
      }
      sb.append("  L").append(level).append(':');
      List<FileMetaData> files = v.files(level);
      for (int i = 0; i < Math.min(files.size(), MAX_FILES_DESCRIBED); i++) {
        sb.append(' ').append(describe(files.get(i)));
      }
      if (files.size() > MAX_FILES_DESCRIBED) {
        sb.append(" ... ").append(files.size() - MAX_FILES_DESCRIBED).append(" more");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String describe(FileMetaData f) {
    return f.fileNumber() + ":[" + f.smallest() + " .. " + f.largest() + "]"
        + (f.hasSequenceRange() ? " seq " + f.smallestSequence() + "-" + f.largestSequence() : "")
        + " " + f.fileSizeBytes() + "B";
  }

  /** The compaction's levels, files and flags, for messages. */
  static String describe(Compaction c) {
    StringBuilder sb = new StringBuilder("compaction");
    for (Compaction.LevelInputs in : c.inputs()) {
      sb.append(" L").append(in.level()).append(' ');
      ImmutableList<FileMetaData> files = in.files();
      for (int i = 0; i < files.size(); i++) {
        sb.append(i == 0 ? "" : ",").append(files.get(i).fileNumber());
      }
    }
    sb.append(" -> L").append(c.outputLevel());
    if (c.trivialMove()) {
      sb.append(" (trivial move)");
    }
    if (!c.outputBoundaries().isEmpty()) {
      sb.append(" boundaries ").append(c.outputBoundaries().size());
    }
    return sb.append(" (").append(c.reason()).append(')').toString();
  }
}
