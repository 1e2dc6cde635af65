package io.strata.api.spi.version;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import io.strata.api.CorruptionException;
import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The live table files per level, and each level's compaction pointer: one immutable state of the
 * tree (google/leveldb db/version_set.h). Applying a {@link VersionEdit} gives the next Version.
 *
 * <p>Invariants: level 0 is ordered newest data first ({@link #LEVEL0_NEWEST_FIRST}) and its
 * files may overlap; every level from 1 is ordered by smallest key and its files' closed key
 * ranges do not overlap. Reads consult level 0 in that order, then each deeper level, and take the
 * first entry found for a key: so a strategy must keep every file's data newer than the data of
 * any overlapping file after it in that order (see {@code CompactionStrategy}). Immutable and
 * thread-safe; the {@link VersionSet} that made it counts its readers.
 */
public final class Version {
  /** Levels of every tree, as LevelDB's {@code config::kNumLevels}. */
  public static final int NUM_LEVELS = 7;

  /**
   * The order of level 0, newest data first. Files without a recorded sequence range come first,
   * by file number descending (LevelDB's order: only flushes of LevelDB-layout strategies make
   * them, so they are newer than every file with a range); then files with a range, by largest
   * sequence number descending, ties by file number descending.
   */
  public static final Comparator<FileMetaData> LEVEL0_NEWEST_FIRST = (a, b) -> {
    if (a.hasSequenceRange() != b.hasSequenceRange()) {
      return a.hasSequenceRange() ? 1 : -1;
    }
    if (a.hasSequenceRange()) {
      int r = Long.compare(b.largestSequence(), a.largestSequence());
      if (r != 0) {
        return r;
      }
    }
    return Long.compare(b.fileNumber(), a.fileNumber());
  };

  private final InternalKeyComparator comparator;
  private final ImmutableList<ImmutableList<FileMetaData>> levels;
  private final ImmutableMap<Integer, InternalKey> compactPointers;
  private final Optional<VersionEdit.StrategySwitch> strategySwitch;
  private final ImmutableSortedSet<String> features;
  // Encoded largest keys per level, for binary search without allocation; never exposed.
  private final byte[][][] largestKeys;

  private Version(InternalKeyComparator comparator,
      ImmutableList<ImmutableList<FileMetaData>> levels,
      ImmutableMap<Integer, InternalKey> compactPointers,
      Optional<VersionEdit.StrategySwitch> strategySwitch, ImmutableSortedSet<String> features) {
    this.comparator = comparator;
    this.levels = levels;
    this.compactPointers = compactPointers;
    this.strategySwitch = strategySwitch;
    this.features = features;
    this.largestKeys = new byte[levels.size()][][];
    for (int level = 0; level < levels.size(); level++) {
      List<FileMetaData> files = levels.get(level);
      largestKeys[level] = new byte[files.size()][];
      for (int i = 0; i < files.size(); i++) {
        largestKeys[level][i] = files.get(i).largest().encode();
      }
    }
  }

  /**
   * The Version with no files.
   *
   * @param comparator the internal-key order of the tree
   * @return a Version with every level empty and no compaction pointer
   * @throws NullPointerException if {@code comparator} is null
   */
  public static Version empty(InternalKeyComparator comparator) {
    checkNotNull(comparator, "comparator");
    ImmutableList.Builder<ImmutableList<FileMetaData>> b = ImmutableList.builder();
    for (int i = 0; i < NUM_LEVELS; i++) {
      b.add(ImmutableList.of());
    }
    return new Version(comparator, b.build(), ImmutableMap.of(), Optional.empty(),
        ImmutableSortedSet.of());
  }

  /**
   * A Version holding exactly {@code files} per level (sorted by this class's invariants), for
   * tests and tools.
   *
   * @param comparator the internal-key order of the tree
   * @param files the files of each level, level 0 first; fewer than {@link #NUM_LEVELS} lists
   *     leave the deeper levels empty
   * @return a Version holding those files
   * @throws IllegalArgumentException if a level from 1 has overlapping files
   */
  public static Version of(InternalKeyComparator comparator, List<List<FileMetaData>> files) {
    VersionEdit.Builder e = VersionEdit.builder();
    for (int level = 0; level < files.size(); level++) {
      for (FileMetaData f : files.get(level)) {
        e.addFile(level, f);
      }
    }
    return empty(comparator).apply(e.build());
  }

  /** {@return the internal-key order of this tree} */
  public InternalKeyComparator comparator() {
    return comparator;
  }

  /** {@return the number of levels, always {@link #NUM_LEVELS}} */
  public int numLevels() {
    return NUM_LEVELS;
  }

  /**
   * The files of {@code level} in the order stated above.
   *
   * @param level the level, 0 to {@link #NUM_LEVELS} - 1
   * @return the level's files, possibly empty
   */
  public ImmutableList<FileMetaData> files(int level) {
    return levels.get(level);
  }

  /**
   * The number of files of {@code level}.
   *
   * @param level the level, 0 to {@link #NUM_LEVELS} - 1
   * @return the level's file count
   */
  public int numFiles(int level) {
    return levels.get(level).size();
  }

  /**
   * The size of {@code level}.
   *
   * @param level the level, 0 to {@link #NUM_LEVELS} - 1
   * @return the sum of the level's file sizes, in bytes
   */
  public long levelBytes(int level) {
    long sum = 0;
    for (FileMetaData f : levels.get(level)) {
      sum += f.fileSizeBytes();
    }
    return sum;
  }

  /**
   * Where the next compaction of {@code level} starts, as LevelDB's round robin.
   *
   * @param level the level, 0 to {@link #NUM_LEVELS} - 1
   * @return the largest key of the last compaction out of {@code level}, or empty if none is
   *     recorded
   */
  public Optional<InternalKey> compactPointer(int level) {
    return Optional.ofNullable(compactPointers.get(level));
  }

  /** {@return the last strategy switch recorded in the MANIFEST, or empty if none} */
  public Optional<VersionEdit.StrategySwitch> strategySwitch() {
    return strategySwitch;
  }

  /**
   * The features outside LevelDB's formats recorded in the MANIFEST so far (the union of every
   * edit's {@link VersionEdit#features()}); a database with any is one LevelDB refuses.
   *
   * @return the recorded feature names, sorted; empty for a LevelDB database
   */
  public ImmutableSortedSet<String> features() {
    return features;
  }

  /** {@return every file number of every level, in a new mutable set} */
  public Set<Long> fileNumbers() {
    Set<Long> s = new HashSet<>();
    for (List<FileMetaData> l : levels) {
      for (FileMetaData f : l) {
        s.add(f.fileNumber());
      }
    }
    return s;
  }

  /**
   * The next Version: this one with {@code edit}'s deleted files removed, its new files added and
   * its compaction pointers set.
   *
   * @param edit the changes to apply
   * @return the next Version
   * @throws IllegalArgumentException if a level from 1 would hold overlapping files, or a file
   *     number would appear twice: a caller's mistake; this Version is unchanged
   * @throws NullPointerException if {@code edit} is null
   */
  public Version apply(VersionEdit edit) {
    return apply(edit, IllegalArgumentException::new);
  }

  /**
   * As {@link #apply(VersionEdit)}, for an edit read from a file (a MANIFEST record): an edit
   * that does not apply is damage of that file, not a caller's mistake.
   *
   * @param edit the changes to apply, as read from {@code fileName}
   * @param fileName the file the edit was read from, for the exception
   * @param offset byte offset in {@code fileName} of the record holding the edit
   * @return the next Version
   * @throws CorruptionException naming {@code fileName} and {@code offset}, "edit does not
   *     apply: " and why, if a level from 1 would hold overlapping files, or a file number would
   *     appear twice; this Version is unchanged
   */
  public Version apply(VersionEdit edit, String fileName, long offset)
      throws CorruptionException {
    checkNotNull(fileName, "fileName");
    return apply(edit,
        why -> new CorruptionException(fileName, offset, "edit does not apply: " + why));
  }

  /** Applies {@code edit}; an edit that does not apply throws {@code conflict} of why. */
  private <E extends Exception> Version apply(VersionEdit edit, Function<String, E> conflict)
      throws E {
    checkNotNull(edit, "edit");
    List<Map<Long, FileMetaData>> work = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (List<FileMetaData> l : levels) {
      Map<Long, FileMetaData> m = new LinkedHashMap<>();
      for (FileMetaData f : l) {
        m.put(f.fileNumber(), f);
      }
      work.add(m);
    }
    for (VersionEdit.DeletedFile d : edit.deletedFiles()) {
      work.get(d.level()).remove(d.fileNumber());
    }
    for (Map<Long, FileMetaData> m : work) {
      seen.addAll(m.keySet());
    }
    for (VersionEdit.NewFile n : edit.newFiles()) {
      if (!seen.add(n.file().fileNumber())) {
        throw conflict.apply("file " + n.file().fileNumber() + " added twice (level "
            + n.level() + ")");
      }
      work.get(n.level()).put(n.file().fileNumber(), n.file());
    }
    Comparator<FileMetaData> bySmallest = (a, b) -> {
      int r = comparator.compare(a.smallest(), b.smallest());
      return r != 0 ? r : Long.compare(a.fileNumber(), b.fileNumber());
    };
    ImmutableList.Builder<ImmutableList<FileMetaData>> out = ImmutableList.builder();
    for (int level = 0; level < NUM_LEVELS; level++) {
      List<FileMetaData> files = new ArrayList<>(work.get(level).values());
      if (level == 0) {
        files.sort(LEVEL0_NEWEST_FIRST);
      } else {
        files.sort(bySmallest);
        for (int i = 1; i < files.size(); i++) {
          FileMetaData prev = files.get(i - 1);
          FileMetaData cur = files.get(i);
          if (comparator.compare(prev.largest(), cur.smallest()) >= 0) {
            throw conflict.apply("overlapping files in level " + level + ": "
                + prev.fileNumber() + " [" + prev.smallest() + " .. " + prev.largest() + "] and "
                + cur.fileNumber() + " [" + cur.smallest() + " .. " + cur.largest() + "]");
          }
        }
      }
      out.add(ImmutableList.copyOf(files));
    }
    Map<Integer, InternalKey> pointers = new TreeMap<>(compactPointers);
    for (VersionEdit.CompactPointer p : edit.compactPointers()) {
      pointers.put(p.level(), p.key());
    }
    return new Version(comparator, out.build(), ImmutableMap.copyOf(pointers),
        edit.strategySwitch().isPresent() ? edit.strategySwitch() : strategySwitch,
        edit.features().isEmpty() ? features
            : ImmutableSortedSet.<String>naturalOrder().addAll(features).addAll(edit.features())
                .build());
  }

  /**
   * An edit that, applied to the empty Version, gives this one: every file and compaction
   * pointer. The MANIFEST starts with such a snapshot.
   *
   * @return a new edit builder holding this Version's files, compaction pointers, strategy
   *     switch and features
   */
  public VersionEdit.Builder toSnapshotEdit() {
    VersionEdit.Builder e = VersionEdit.builder();
    compactPointers.forEach(e::compactPointer);
    strategySwitch.ifPresent(w -> e.strategySwitch(w.strategy(), w.previous()));
    features.forEach(e::feature);
    for (int level = 0; level < NUM_LEVELS; level++) {
      for (FileMetaData f : levels.get(level)) {
        e.addFile(level, f);
      }
    }
    return e;
  }

  /**
   * Index of the first file of {@code level} (from 1) whose largest key is {@code >= key}, or the
   * file count if none. REQUIRES {@code level >= 1}.
   *
   * @param level the level, 1 to {@link #NUM_LEVELS} - 1
   * @param internalKey the encoded internal key to look for
   * @return the index of the first file that may hold {@code internalKey}, 0 to the level's file
   *     count
   */
  public int findFile(int level, byte[] internalKey) {
    byte[][] largest = largestKeys[level];
    int lo = 0;
    int hi = largest.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (comparator.compare(largest[mid], internalKey) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Whether some file of {@code level} overlaps the user-key range {@code [smallest, largest]}
   * (closed; a null bound is open).
   *
   * @param level the level, 0 to {@link #NUM_LEVELS} - 1
   * @param smallestUserKey the range's first user key, or null for no lower bound
   * @param largestUserKey the range's last user key, or null for no upper bound
   * @return true if a file's key range meets the range
   */
  public boolean overlapInLevel(int level, byte[] smallestUserKey, byte[] largestUserKey) {
    KeyComparator user = comparator.userComparator();
    for (FileMetaData f : levels.get(level)) {
      if (overlaps(user, f, smallestUserKey, largestUserKey)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The files of {@code level} overlapping the user-key range {@code [begin, end]} (closed; a
   * null bound is open). For level 0 the range grows to cover every file it touches, transitively,
   * as LevelDB's {@code GetOverlappingInputs}. Order as in {@link #files(int)}.
   *
   * @param level the level, 0 to {@link #NUM_LEVELS} - 1
   * @param begin the range's first user key, or null for no lower bound
   * @param end the range's last user key, or null for no upper bound
   * @return the overlapping files, possibly none
   */
  public ImmutableList<FileMetaData> overlappingFiles(int level, byte[] begin, byte[] end) {
    KeyComparator user = comparator.userComparator();
    List<FileMetaData> files = levels.get(level);
    byte[] lo = begin;
    byte[] hi = end;
    boolean restart = true;
    List<FileMetaData> result = new ArrayList<>();
    while (restart) {
      restart = false;
      result.clear();
      for (FileMetaData f : files) {
        if (!overlaps(user, f, lo, hi)) {
          continue;
        }
        result.add(f);
        if (level == 0) {
          byte[] fs = f.smallest().userKey().toByteArray();
          byte[] fl = f.largest().userKey().toByteArray();
          if (lo != null && user.compare(fs, lo) < 0) {
            lo = fs;
            restart = true;
          }
          if (hi != null && user.compare(fl, hi) > 0) {
            hi = fl;
            restart = true;
          }
          if (restart) {
            break;
          }
        }
      }
    }
    return ImmutableList.copyOf(result);
  }

  private static boolean overlaps(KeyComparator user, FileMetaData f, byte[] lo, byte[] hi) {
    if (lo != null && user.compare(f.largest().userKey().toByteArray(), lo) < 0) {
      return false;
    }
    return hi == null || user.compare(f.smallest().userKey().toByteArray(), hi) <= 0;
  }

  /** One line per level: {@code level N: count files, bytes}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int level = 0; level < NUM_LEVELS; level++) {
      sb.append("level ").append(level).append(": ").append(numFiles(level)).append(" files, ")
          .append(levelBytes(level)).append(" bytes\n");
    }
    return sb.toString();
  }
}
