package io.strata.manifest;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Replays a MANIFEST (google/leveldb {@code VersionSet::Recover}): reads its records with a
 * {@link LogReader}, decodes each into a {@link VersionEdit} with {@link VersionEditCodec},
 * checks the comparator name, applies the edits in order to an empty {@link Version}, and keeps
 * the last value of each counter. The one replay shared by open
 * ({@link ManifestVersionSet#recover()}) and {@code verify}.
 *
 * <p>A torn tail (a record cut short by a crash while it was appended) ends the replay as the
 * end of the file would, and is reported in {@link Result#tornTailOffset()}; any other damage
 * is a {@link CorruptionException}. Stateless; nothing is written.
 */
public final class ManifestReplay {
  /**
   * What the MANIFEST holds.
   *
   * @param manifestName the MANIFEST's file name
   * @param version the Version its edits give
   * @param logNumber the last log number recorded: logs below it are obsolete
   * @param prevLogNumber the last previous-log number recorded (0 if none)
   * @param nextFileNumber the last next-file number recorded
   * @param lastSequence the last sequence number recorded
   * @param edits the number of edits replayed
   * @param tornTailOffset byte offset of a torn last record, empty if the file ends cleanly
   */
  public record Result(String manifestName, Version version, long logNumber, long prevLogNumber,
      long nextFileNumber, long lastSequence, long edits, OptionalLong tornTailOffset) {
    public Result {
      checkNotNull(manifestName, "manifestName");
      checkNotNull(version, "version");
      checkNotNull(tornTailOffset, "tornTailOffset");
    }
  }

  private ManifestReplay() {}

  /**
   * Replays {@code MANIFEST-<manifestNumber>} in {@code dir}.
   *
   * @param comparator orders the keys of the Version built
   * @param comparatorName the name the database must have been written with
   * @throws NoSuchFileException if the MANIFEST does not exist (open reports it as
   *     {@link CurrentFile#namesMissingManifest})
   * @throws CorruptionException (file: the MANIFEST) if a record is damaged, does not decode or
   *     does not apply, or a counter (next file number, log number, last sequence) is never
   *     recorded; the offset is the record's, or the torn tail's (-1 if none) for a missing
   *     counter
   * @throws IllegalArgumentException "comparator mismatch: database uses X, options give Y" if
   *     an edit names another comparator: a caller's mistake, not damage
   * @throws IOException if reading fails
   */
  public static Result replay(FileSystem fs, Path dir, long manifestNumber,
      InternalKeyComparator comparator, String comparatorName) throws IOException {
    checkNotNull(fs, "fs");
    checkNotNull(dir, "dir");
    checkNotNull(comparator, "comparator");
    checkNotNull(comparatorName, "comparatorName");
    String name = FileNames.manifestFileName(manifestNumber);
    Version version = Version.empty(comparator);
    long log = -1;
    long prevLog = 0;
    long nextFile = -1;
    long lastSeq = -1;
    long edits = 0;
    LogReader reader;
    try (ReadableFile file = fs.newReadableFile(dir.resolve(name))) {
      reader = new LogReader(file, name, true);
      byte[] record;
      while ((record = reader.readRecord()) != null) {
        long offset = reader.lastRecordOffset();
        VersionEdit edit = VersionEditCodec.decode(record, name, offset);
        if (edit.comparatorName().isPresent()
            && !edit.comparatorName().get().equals(comparatorName)) {
          throw new IllegalArgumentException("comparator mismatch: database uses "
              + edit.comparatorName().get() + ", options give " + comparatorName);
        }
        version = version.apply(edit, name, offset);
        log = edit.logNumber().orElse(log);
        prevLog = edit.prevLogNumber().orElse(prevLog);
        nextFile = edit.nextFileNumber().orElse(nextFile);
        lastSeq = edit.lastSequence().orElse(lastSeq);
        edits++;
      }
    }
    long end = reader.tornTail() ? reader.tornTailOffset() : -1;
    if (nextFile < 0) {
      throw new CorruptionException(name, end, "no next-file-number entry");
    }
    if (log < 0) {
      throw new CorruptionException(name, end, "no log-number entry");
    }
    if (lastSeq < 0) {
      throw new CorruptionException(name, end, "no last-sequence entry");
    }
    return new Result(name, version, log, prevLog, nextFile, lastSeq, edits,
        end < 0 ? OptionalLong.empty() : OptionalLong.of(end));
  }
}
