package io.strata.examples.cli;

import io.strata.api.spi.InternalKey;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.VersionEdit;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * Text of on-disk records as LevelDB 1.23 prints them in {@code leveldb::DumpFile}
 * (google/leveldb {@code db/dumpfile.cc}, {@code VersionEdit::DebugString} in
 * {@code db/version_edit.cc}, {@code ParsedInternalKey::DebugString} in {@code db/dbformat.cc},
 * {@code AppendEscapedStringTo} in {@code util/logging.cc}), so that {@code strata dump} and
 * LevelDB's dump of the same file can be compared line for line. Stateless.
 */
final class LevelDbText {
  private LevelDbText() {}

  /** {@code bytes} with every byte outside {@code ' '..'~'} written {@code \xNN}. */
  static String escape(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      if (b >= ' ' && b <= '~') {
        sb.append((char) b);
      } else {
        sb.append(String.format("\\x%02x", b & 0xff));
      }
    }
    return sb.toString();
  }

  /** {@code 'user key' @ sequence : type}, the type as a number. */
  static String internalKey(InternalKey key) {
    return "'" + escape(key.userKey().toByteArray()) + "' @ " + key.sequence() + " : "
        + key.type().code();
  }

  /**
   * {@code VersionEdit {...}} and a newline, fields in LevelDB's order; a removed file appears
   * once, sorted by level then number, as LevelDB keeps them in a set. Strata's records follow
   * LevelDB's fields in the same style: {@code FileSequences} (tag 80) for each added file that
   * has a sequence range, then {@code StrategySwitch} (tag 81), then one {@code Feature} (tag
   * 82) per recorded feature.
   */
  static String versionEdit(VersionEdit edit) {
    StringBuilder r = new StringBuilder("VersionEdit {");
    edit.comparatorName().ifPresent(c -> r.append("\n  Comparator: ").append(c));
    edit.logNumber().ifPresent(n -> r.append("\n  LogNumber: ").append(n));
    edit.prevLogNumber().ifPresent(n -> r.append("\n  PrevLogNumber: ").append(n));
    edit.nextFileNumber().ifPresent(n -> r.append("\n  NextFile: ").append(n));
    edit.lastSequence().ifPresent(n -> r.append("\n  LastSeq: ").append(n));
    for (VersionEdit.CompactPointer p : edit.compactPointers()) {
      r.append("\n  CompactPointer: ").append(p.level()).append(' ')
          .append(internalKey(p.key()));
    }
    TreeSet<VersionEdit.DeletedFile> deleted = new TreeSet<>(
        Comparator.comparingInt(VersionEdit.DeletedFile::level)
            .thenComparingLong(VersionEdit.DeletedFile::fileNumber));
    deleted.addAll(edit.deletedFiles());
    for (VersionEdit.DeletedFile d : deleted) {
      r.append("\n  RemoveFile: ").append(d.level()).append(' ').append(d.fileNumber());
    }
    for (VersionEdit.NewFile n : edit.newFiles()) {
      FileMetaData f = n.file();
      r.append("\n  AddFile: ").append(n.level()).append(' ').append(f.fileNumber())
          .append(' ').append(f.fileSizeBytes()).append(' ').append(internalKey(f.smallest()))
          .append(" .. ").append(internalKey(f.largest()));
    }
    for (VersionEdit.NewFile n : edit.newFiles()) {
      FileMetaData f = n.file();
      if (f.hasSequenceRange()) {
        r.append("\n  FileSequences: ").append(f.fileNumber()).append(' ')
            .append(f.smallestSequence()).append(" .. ").append(f.largestSequence())
            .append(" '").append(escapeText(f.writer())).append('\'');
      }
    }
    edit.strategySwitch().ifPresent(s -> r.append("\n  StrategySwitch: '")
        .append(escapeText(s.strategy())).append("' from '").append(escapeText(s.previous()))
        .append('\''));
    edit.features().forEach(f -> r.append("\n  Feature: '").append(escapeText(f)).append('\''));
    return r.append("\n}\n").toString();
  }

  private static String escapeText(String s) {
    return escape(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
