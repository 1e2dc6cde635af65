package io.strata.core.tools;

import static com.google.common.base.Preconditions.checkNotNull;
import static io.strata.core.tools.DbRepairer.LOST_DIR;

import com.google.common.collect.ImmutableList;
import io.strata.api.CorruptionException;
import io.strata.api.KeyComparator;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.core.table.TableChecker;
import io.strata.core.tools.FileChecks.Manifest;
import io.strata.core.write.LogRecovery;
import io.strata.manifest.DbFiles;
import io.strata.manifest.FileNames;
import io.strata.manifest.FileNames.FileType;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks every checksum of a database directory without changing anything: {@code CURRENT}, the
 * MANIFEST it names (every record's checksum, every edit decoded and applied, the comparator
 * name), every table file (footer, metaindex, index, filter and data blocks, through
 * {@link TableChecker}), every live write-ahead log (every record's checksum and write batch),
 * and the logs open kept under {@code lost/}.
 *
 * <p>A database in use. No lock is taken and nothing is written, so the database may be open in
 * another process, whose flushes and compactions delete files while they are read. The set
 * checked is the one the current MANIFEST names: a file that vanishes between the listing and
 * the read, or a table the MANIFEST names that the listing lacks, makes the verifier start over
 * (up to {@value #ATTEMPTS} times); if it still happens, the MANIFEST is read again, and a file
 * it no longer needs is reported {@link Verdict#VANISHED}, never as damage. A log being appended
 * to may show a torn tail; damage seen in one is read again, and reported only if it is seen
 * there again (an append in progress can look like damage for an instant).
 *
 * <p>Verdicts are open's (the log verdict is {@link LogRecovery}'s, shared with open): a torn
 * tail of a log ({@link Verdict#TORN_TAIL}) or of the MANIFEST (noted on an OK line) is what a
 * crash leaves and open drops it; a table the MANIFEST does not name is an
 * {@link Verdict#ORPHAN}, which open deletes (a half-written one left by a crash, or a flush's
 * or compaction's output in progress); a log under {@code lost/} with a torn tail or damage is
 * {@link Verdict#LOST}, the evidence of what an earlier open (or repair) dropped, damage if it
 * holds damage (an undamaged one is OK: repair sets aside every log it converts). Anything
 * else a {@link CorruptionException} would report at open or read is {@link Verdict#CORRUPT};
 * so is a table the MANIFEST names that is missing or whose size differs from the recorded one.
 * Other files (the info log, an options file, a {@code LOCK}) are not read.
 *
 * <p>This class decides which files a pass checks and settles the files that vanished; the check
 * of each file is {@link FileChecks}'.
 *
 * <p>Not thread-safe; one {@link #verify()} at a time. The constructor does no I/O.
 */
public final class DbVerifier {
  /** Passes over the directory before a file that keeps vanishing is reported as such. */
  static final int ATTEMPTS = 3;

  /** What was found in one file. */
  public enum Verdict {
    /** Undamaged. */
    OK("OK"),
    /** A table the MANIFEST does not name; open deletes it. Not damage. */
    ORPHAN("ORPHAN"),
    /** A log ending in a torn tail, which open drops. Not damage. */
    TORN_TAIL("TORN"),
    /**
     * A file the live database deleted, or a log it kept appending to, while it was being
     * verified. Not damage.
     */
    VANISHED("VANISHED"),
    /**
     * A log with a torn tail or damage that an earlier open or repair kept under {@code lost/}:
     * damage if it holds damage.
     */
    LOST("LOST"),
    /** Damaged, or missing though the MANIFEST names it. */
    CORRUPT("CORRUPT");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    /** The word {@code strata verify} prints. */
    public String label() {
      return label;
    }
  }

  /**
   * The outcome for one file.
   *
   * @param fileName the file's name in the directory ({@code lost/NAME} for a kept log)
   * @param verdict what was found
   * @param damage whether it is damage: always for {@link Verdict#CORRUPT}, for
   *     {@link Verdict#LOST} when the kept log holds damage, never otherwise
   * @param detail what was checked, or what is wrong (with the offset)
   */
  public record FileResult(String fileName, Verdict verdict, boolean damage, String detail) {
    public FileResult {
      checkNotNull(fileName, "fileName");
      checkNotNull(verdict, "verdict");
      checkNotNull(detail, "detail");
    }

    static FileResult ok(String fileName, String detail) {
      return new FileResult(fileName, Verdict.OK, false, detail);
    }

    static FileResult corrupt(String fileName, String detail) {
      return new FileResult(fileName, Verdict.CORRUPT, true, detail);
    }

    /** Whether the file is undamaged and nothing is to be said of it. */
    public boolean ok() {
      return verdict == Verdict.OK;
    }
  }

  /** The outcome for a directory, one result per file checked, CURRENT and MANIFEST first. */
  public record Report(ImmutableList<FileResult> files) {
    public Report {
      checkNotNull(files, "files");
    }

    /** Whether every file is {@link Verdict#OK}. */
    public boolean ok() {
      return files.stream().allMatch(FileResult::ok);
    }

    /** Whether any file is damaged. */
    public boolean damaged() {
      return files.stream().anyMatch(FileResult::damage);
    }

    /** Results that are neither OK nor damage: what open tolerates. */
    public long findings() {
      return files.stream().filter(f -> !f.ok() && !f.damage()).count();
    }
  }

  private final FileSystem fs;
  private final Path dir;
  private final FileChecks checks;

  /**
   * @param fs the file system holding the directory
   * @param dir the database directory
   * @param userComparator the database's comparator (its name is checked against the MANIFEST)
   */
  public DbVerifier(FileSystem fs, Path dir, KeyComparator userComparator) {
    this.fs = checkNotNull(fs, "fs");
    this.dir = checkNotNull(dir, "dir");
    this.checks = new FileChecks(fs, dir, userComparator);
  }

  /**
   * Checks the directory.
   *
   * @throws NoSuchFileException if the directory does not exist
   * @throws IOException if listing the directory fails (a failure to read one file is reported
   *     in that file's result)
   */
  public Report verify() throws IOException {
    if (!fs.exists(dir)) {
      throw new NoSuchFileException(dir.toString());
    }
    for (int attempt = 1; ; attempt++) {
      Pass pass = new Pass();
      pass.run();
      if (pass.vanished.isEmpty()) {
        return new Report(ImmutableList.copyOf(pass.results));
      }
      if (attempt == ATTEMPTS) {
        return new Report(ImmutableList.copyOf(settleVanished(pass)));
      }
    }
  }

  /**
   * The results of the last pass, each file that vanished reported as damage if the MANIFEST
   * now read still needs it, as {@link Verdict#VANISHED} otherwise.
   */
  private List<FileResult> settleVanished(Pass pass) {
    List<FileResult> again = new ArrayList<>();
    Manifest now = checks.checkCurrentAndManifest(again);
    List<FileResult> out = new ArrayList<>();
    for (FileResult r : pass.results) {
      String why = pass.vanished.get(r.fileName());
      if (why == null) {
        out.add(r);
        continue;
      }
      Optional<FileNames.ParsedFileName> parsed = FileNames.parse(r.fileName());
      boolean needed = false;
      if (now != null && !now.vanished() && parsed.isPresent()
          && !fs.exists(dir.resolve(r.fileName()))) {
        long n = parsed.get().number();
        needed = switch (parsed.get().type()) {
          case TABLE -> now.version().fileNumbers().contains(n);
          case LOG -> n >= now.logNumber() || n == now.prevLogNumber();
          default -> false;
        };
      }
      out.add(needed ? FileResult.corrupt(r.fileName(), why)
          : new FileResult(r.fileName(), Verdict.VANISHED, false, "deleted, truncated or "
              + "appended to while being verified (" + why + "): the database is in use"));
    }
    return out;
  }

  /** One pass over the directory. */
  private final class Pass {
    final List<FileResult> results = new ArrayList<>();
    /** Files that vanished (or were missing) in this pass, with what was seen. */
    final Map<String, String> vanished = new HashMap<>();

    void run() throws IOException {
      Manifest manifest = checks.checkCurrentAndManifest(results);
      if (manifest != null && manifest.vanished()) {
        String why = "replaced by a newer MANIFEST before it could be read";
        vanished.put(manifest.name(), why);
        results.add(FileResult.corrupt(manifest.name(), why));
        return;
      }
      DbFiles files = DbFiles.list(fs, dir);
      TreeMap<Long, String> tables = new TreeMap<>();
      TreeMap<Long, String> logs = new TreeMap<>();
      files.of(FileType.TABLE).forEach(f -> tables.put(f.number(), f.name()));
      files.of(FileType.LOG).forEach(f -> logs.put(f.number(), f.name()));
      Map<Long, FileMetaData> live = new HashMap<>();
      if (manifest != null) {
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
          for (FileMetaData f : manifest.version().files(level)) {
            live.put(f.fileNumber(), f);
            if (!tables.containsKey(f.fileNumber())) {
              String name = FileNames.tableFileName(f.fileNumber());
              String why = "missing: listed at level " + level + " of the MANIFEST";
              results.add(FileResult.corrupt(name, why));
              vanished.put(name, why);
            }
          }
        }
      }
      for (Map.Entry<Long, String> t : tables.entrySet()) {
        FileMetaData meta = live.get(t.getKey());
        results.add(manifest != null && meta == null ? checks.orphan(t.getValue())
            : checks.checkTable(t.getValue(), meta, vanished));
      }
      List<String> liveLogs = new ArrayList<>();
      for (Map.Entry<Long, String> l : logs.entrySet()) {
        long n = l.getKey();
        if (manifest == null || n >= manifest.logNumber() || n == manifest.prevLogNumber()) {
          liveLogs.add(l.getValue());
        } else {
          results.add(FileResult.ok(l.getValue(),
              "obsolete log (below the MANIFEST's log number), not read"));
        }
      }
      boolean stopped = false;
      for (int i = 0; i < liveLogs.size(); i++) {
        String name = liveLogs.get(i);
        if (stopped) {
          results.add(new FileResult(name, Verdict.TORN_TAIL, false, "not replayed at open: "
              + "an older log ends in a torn tail"));
          continue;
        }
        FileResult r = checks.checkLog(dir.resolve(name), name, true, vanished);
        results.add(r);
        stopped = r.verdict() == Verdict.TORN_TAIL && i < liveLogs.size() - 1;
      }
      for (String name : lostLogs()) {
        FileResult r = checks.checkLog(dir.resolve(LOST_DIR).resolve(name),
            LOST_DIR + "/" + name, false, vanished);
        if (r.verdict() == Verdict.OK) {
          // Repair sets aside every log it converted; open, a log it did not replay (then an
          // older one, reported LOST, was torn or damaged).
          results.add(FileResult.ok(r.fileName(), r.detail() + ", undamaged; set aside by "
              + "repair or open"));
        } else {
          results.add(new FileResult(r.fileName(), Verdict.LOST, r.damage(), r.detail()
              + "; dropped when set aside by open or repair; remove it once dealt with"));
        }
      }
    }
  }

  /** The logs under {@code lost/}, sorted; none if there is no such directory. */
  private List<String> lostLogs() throws IOException {
    Path lost = dir.resolve(LOST_DIR);
    if (!fs.exists(lost)) {
      return List.of();
    }
    return DbFiles.list(fs, lost).names(FileType.LOG);
  }
}
