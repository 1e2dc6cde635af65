package io.strata.bench.peers;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iq80.leveldb.impl.FileMetaData;
import org.iq80.leveldb.impl.LogMonitor;
import org.iq80.leveldb.impl.LogReader;
import org.iq80.leveldb.impl.VersionEdit;
import org.iq80.leveldb.util.Slice;

/**
 * What a LevelDB MANIFEST says of a database's tables, read with iq80's own log reader and edit
 * decoder (google/leveldb doc/log_format.md, db/version_edit.cc): every table a flush or a
 * compaction wrote (each file number counted once, so that a trivial move, a delete and an add
 * of the same file, writes nothing), and the tables of the current version per level. The
 * MANIFEST named by {@code CURRENT} is read from its start; the engine may be appending to it,
 * so a torn or zero-filled tail (iq80 writes its logs through a memory map grown ahead of the
 * data) ends the read without error. Immutable.
 */
final class LevelDbManifest {
  /** LevelDB's number of levels (db/dbformat.h {@code kNumLevels}). */
  static final int LEVELS = 7;

  /** Bytes of tables added by edits that delete none (memtable flushes). */
  private final long flushBytesWritten;
  /** Per level, bytes of tables added there by edits that delete some (compactions). */
  private final long[] compactionBytesWrittenPerLevel;
  /** Per level, tables of the current version. */
  private final int[] levelFiles;
  /** Per level, their bytes. */
  private final long[] levelBytes;

  private LevelDbManifest(long flushBytesWritten, long[] compactionBytesWrittenPerLevel,
      int[] levelFiles, long[] levelBytes) {
    this.flushBytesWritten = flushBytesWritten;
    this.compactionBytesWrittenPerLevel = compactionBytesWrittenPerLevel;
    this.levelFiles = levelFiles;
    this.levelBytes = levelBytes;
  }

  /** Bytes of tables written by memtable flushes. */
  long flushBytesWritten() {
    return flushBytesWritten;
  }

  /** Bytes of tables compactions wrote to {@code level}. */
  long compactionBytesWritten(int level) {
    return compactionBytesWrittenPerLevel[level];
  }

  /** Tables of the current version at {@code level}. */
  int levelFiles(int level) {
    return levelFiles[level];
  }

  /** Bytes of the current version's tables at {@code level}. */
  long levelBytes(int level) {
    return levelBytes[level];
  }

  /**
   * Reads the MANIFEST of the database in {@code dir}.
   *
   * @param dir a LevelDB database directory
   * @return what it says
   * @throws IOException when {@code CURRENT} or the MANIFEST cannot be read
   */
  static LevelDbManifest read(Path dir) throws IOException {
    String current = Files.readString(dir.resolve("CURRENT"), StandardCharsets.UTF_8).strip();
    Map<Long, Long> written = new HashMap<>();
    List<Map<Long, Long>> levels = new ArrayList<>();
    for (int i = 0; i < LEVELS; i++) {
      levels.add(new HashMap<>());
    }
    long flushBytes = 0;
    long[] compactionBytes = new long[LEVELS];
    try (FileChannel channel = FileChannel.open(dir.resolve(current), StandardOpenOption.READ)) {
      LogReader reader = new LogReader(channel, IGNORE_TAIL, true, 0);
      for (Slice record = reader.readRecord(); record != null; record = reader.readRecord()) {
        VersionEdit edit = new VersionEdit(record);
        boolean compaction = !edit.getDeletedFiles().isEmpty();
        edit.getDeletedFiles().forEach((level, number) -> levels.get(level).remove(number));
        for (Map.Entry<Integer, FileMetaData> e : edit.getNewFiles().entries()) {
          FileMetaData f = e.getValue();
          levels.get(e.getKey()).put(f.getNumber(), f.getFileSize());
          if (written.putIfAbsent(f.getNumber(), f.getFileSize()) == null) {
            if (compaction) {
              compactionBytes[e.getKey()] += f.getFileSize();
            } else {
              flushBytes += f.getFileSize();
            }
          }
        }
      }
    }
    int[] files = new int[LEVELS];
    long[] bytes = new long[LEVELS];
    for (int i = 0; i < LEVELS; i++) {
      files[i] = levels.get(i).size();
      bytes[i] = levels.get(i).values().stream().mapToLong(Long::longValue).sum();
    }
    return new LevelDbManifest(flushBytes, compactionBytes, files, bytes);
  }

  /** Bytes of tables written by flushes and compactions. */
  long tableBytesWritten() {
    long n = flushBytesWritten;
    for (long b : compactionBytesWrittenPerLevel) {
      n += b;
    }
    return n;
  }

  /**
   * Whether LevelDB would compact this version (db/version_set.cc {@code Finalize}): level 0
   * holds {@code l0Trigger} files or more, or a level from 1 to 5 holds its target bytes or
   * more ({@code level1Bytes}, then times {@code multiplier} per level).
   */
  boolean needsCompaction(int l0Trigger, double level1Bytes, double multiplier) {
    if (levelFiles[0] >= l0Trigger) {
      return true;
    }
    double limit = level1Bytes;
    for (int level = 1; level < LEVELS - 1; level++) {
      if (levelBytes[level] >= limit) {
        return true;
      }
      limit *= multiplier;
    }
    return false;
  }

  /**
   * Corruption at the tail of a MANIFEST being appended to (a record half written, or the zeros
   * of a memory map grown ahead of the data) is the end of what was written so far: ignored.
   */
  private static final LogMonitor IGNORE_TAIL = new LogMonitor() {
    @Override
    public void corruption(long bytes, String reason) {
      // The end of the data so far; the next read sees more.
    }

    @Override
    public void corruption(long bytes, Throwable reason) {
      // As above.
    }
  };
}
