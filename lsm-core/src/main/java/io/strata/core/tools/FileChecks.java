package io.strata.core.tools;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.CorruptionException;
import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.core.memtable.SkipListMemTable;
import io.strata.core.table.TableChecker;
import io.strata.core.tools.DbVerifier.FileResult;
import io.strata.core.tools.DbVerifier.Verdict;
import io.strata.core.write.LogRecovery;
import io.strata.core.write.WriteBatchCodec;
import io.strata.manifest.CurrentFile;
import io.strata.manifest.FileNames;
import io.strata.manifest.ManifestReplay;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The checks {@link DbVerifier} runs on one file each: {@code CURRENT} and the MANIFEST it
 * names, a table (named by the MANIFEST or an orphan), a log. Each reads the file through the
 * code open uses ({@link CurrentFile}, {@link ManifestReplay}, {@link TableChecker},
 * {@link LogRecovery}) and turns what it finds into a {@link FileResult}; none throws for a
 * file's trouble. A file that is gone when it is read is recorded in the caller's
 * {@code vanished} map, for {@link DbVerifier} to settle once the passes are over.
 *
 * <p>Reads only; the constructor does no I/O. Confined to the thread running the verification.
 */
final class FileChecks {
  /** The replayed MANIFEST; {@code vanished} if it was deleted before it could be opened. */
  record Manifest(String name, Version version, long logNumber, long prevLogNumber,
      boolean vanished) {}

  private final FileSystem fs;
  private final Path dir;
  private final KeyComparator userComparator;
  private final InternalKeyComparator comparator;

  FileChecks(FileSystem fs, Path dir, KeyComparator userComparator) {
    this.fs = checkNotNull(fs, "fs");
    this.dir = checkNotNull(dir, "dir");
    this.userComparator = checkNotNull(userComparator, "userComparator");
    this.comparator = new InternalKeyComparator(userComparator);
  }

  /** Checks CURRENT and the MANIFEST it names; returns the MANIFEST's state, null if damaged. */
  Manifest checkCurrentAndManifest(List<FileResult> results) {
    String manifestName;
    try {
      manifestName = FileNames.manifestFileName(CurrentFile.read(fs, dir));
      results.add(FileResult.ok(FileNames.CURRENT, "names " + manifestName));
    } catch (IOException e) {
      results.add(FileResult.corrupt(FileNames.CURRENT, describe(e)));
      return null;
    }
    try {
      ManifestReplay.Result r = ManifestReplay.replay(fs, dir,
          FileNames.parse(manifestName).orElseThrow().number(), comparator,
          userComparator.name());
      String detail = r.edits() + " edits, " + r.version().fileNumbers().size()
          + " live tables, last sequence " + r.lastSequence() + r.tornTailOffset().stream()
              .mapToObj(o -> "; torn tail at offset " + o + " (ignored at open)")
              .findFirst().orElse("");
      results.add(FileResult.ok(manifestName, detail));
      return new Manifest(manifestName, r.version(), r.logNumber(), r.prevLogNumber(), false);
    } catch (NoSuchFileException e) {
      String now;
      try {
        now = FileNames.manifestFileName(CurrentFile.read(fs, dir));
      } catch (IOException again) {
        now = manifestName;
      }
      if (!now.equals(manifestName)) {
        // The live database wrote a new MANIFEST and deleted this one: start over.
        return new Manifest(manifestName, null, -1, -1, true);
      }
      results.add(FileResult.corrupt(FileNames.CURRENT,
          describe(CurrentFile.namesMissingManifest(manifestName, e))));
      return null;
    } catch (IOException e) {
      results.add(FileResult.corrupt(manifestName, describe(e)));
      return null;
    } catch (IllegalArgumentException e) {
      // The replay's one caller mistake, a comparator mismatch, which open refuses: reported,
      // not thrown, so the other files are still checked. (Damage, an edit that does not apply
      // included, is a CorruptionException.)
      results.add(FileResult.corrupt(manifestName, e.getMessage()));
      return null;
    }
  }

  /**
   * Checks a table: its size against {@code meta} (the MANIFEST's record of it, null if no
   * MANIFEST could be read), then every block. A table gone when read goes in {@code vanished}.
   */
  FileResult checkTable(String name, FileMetaData meta, Map<String, String> vanished) {
    try (ReadableFile file = fs.newReadableFile(dir.resolve(name))) {
      long size = file.size();
      if (meta != null && meta.fileSizeBytes() != size) {
        return FileResult.corrupt(name, "size " + size + " bytes, the MANIFEST records "
            + meta.fileSizeBytes());
      }
      TableChecker.Summary s = TableChecker.check(file, name, size, comparator);
      return FileResult.ok(name, s.dataBlocks() + " data blocks, " + s.metaBlocks()
          + " meta blocks, " + s.entries() + " entries");
    } catch (NoSuchFileException e) {
      return vanished(name, vanished);
    } catch (IOException e) {
      return FileResult.corrupt(name, describe(e));
    }
  }

  /** A table the MANIFEST does not name: whether it reads whole is said, never damage. */
  FileResult orphan(String name) {
    String state;
    try (ReadableFile file = fs.newReadableFile(dir.resolve(name))) {
      TableChecker.Summary s = TableChecker.check(file, name, file.size(), comparator);
      state = "reads whole, " + s.entries() + " entries";
    } catch (NoSuchFileException e) {
      return new FileResult(name, Verdict.VANISHED, false,
          "deleted while being verified; the MANIFEST did not name it");
    } catch (IOException e) {
      state = "incomplete (" + describe(e) + ")";
    }
    return new FileResult(name, Verdict.ORPHAN, false, "not in the MANIFEST: left by a crash "
        + "(open deletes it) or a flush's or compaction's output in progress; " + state);
  }

  /**
   * Checks a log; {@code live} for one open would replay, which the detail then speaks of. A log
   * gone or truncated when read goes in {@code vanished}.
   *
   * <p>The live database appends to its newest log through a memory mapping over zeros, so a
   * read racing an append can see zeros where a record is being copied and the bytes after it
   * (a LAST fragment without its FIRST, a checksum mismatch followed by records). Damage on the
   * disk stays where it is; such a sighting does not. So damage in a live log is read a second
   * time: a second read that finds no damage is the result, and one that finds it elsewhere
   * puts the log in {@code vanished} (the pass starts over). Only damage found twice, at the
   * same offset and of the same kind, is reported.
   */
  FileResult checkLog(Path path, String name, boolean live, Map<String, String> vanished) {
    long sizeAtOpen = -1;
    try {
      LogRecovery.Outcome o;
      try (ReadableFile file = fs.newReadableFileInUse(path)) {
        sizeAtOpen = file.size();
        o = readLog(file, name);
      }
      if (o.damaged() && live) {
        LogRecovery.Outcome again;
        try (ReadableFile file = fs.newReadableFileInUse(path)) {
          again = readLog(file, name);
        }
        if (again.damaged() && (again.damageOffset() != o.damageOffset()
            || !again.damage().equals(o.damage()))) {
          String why = "appended while being read: damage seen at offset " + o.damageOffset()
              + " was gone when read again";
          vanished.put(name, why);
          return FileResult.corrupt(name, why);
        }
        o = again;
      }
      if (o.damaged()) {
        return FileResult.corrupt(name, o.records() + " records; " + o.describe()
            + (live ? " (open fails; see walRecoveryMode)" : ""));
      }
      if (o.tornTailOnly()) {
        return new FileResult(name, Verdict.TORN_TAIL, false, o.records() + " records; "
            + o.describe() + (live ? ", dropped at open" : ""));
      }
      return FileResult.ok(name, o.records() + " records");
    } catch (NoSuchFileException e) {
      return vanished(name, vanished);
    } catch (CorruptionException e) {
      return FileResult.corrupt(name, describe(e));
    } catch (IOException e) {
      // A log whose size changed under the read was being written or cut by the live database.
      if (sizeAtOpen >= 0 && sizeNow(path) != sizeAtOpen) {
        return vanished(name, vanished);
      }
      return FileResult.corrupt(name, describe(e));
    }
  }

  /** Every record of a log, replayed into a scratch memtable: what open would find. */
  private LogRecovery.Outcome readLog(ReadableFile file, String name) throws IOException {
    MemTable scratch = new SkipListMemTable(comparator);
    return LogRecovery.read(file, name, false, (record, offset) ->
        WriteBatchCodec.insertInto(record, record.length, scratch, name, offset));
  }

  /** The size of {@code path}, -1 if it is gone or cannot be read. */
  private long sizeNow(Path path) {
    try {
      return fs.size(path);
    } catch (IOException e) {
      return -1; // gone: the caller compares sizes only
    }
  }

  private static FileResult vanished(String name, Map<String, String> vanished) {
    String why = "vanished or truncated between the listing and the read";
    vanished.put(name, why);
    return FileResult.corrupt(name, why);
  }

  private static String describe(IOException e) {
    return e instanceof CorruptionException ? "corrupted: " + e.getMessage()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
