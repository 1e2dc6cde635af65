package io.strata.examples.cli;

import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import io.strata.manifest.CurrentFile;
import io.strata.manifest.FileNames;
import io.strata.manifest.LogReader;
import io.strata.manifest.ManifestReplay;
import io.strata.manifest.VersionEditCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code strata manifest}: the history of the tree in the MANIFEST that {@code CURRENT} names:
 * each version edit (counters, compact pointers, files deleted and added per level, Strata's
 * file-sequence and strategy-switch records), then the shape {@link ManifestReplay} builds from
 * them (files and bytes per level). Reads the files only: the database may be in use.
 *
 * <p>Exit codes: 0; 1 damage (file and offset; the edits before it are printed) or a missing
 * file; 2 a usage error.
 */
@Command(
    name = "manifest",
    description = {
      "Prints the history of the tree from the MANIFEST that CURRENT names: each version edit"
          + " (log number, next file, last sequence, compact pointers, files deleted and added"
          + " per level with their size and key range, Strata's strategy records), then the"
          + " shape the edits give: files and bytes per level.",
      "Exit codes: 0; 1 damage (the message names the file and the offset) or a missing"
          + " file; 2 a usage error."
    })
final class ManifestCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    FileSystem fs = new LocalFileSystem();
    Path dir = cli.directory(StrataCli.DEFAULT_DB);
    long number = CurrentFile.read(fs, dir);
    String name = FileNames.manifestFileName(number);
    try {
      out.println(name + " (named by CURRENT in " + dir + ")");
      printEdits(out, fs.newReadableFile(dir.resolve(name)), name);
      ManifestReplay.Result r = ManifestReplay.replay(fs, dir, number,
          new InternalKeyComparator(cli.comparator()), cli.comparator().name());
      printShape(out, r);
    } finally {
      out.flush();
    }
    return 0;
  }

  private static void printEdits(PrintWriter out, ReadableFile file, String name)
      throws IOException {
    try (file) {
      LogReader reader = new LogReader(file, name, true);
      byte[] record;
      int n = 0;
      while ((record = reader.readRecord()) != null) {
        long offset = reader.lastRecordOffset();
        VersionEdit edit = VersionEditCodec.decode(record, name, offset);
        out.println("edit " + ++n + " at offset " + offset);
        printEdit(out, edit);
      }
      if (reader.tornTail()) {
        out.println("torn tail at offset " + reader.tornTailOffset() + " (dropped by open)");
      }
    }
  }

  private static void printEdit(PrintWriter out, VersionEdit e) {
    e.comparatorName().ifPresent(c -> out.println("  comparator     " + c));
    e.logNumber().ifPresent(v -> out.println("  log number     " + v));
    e.prevLogNumber().ifPresent(v -> out.println("  prev log       " + v));
    e.nextFileNumber().ifPresent(v -> out.println("  next file      " + v));
    e.lastSequence().ifPresent(v -> out.println("  last sequence  " + v));
    for (VersionEdit.CompactPointer p : e.compactPointers()) {
      out.println("  compact L" + p.level() + "     " + LevelDbText.internalKey(p.key()));
    }
    Map<Integer, StringBuilder> deleted = new TreeMap<>();
    for (VersionEdit.DeletedFile d : e.deletedFiles()) {
      deleted.computeIfAbsent(d.level(), l -> new StringBuilder()).append(" #")
          .append(d.fileNumber());
    }
    deleted.forEach((level, files) -> out.println("  delete L" + level + "     " + files
        .substring(1)));
    for (VersionEdit.NewFile n : e.newFiles()) {
      FileMetaData f = n.file();
      out.println("  add L" + n.level() + "        #" + f.fileNumber() + " " + f.fileSizeBytes()
          + " bytes " + key(f.smallest()) + " .. " + key(f.largest())
          + (f.hasSequenceRange() ? " sequences " + f.smallestSequence() + " .. "
              + f.largestSequence() + " by " + f.writer() : ""));
    }
    e.strategySwitch().ifPresent(s -> out.println("  strategy       " + s.strategy()
        + (s.previous().isEmpty() ? " (new database)" : " (was " + s.previous() + ")")));
    e.features().forEach(f -> out.println("  feature        " + f + " (LevelDB refuses the"
        + " database from here on)"));
  }

  /** A file bound: the user key, its sequence and {@code put} or {@code del}. */
  private static String key(InternalKey k) {
    return "'" + LevelDbText.escape(k.userKey().toByteArray()) + "'@" + k.sequence()
        + (k.type().code() == 0 ? " del" : "");
  }

  private static void printShape(PrintWriter out, ManifestReplay.Result r) {
    Version v = r.version();
    out.println("shape after " + r.edits() + " edits: log number " + r.logNumber()
        + ", next file " + r.nextFileNumber() + ", last sequence " + r.lastSequence()
        + v.strategySwitch().map(s -> ", strategy " + s.strategy()).orElse("")
        + (v.features().isEmpty() ? "" : ", features " + String.join(" ", v.features())));
    out.printf("  %-6s %6s %14s%n", "level", "files", "bytes");
    int files = 0;
    long bytes = 0;
    for (int level = 0; level < v.numLevels(); level++) {
      if (v.numFiles(level) > 0) {
        out.printf("  L%-5d %6d %14d%n", level, v.numFiles(level), v.levelBytes(level));
      }
      files += v.numFiles(level);
      bytes += v.levelBytes(level);
    }
    out.printf("  %-6s %6d %14d%n", "total", files, bytes);
  }
}
