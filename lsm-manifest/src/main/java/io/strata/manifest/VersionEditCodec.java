package io.strata.manifest;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.coding.Coding;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes a {@link VersionEdit} as one MANIFEST record and back, byte for byte as LevelDB
 * (google/leveldb {@code db/version_edit.cc}). A record is a sequence of fields, each a varint32
 * tag followed by its value; the tags are on-disk codes and never change:
 *
 * <pre>
 * tag  field            value
 * 1    comparator       length-prefixed string (varint32 length, UTF-8 bytes)
 * 2    log number       varint64
 * 9    prev log number  varint64
 * 3    next file number varint64
 * 4    last sequence    varint64
 * 5    compact pointer  varint32 level, length-prefixed internal key
 * 6    deleted file     varint32 level, varint64 file number
 * 7    new file         varint32 level, varint64 number, varint64 size in bytes,
 *                       length-prefixed smallest internal key, length-prefixed largest
 * 80   file sequences   varint64 number, varint64 smallest sequence, varint64 largest
 *                       sequence, length-prefixed writer (strategy name, UTF-8); follows
 *                       the new-file field of the same number in the same record
 * 81   strategy switch  length-prefixed strategy name, length-prefixed previous name
 * 82   feature          length-prefixed feature name (UTF-8), one field per feature
 * </pre>
 *
 * Fields are written in the order above (LevelDB's {@code EncodeTo}); tag 8 (LevelDB's retired
 * large-value reference) and every unknown tag are corruption. Tags 80 to 82 are Strata's: they
 * are written only for files with a recorded sequence range ({@link
 * FileMetaData#hasSequenceRange()}), for a recorded strategy switch and for recorded features
 * ({@link VersionEdit#features()}), so an edit of a database
 * in LevelDB's layout encodes exactly as LevelDB would; LevelDB refuses a record holding them
 * ("unknown tag"). Stateless.
 */
public final class VersionEditCodec {
  static final int COMPARATOR = 1;
  static final int LOG_NUMBER = 2;
  static final int NEXT_FILE_NUMBER = 3;
  static final int LAST_SEQUENCE = 4;
  static final int COMPACT_POINTER = 5;
  static final int DELETED_FILE = 6;
  static final int NEW_FILE = 7;
  static final int PREV_LOG_NUMBER = 9;
  static final int FILE_SEQUENCES = 80;
  static final int STRATEGY_SWITCH = 81;
  static final int FEATURE = 82;

  private VersionEditCodec() {}

  /** The record bytes of {@code edit}, a fresh array. */
  public static byte[] encode(VersionEdit edit) {
    checkNotNull(edit, "edit");
    Sink out = new Sink();
    edit.comparatorName().ifPresent(name -> {
      out.varint(COMPARATOR);
      out.lengthPrefixed(name.getBytes(StandardCharsets.UTF_8));
    });
    edit.logNumber().ifPresent(v -> out.varint(LOG_NUMBER).varint(v));
    edit.prevLogNumber().ifPresent(v -> out.varint(PREV_LOG_NUMBER).varint(v));
    edit.nextFileNumber().ifPresent(v -> out.varint(NEXT_FILE_NUMBER).varint(v));
    edit.lastSequence().ifPresent(v -> out.varint(LAST_SEQUENCE).varint(v));
    for (VersionEdit.CompactPointer p : edit.compactPointers()) {
      out.varint(COMPACT_POINTER).varint(p.level());
      out.lengthPrefixed(p.key().encode());
    }
    for (VersionEdit.DeletedFile d : edit.deletedFiles()) {
      out.varint(DELETED_FILE).varint(d.level()).varint(d.fileNumber());
    }
    for (VersionEdit.NewFile n : edit.newFiles()) {
      FileMetaData f = n.file();
      out.varint(NEW_FILE).varint(n.level()).varint(f.fileNumber()).varint(f.fileSizeBytes());
      out.lengthPrefixed(f.smallest().encode());
      out.lengthPrefixed(f.largest().encode());
      if (f.hasSequenceRange()) {
        out.varint(FILE_SEQUENCES).varint(f.fileNumber()).varint(f.smallestSequence())
            .varint(f.largestSequence());
        out.lengthPrefixed(f.writer().getBytes(StandardCharsets.UTF_8));
      }
    }
    edit.strategySwitch().ifPresent(w -> {
      out.varint(STRATEGY_SWITCH);
      out.lengthPrefixed(w.strategy().getBytes(StandardCharsets.UTF_8));
      out.lengthPrefixed(w.previous().getBytes(StandardCharsets.UTF_8));
    });
    for (String feature : edit.features()) {
      out.varint(FEATURE).lengthPrefixed(feature.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /**
   * Decodes one record.
   *
   * @param data the record's bytes
   * @param fileName the MANIFEST's name, for errors
   * @param offset the record's byte offset in the MANIFEST, for errors
   * @throws CorruptionException naming the file, the record's offset, the tag and the field, if a
   *     field is truncated, out of range (level {@code >= Version.NUM_LEVELS}, negative number,
   *     sequence above 2^56-1, file number 0), an internal key is malformed, the comparator name
   *     is not UTF-8, or a tag is unknown
   */
  public static VersionEdit decode(byte[] data, String fileName, long offset)
      throws CorruptionException {
    checkNotNull(data, "data");
    return new Decoder(data, fileName, offset).decode();
  }

  /** Cursor over one record; confined to one decode call. */
  private static final class Decoder {
    private final byte[] data;
    private final String fileName;
    private final long offset;
    private final int[] pos = {0};
    private final boolean[] ok = {false};
    private String tagName = "";

    Decoder(byte[] data, String fileName, long offset) {
      this.data = data;
      this.fileName = fileName;
      this.offset = offset;
    }

    VersionEdit decode() throws CorruptionException {
      VersionEdit.Builder b = VersionEdit.builder();
      // New files by number, in record order; a file-sequences field completes its entry.
      Map<Long, VersionEdit.NewFile> added = new LinkedHashMap<>();
      while (pos[0] < data.length) {
        long tag = Coding.getVarint32(data, pos, data.length);
        if (tag < 0) {
          tagName = "tag";
          throw fail("truncated or overlong varint32 tag");
        }
        switch ((int) tag) {
          case COMPARATOR:
            tagName = "comparator";
            b.comparatorName(utf8(lengthPrefixed("name")));
            break;
          case LOG_NUMBER:
            tagName = "log number";
            b.logNumber(number("value"));
            break;
          case PREV_LOG_NUMBER:
            tagName = "prev log number";
            b.prevLogNumber(number("value"));
            break;
          case NEXT_FILE_NUMBER:
            tagName = "next file number";
            b.nextFileNumber(number("value"));
            break;
          case LAST_SEQUENCE:
            tagName = "last sequence";
            long seq = number("value");
            if (seq > InternalKey.MAX_SEQUENCE) {
              throw fail("value " + seq + " above the largest sequence number");
            }
            b.lastSequence(seq);
            break;
          case COMPACT_POINTER: {
            tagName = "compact pointer";
            int level = level();
            b.compactPointer(level, internalKey("key"));
            break;
          }
          case DELETED_FILE: {
            tagName = "deleted file";
            int level = level();
            b.deleteFile(level, number("file number"));
            break;
          }
          case NEW_FILE: {
            tagName = "new file";
            int level = level();
            long number = number("file number");
            long size = number("file size");
            InternalKey smallest = internalKey("smallest key");
            InternalKey largest = internalKey("largest key");
            if (number == 0) {
              throw fail("file number 0");
            }
            if (added.put(number, new VersionEdit.NewFile(level,
                new FileMetaData(number, size, smallest, largest))) != null) {
              throw fail("file " + number + " added twice");
            }
            break;
          }
          case FILE_SEQUENCES: {
            tagName = "file sequences";
            long number = number("file number");
            long lo = number("smallest sequence");
            long hi = number("largest sequence");
            String writer = utf8(lengthPrefixed("writer"));
            VersionEdit.NewFile n = added.get(number);
            if (n == null) {
              throw fail("file " + number + " is not added earlier in the record");
            }
            if (n.file().hasSequenceRange()) {
              throw fail("file " + number + " has two sequence ranges");
            }
            if (lo > hi || hi > InternalKey.MAX_SEQUENCE) {
              throw fail("sequence range [" + lo + ", " + hi + "] out of order or too large");
            }
            added.put(number, new VersionEdit.NewFile(n.level(),
                n.file().withSequenceRange(lo, hi, writer)));
            break;
          }
          case STRATEGY_SWITCH:
            tagName = "strategy switch";
            String strategy = utf8(lengthPrefixed("strategy"));
            b.strategySwitch(strategy, utf8(lengthPrefixed("previous")));
            break;
          case FEATURE: {
            tagName = "feature";
            String feature = utf8(lengthPrefixed("name"));
            if (feature.isEmpty()) {
              throw fail("empty feature name");
            }
            b.feature(feature);
            break;
          }
          default:
            tagName = "tag";
            throw fail("unknown tag " + tag);
        }
      }
      added.values().forEach(n -> b.addFile(n.level(), n.file()));
      return b.build();
    }

    private int level() throws CorruptionException {
      long level = Coding.getVarint32(data, pos, data.length);
      if (level < 0) {
        throw fail("level: truncated or overlong varint32");
      }
      if (level >= Version.NUM_LEVELS) {
        throw fail("level " + level + " not below " + Version.NUM_LEVELS);
      }
      return (int) level;
    }

    /** A varint64 that must fit in a non-negative long (every number the engine hands out). */
    private long number(String field) throws CorruptionException {
      long v = Coding.getVarint64(data, pos, data.length, ok);
      if (!ok[0]) {
        throw fail(field + ": truncated or overlong varint64");
      }
      if (v < 0) {
        throw fail(field + ": " + Long.toUnsignedString(v) + " out of range");
      }
      return v;
    }

    private byte[] lengthPrefixed(String field) throws CorruptionException {
      long len = Coding.getVarint32(data, pos, data.length);
      if (len < 0) {
        throw fail(field + ": truncated or overlong length");
      }
      // Checked before allocating: a garbage length never allocates more than the record holds.
      if (len > data.length - pos[0]) {
        throw fail(field + ": length " + len + " runs past the end of the record ("
            + (data.length - pos[0]) + " bytes left)");
      }
      int start = pos[0];
      pos[0] += (int) len;
      return Arrays.copyOfRange(data, start, pos[0]);
    }

    /**
     * A length-prefixed internal key, checked here so that {@link InternalKey#decode} (whose
     * argument checks are for callers' mistakes) never sees damaged bytes.
     */
    private InternalKey internalKey(String field) throws CorruptionException {
      byte[] encoded = lengthPrefixed(field);
      if (encoded.length < InternalKey.TRAILER_SIZE) {
        throw fail(field + ": internal key shorter than 8 bytes: " + encoded.length);
      }
      int type = InternalKeys.typeCode(encoded);
      if (ValueType.fromCode(type) == null) {
        throw fail(field + ": unknown value type " + type);
      }
      return InternalKey.decode(encoded);
    }

    private String utf8(byte[] bytes) throws CorruptionException {
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        throw fail("string is not UTF-8", e);
      }
    }

    private CorruptionException fail(String message) {
      return fail(message, null);
    }

    private CorruptionException fail(String message, Throwable cause) {
      String m = "bad version edit: " + tagName + ": " + message + " (at byte " + pos[0]
          + " of the " + data.length + "-byte record)";
      return cause == null ? new CorruptionException(fileName, offset, m)
          : new CorruptionException(fileName, offset, m, cause);
    }
  }

  /** A growing byte array with varint writers; confined to one encode call. */
  private static final class Sink {
    private byte[] buf = new byte[64];
    private int len;

    Sink varint(long v) {
      ensure(Coding.MAX_VARINT64_BYTES);
      len = Coding.putVarint64(buf, len, v);
      return this;
    }

    void lengthPrefixed(byte[] bytes) {
      varint(bytes.length);
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buf, len, bytes.length);
      len += bytes.length;
    }

    private void ensure(int n) {
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(len + n, 2 * buf.length));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, len);
    }
  }
}
