package io.strata.core.write;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.CorruptionException;
import io.strata.api.WalRecoveryMode;
import io.strata.api.WriteBatch;
import io.strata.api.spi.env.ReadableFile;
import io.strata.manifest.LogFormat;
import io.strata.manifest.LogReader;
import java.io.IOException;
import java.util.zip.CRC32C;

/**
 * Reads one write-ahead log for recovery and gives the verdict on what it finds, the one place
 * that tells a torn tail from damage: {@code open} replays logs through it and
 * {@code strata verify} checks them through it, so the two always agree.
 *
 * <p>The verdict (see {@link WalRecoveryMode}). A record cut short by the end of the file
 * ({@link LogReader#tornTail()}), or a damaged record after which the file holds nothing but
 * zeros (past the length its header claims; a claimed length running past its block or the file
 * is damage), is a <em>torn tail</em>: what a crash while appending leaves. Anything else is
 * <em>damage</em>: a bad checksum, type, length or fragment sequence with non-zero bytes after
 * it, or a record whose write batch does not decode. For each, it counts what is dropped: the
 * bytes from the trouble to the last non-zero byte of the file, and the intact records there
 * (physical FULL or FIRST records with a valid checksum, found by scanning byte by byte).
 *
 * <p>Stateless; the methods do not close the file.
 */
public final class LogRecovery {
  /** Receives each intact record, with the offset of its first fragment. */
  @FunctionalInterface
  public interface RecordSink {
    /**
     * @throws CorruptionException if the record's write batch is damaged; the sink must then
     *     have applied none of it (the record counts as damage)
     * @throws IOException any other failure, which ends the read
     */
    void accept(byte[] record, long offset) throws IOException;
  }

  /** What to do with the logs after one, given its outcome. */
  public enum Action {
    /** Go on with the next log. */
    CONTINUE,
    /** Replay no later log: recovery stops at this point in time. */
    STOP,
    /** Fail the open. */
    FAIL
  }

  /**
   * What reading one log found.
   *
   * @param file the log's name
   * @param records intact records passed to the sink
   * @param damageOffset byte offset of the first damaged record, or -1 if there is none
   * @param damage what is wrong there, empty if nothing
   * @param damagedRegions damaged stretches skipped (more than one only when skipping)
   * @param tornTailOffset byte offset of the torn tail, or -1 if there is none
   * @param intactRecordsDropped intact records in what was dropped
   * @param bytesDropped bytes dropped (damaged stretches, and everything from where reading
   *     stopped to the last non-zero byte)
   * @param replayed false for a log not replayed at all, recovery having stopped in an older
   *     one: all its records and bytes are dropped
   */
  public record Outcome(String file, long records, long damageOffset, String damage,
      int damagedRegions, long tornTailOffset, long intactRecordsDropped, long bytesDropped,
      boolean replayed) {
    public Outcome {
      checkNotNull(file, "file");
      checkNotNull(damage, "damage");
    }

    /** Whether the log holds damage (not only a torn tail). */
    public boolean damaged() {
      return damageOffset >= 0;
    }

    /** Whether the log ends in a torn tail and holds no damage. */
    public boolean tornTailOnly() {
      return damageOffset < 0 && tornTailOffset >= 0;
    }

    /** Whether anything was dropped. */
    public boolean droppedAnything() {
      return damageOffset >= 0 || tornTailOffset >= 0 || !replayed;
    }

    /**
     * One line: the trouble with its offset, and the bytes and intact records from there on
     * (for a log read with damage skipped, the bytes skipped); "clean" if none.
     */
    public String describe() {
      if (!replayed) {
        return "not replayed, recovery having stopped in an older log: " + intactRecordsDropped
            + " intact record(s) in " + bytesDropped + " bytes";
      }
      if (damageOffset >= 0) {
        return "damaged record at offset " + damageOffset + " (" + damage + ")"
            + (damagedRegions > 1 ? " and " + (damagedRegions - 1) + " more damaged region(s)"
                : "")
            + (tornTailOffset >= 0 ? " and a torn tail at offset " + tornTailOffset : "")
            + "; " + intactRecordsDropped + " intact record(s) in " + bytesDropped + " bytes";
      }
      if (tornTailOffset >= 0) {
        return "torn tail at offset " + tornTailOffset + " (" + bytesDropped + " bytes)";
      }
      return "clean";
    }
  }

  private LogRecovery() {}

  /**
   * Reads log {@code name} from the start, passing each intact record to {@code sink}, until
   * its end, its torn tail, or its first damage; with {@code skipDamage}, reading resumes after
   * each damaged stretch at the next intact record.
   *
   * @throws IOException if reading the file or the sink fails (not for damage, which is in the
   *     outcome)
   */
  public static Outcome read(ReadableFile file, String name, boolean skipDamage,
      RecordSink sink) throws IOException {
    long records = 0;
    long damageOffset = -1;
    String damage = "";
    int regions = 0;
    long intactDropped = 0;
    long bytesDropped = 0;
    long dataEnd = -1;
    LogReader reader = new LogReader(file, name, true);
    while (true) {
      byte[] record;
      try {
        record = reader.readRecord();
      } catch (CorruptionException e) {
        if (e.offset() < 0) {
          throw e; // LogReader always names an offset; anything else is not log damage
        }
        long trouble = e.offset();
        if (dataEnd < 0) {
          dataEnd = dataEnd(file);
        }
        if (onlyZerosAfterRecord(file, trouble, dataEnd)) {
          return new Outcome(name, records, damageOffset, damage, regions, trouble,
              intactDropped, bytesDropped + Math.max(0, dataEnd - trouble), true);
        }
        if (damageOffset < 0) {
          damageOffset = trouble;
          damage = reason(e.getMessage());
        }
        regions++;
        if (!skipDamage) {
          return new Outcome(name, records, damageOffset, damage, regions, -1,
              intactDropped + intactRecords(file, trouble + 1, dataEnd),
              bytesDropped + Math.max(0, dataEnd - trouble), true);
        }
        long resume = nextIntactRecord(file, trouble + 1, dataEnd);
        if (resume < 0) {
          return new Outcome(name, records, damageOffset, damage, regions, -1, intactDropped,
              bytesDropped + Math.max(0, dataEnd - trouble), true);
        }
        bytesDropped += resume - trouble;
        reader = new LogReader(file, name, true, resume);
        continue;
      }
      if (record == null) {
        break;
      }
      long offset = reader.lastRecordOffset();
      try {
        if (record.length < WriteBatch.HEADER_SIZE) {
          throw new CorruptionException(name, offset, "log record of " + record.length
              + " bytes is shorter than a write batch header");
        }
        sink.accept(record, offset);
        records++;
      } catch (CorruptionException e) {
        // The record's checksum held, so this is no torn write.
        if (damageOffset < 0) {
          damageOffset = offset;
          damage = reason(e.getMessage());
        }
        regions++;
        if (!skipDamage) {
          if (dataEnd < 0) {
            dataEnd = dataEnd(file);
          }
          return new Outcome(name, records, damageOffset, damage, regions, -1,
              intactDropped + intactRecords(file, offset + 1, dataEnd),
              bytesDropped + Math.max(0, dataEnd - offset), true);
        }
        bytesDropped += record.length;
      }
    }
    if (reader.tornTail()) {
      if (dataEnd < 0) {
        dataEnd = dataEnd(file);
      }
      long torn = reader.tornTailOffset();
      return new Outcome(name, records, damageOffset, damage, regions, torn, intactDropped,
          bytesDropped + Math.max(0, dataEnd - torn), true);
    }
    return new Outcome(name, records, damageOffset, damage, regions, -1, intactDropped,
        bytesDropped, true);
  }

  /** The outcome for log {@code name}, not replayed: every intact record in it is dropped. */
  public static Outcome notReplayed(ReadableFile file, String name) throws IOException {
    long end = dataEnd(file);
    return new Outcome(name, 0, -1, "", 0, -1, intactRecords(file, 0, end), end, false);
  }

  /**
   * What recovery does after a log with {@code outcome}, under {@code mode}.
   *
   * @param newest whether the log is the newest one replayed
   * @param paranoidChecks {@link io.strata.api.Options#paranoidChecks()}
   */
  public static Action decide(WalRecoveryMode mode, boolean paranoidChecks, Outcome outcome,
      boolean newest) {
    checkNotNull(mode, "mode");
    if (!outcome.droppedAnything()) {
      return Action.CONTINUE;
    }
    switch (mode) {
      case ABSOLUTE_CONSISTENCY:
        return Action.FAIL;
      case SKIP_ANY_CORRUPTED_RECORDS:
        return Action.CONTINUE;
      case POINT_IN_TIME_RECOVERY:
        return newest ? Action.CONTINUE : Action.STOP;
      case TOLERATE_CORRUPTED_TAIL_RECORDS:
      default:
        if (outcome.damaged()) {
          return Action.FAIL;
        }
        // Power loss tore this log's unsynced tail. Nothing in a newer log was synced either
        // (a sync write first syncs the log before it), so recovery stops here: replaying the
        // newer logs would keep later writes and lose earlier ones, a hole.
        return newest ? Action.CONTINUE : paranoidChecks ? Action.FAIL : Action.STOP;
    }
  }

  /** The message of a CorruptionException without the file and offset it starts with. */
  private static String reason(String message) {
    int colon = message.indexOf(": ");
    return colon >= 0 ? message.substring(colon + 2) : message;
  }

  /**
   * Whether the damaged physical record starting at {@code offset} is in the log's last record:
   * past the length its header claims, the file holds nothing but zeros and the intact MIDDLE
   * and LAST fragments that continue that same record (true if the header itself is cut short).
   * A claimed length running past its block or the file is damage, not a torn write: false.
   *
   * @param dataEnd the file's {@link #dataEnd}
   */
  static boolean onlyZerosAfterRecord(ReadableFile file, long offset, long dataEnd)
      throws IOException {
    long size = file.size();
    byte[] header = new byte[LogFormat.HEADER_SIZE];
    if (offset + header.length > size) {
      return true;
    }
    file.readFully(offset, header, 0, header.length);
    long end = offset + header.length + LogFormat.payloadLength(header, 0);
    long blockEnd = (offset / LogFormat.BLOCK_SIZE + 1) * LogFormat.BLOCK_SIZE;
    if (end > size || end > blockEnd) {
      return false;
    }
    return onlyContinuationUpTo(file, end, dataEnd);
  }

  /**
   * Whether {@code [from, to)} holds only intact MIDDLE and LAST fragments, one after another,
   * and the zero trailers of blocks: the rest of a record whose first part is damaged.
   */
  private static boolean onlyContinuationUpTo(ReadableFile file, long from, long to)
      throws IOException {
    byte[] block = new byte[LogFormat.BLOCK_SIZE];
    CRC32C crc = new CRC32C();
    long p = from;
    while (p < to) {
      long blockStart = p / LogFormat.BLOCK_SIZE * LogFormat.BLOCK_SIZE;
      int len = (int) Math.min(LogFormat.BLOCK_SIZE, file.size() - blockStart);
      int q = (int) (p - blockStart);
      if (len - q < LogFormat.HEADER_SIZE) {
        p = blockStart + LogFormat.BLOCK_SIZE; // a block's trailer, zeros as far as to
        continue;
      }
      file.readFully(blockStart, block, 0, len);
      if (!LogFormat.isIntactRecord(block, q, len, crc)) {
        return false;
      }
      int type = LogFormat.type(block, q);
      if (type != LogFormat.MIDDLE_TYPE && type != LogFormat.LAST_TYPE) {
        return false;
      }
      p += LogFormat.HEADER_SIZE + LogFormat.payloadLength(block, q);
    }
    return true;
  }

  /** The offset just past the last non-zero byte of the file (0 if it is all zeros). */
  static long dataEnd(ReadableFile file) throws IOException {
    byte[] buf = new byte[64 << 10];
    for (long end = file.size(); end > 0; ) {
      int n = (int) Math.min(buf.length, end);
      long start = end - n;
      file.readFully(start, buf, 0, n);
      for (int i = n - 1; i >= 0; i--) {
        if (buf[i] != 0) {
          return start + i + 1;
        }
      }
      end = start;
    }
    return 0;
  }

  /** Intact FULL or FIRST records starting in {@code [from, to)}. */
  static long intactRecords(ReadableFile file, long from, long to) throws IOException {
    return scan(file, from, to, true);
  }

  /** The offset of the first intact physical record starting in {@code [from, to)}, or -1. */
  static long nextIntactRecord(ReadableFile file, long from, long to) throws IOException {
    return scan(file, from, to, false);
  }

  /**
   * Scans {@code [from, to)} for intact physical records: a known type and a valid checksum,
   * ending within the block (a false match needs a 32-bit checksum to agree by chance). Returns
   * the count of FULL and FIRST ones, hopping over each record found, or with {@code !count}
   * the offset of the first one, -1 if none.
   */
  private static long scan(ReadableFile file, long from, long to, boolean count)
      throws IOException {
    byte[] block = new byte[LogFormat.BLOCK_SIZE];
    CRC32C crc = new CRC32C();
    long size = file.size();
    long found = 0;
    for (long blockStart = from / LogFormat.BLOCK_SIZE * LogFormat.BLOCK_SIZE;
        blockStart < Math.min(to, size); blockStart += LogFormat.BLOCK_SIZE) {
      int len = (int) Math.min(LogFormat.BLOCK_SIZE, size - blockStart);
      file.readFully(blockStart, block, 0, len);
      int limit = (int) Math.min(len, to - blockStart);
      int q = (int) Math.max(0, from - blockStart);
      while (q < limit && len - q >= LogFormat.HEADER_SIZE) {
        if (LogFormat.isIntactRecord(block, q, len, crc)) {
          if (!count) {
            return blockStart + q;
          }
          int type = LogFormat.type(block, q);
          if (type == LogFormat.FULL_TYPE || type == LogFormat.FIRST_TYPE) {
            found++;
          }
          q += LogFormat.HEADER_SIZE + LogFormat.payloadLength(block, q);
          continue;
        }
        q++;
      }
    }
    return count ? found : -1;
  }
}
