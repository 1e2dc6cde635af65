package io.strata.examples.cli;

import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.env.ReadableFile;
import io.strata.api.spi.table.TableReader;
import io.strata.core.write.WriteBatchCodec;
import io.strata.manifest.FileNames;
import io.strata.manifest.LogReader;
import io.strata.manifest.VersionEditCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code strata dump FILE}: prints a log's write batches, a table's entries or a MANIFEST's
 * version edits, chosen by the file's name, in the text of LevelDB 1.23's
 * {@code leveldb::DumpFile} (google/leveldb {@code db/dumpfile.cc}; see {@link LevelDbText}), so
 * the two dumps of a LevelDB-compatible file are equal. Reads the file only.
 *
 * <p>Where LevelDB prints a corruption and goes on, this command stops: what was read before the
 * damage is printed, then the {@link CorruptionException} (file and offset) is the command's
 * failure, exit code 1. A torn log tail, which LevelDB's reader skips silently, is skipped too.
 */
@Command(
    name = "dump",
    description = {
      "Prints a file of a database as LevelDB's DumpFile does: a log (NNNNNN.log) as its write"
          + " batches ('--- offset N; sequence S' then '  put 'k' 'v'', '  del 'k'' or"
          + " '  delete_range 'begin' 'end''), a table (.ldb, .sst) as its entries (''key' @"
          + " seq : val => 'value''; then, after '--- range deletions', its range tombstones"
          + " ''begin' @ seq : range_del => 'end''), a MANIFEST"
          + " as its version edits ('--- offset N; VersionEdit {...}'). Bytes outside ' '..'~'"
          + " are written \\xNN. Strata's MANIFEST records are named FileSequences and"
          + " StrategySwitch.",
      "Exit codes: 0 the whole file was read; 1 damage (the message names the file and the"
          + " offset) or an unreadable file; 2 a usage error."
    })
final class DumpCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A log, table or MANIFEST file.")
  private Path file;

  @Option(names = "--stats", description = "For a table, follow the entries with what"
      + " 'strata sst' prints (blocks, filter, properties).")
  private boolean stats;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    String name = file.getFileName().toString();
    FileNames.FileType type = FileNames.parse(name).map(FileNames.ParsedFileName::type)
        .orElse(null);
    if (type == null && (name.endsWith(".sst") || name.endsWith(".ldb"))) {
      type = FileNames.FileType.TABLE;
    }
    if (type == null || type != FileNames.FileType.LOG && type != FileNames.FileType.TABLE
        && type != FileNames.FileType.MANIFEST) {
      throw new IllegalArgumentException(file + ": not a file dump reads (a NNNNNN.log, a"
          + " .ldb or .sst table, or a MANIFEST-NNNNNN)");
    }
    try {
      switch (type) {
        case LOG -> dumpLog(out, name);
        case MANIFEST -> dumpManifest(out, name);
        default -> dumpTable(out, name);
      }
    } finally {
      out.flush();
    }
    return 0;
  }

  private void dumpLog(PrintWriter out, String name) throws IOException {
    // Through the channel: a live database cuts a log it closes to its records, and a mapping of
    // the file would then fault.
    try (ReadableFile f = new LocalFileSystem().newReadableFileInUse(file)) {
      LogReader reader = new LogReader(f, name, true);
      byte[] record;
      while ((record = reader.readRecord()) != null) {
        long offset = reader.lastRecordOffset();
        StringBuilder text = new StringBuilder();
        // The engine's batch parser checks the whole batch, then hands each record over.
        WriteBatchCodec.iterate(record, record.length, (sequence, type, key, value) -> {
          if (type == ValueType.VALUE) {
            text.append("  put '").append(LevelDbText.escape(key)).append("' '")
                .append(LevelDbText.escape(value)).append("'\n");
          } else if (type == ValueType.MERGE) {
            // RocksDB's kTypeMerge; LevelDB's format has no merge, so the word is Strata's.
            text.append("  merge '").append(LevelDbText.escape(key)).append("' '")
                .append(LevelDbText.escape(value)).append("'\n");
          } else if (type == ValueType.RANGE_DELETION) {
            text.append("  delete_range '").append(LevelDbText.escape(key)).append("' '")
                .append(LevelDbText.escape(value)).append("'\n");
          } else {
            text.append("  del '").append(LevelDbText.escape(key)).append("'\n");
          }
        }, name, offset);
        out.print("--- offset " + offset + "; sequence " + WriteBatchCodec.sequence(record)
            + "\n" + text);
      }
    }
  }

  private void dumpManifest(PrintWriter out, String name) throws IOException {
    try (ReadableFile f = new LocalFileSystem().newReadableFile(file)) {
      LogReader reader = new LogReader(f, name, true);
      byte[] record;
      while ((record = reader.readRecord()) != null) {
        long offset = reader.lastRecordOffset();
        out.print("--- offset " + offset + "; "
            + LevelDbText.versionEdit(VersionEditCodec.decode(record, name, offset)));
      }
    }
  }

  private void dumpTable(PrintWriter out, String name) throws IOException {
    try (TableReader table = TableFiles.open(file, cli.comparator());
        InternalIterator it = table.newIterator(true, false)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        byte[] value = it.value();
        if (key.length < InternalKey.TRAILER_SIZE
            || InternalKeys.typeCode(key) > ValueType.MERGE.code()) {
          out.print("badkey '" + LevelDbText.escape(key) + "' => '" + LevelDbText.escape(value)
              + "'\n");
          continue;
        }
        int type = InternalKeys.typeCode(key);
        out.print("'" + LevelDbText.escape(InternalKeys.userKey(key)) + "' @ "
            + InternalKeys.sequence(key) + " : " + (type == ValueType.DELETION.code() ? "del"
            : type == ValueType.MERGE.code() ? "merge" : "val") + " => '"
            + LevelDbText.escape(value) + "'\n");
      }
      // Range tombstones, from the table's rocksdb.range_del block, as sst_dump lists them.
      try (InternalIterator rangeDels = table.newRangeTombstoneIterator()) {
        rangeDels.seekToFirst();
        if (rangeDels.isValid()) {
          out.print("--- range deletions\n");
        }
        for (; rangeDels.isValid(); rangeDels.next()) {
          byte[] key = rangeDels.key();
          out.print("'" + LevelDbText.escape(InternalKeys.userKey(key)) + "' @ "
              + InternalKeys.sequence(key) + " : range_del => '"
              + LevelDbText.escape(rangeDels.value()) + "'\n");
        }
      }
    }
    if (stats) {
      out.print("--- table\n");
      TableReport.of(file, cli.comparator()).print(out);
    }
  }
}
