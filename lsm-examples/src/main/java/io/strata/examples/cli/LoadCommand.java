package io.strata.examples.cli;

import io.strata.api.Db;
import io.strata.api.WriteBatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code strata load FILE}: writes every {@code key<TAB>value} line of a file (or of standard input
 * for {@code -}) into the database, in batches, and prints {@code loaded N entries from FILE}.
 *
 * <p>A line without a tab stops the load with an error naming the line: every line before it is
 * stored (the partial batch is written first), that line and every line after it are not. Keys
 * and values are stored as the file's bytes, without decoding.
 */
@Command(
    name = "load",
    description = {
      "Loads key<TAB>value lines (UTF-8, one entry per line, the key ends at the first tab) from"
          + " FILE, or from standard input when FILE is '-'. Lines are written in atomic batches.",
      "A malformed line (no tab; an empty line too) stops the load with an error naming its"
          + " line number: every line before it is loaded, nothing from that line on.",
      "Progress goes to standard error (--progress): by default a bar when standard error is a"
          + " terminal, else a line per tenth of the file (per million entries from standard"
          + " input)."
    })
final class LoadCommand implements Callable<Integer> {
  /** Longest accepted line, key and value together: a bound, so a binary file is no OOM. */
  static final int MAX_LINE_BYTES = 64 << 20;

  @ParentCommand private StrataCli cli;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Tab-separated input, or '-' for standard input.")
  private String file;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Lines per atomic write batch (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(
      names = "--progress",
      paramLabel = "auto|bar|lines|none",
      defaultValue = "auto",
      description = "Progress on standard error: a bar redrawn in place, plain lines (for logs),"
          + " or none; auto: a bar when standard error is a terminal, else lines (default:"
          + " ${DEFAULT-VALUE}).")
  private ProgressMode progressMode;

  @Override
  public Integer call() throws IOException {
    if (batchSize < 1) {
      throw new ParameterException(spec.commandLine(), "--batch-size must be >= 1, was " + batchSize);
    }
    boolean fromStdin = "-".equals(file);
    Path path = fromStdin ? null : Path.of(file);
    long totalBytes = fromStdin ? -1 : Files.size(path); // also fails early for a missing file
    PrintWriter out = spec.commandLine().getOut();
    long loaded;
    try (InputStream in = fromStdin ? new UnclosedInputStream(cli.stdin()) : Files.newInputStream(path);
        Db db = cli.openDb(true)) {
      LoadProgress progress = new LoadProgress(spec.commandLine().getErr(),
          progressMode.resolve(cli.stderrIsTerminal()), totalBytes, System::nanoTime);
      loaded = load(new TsvReader(in, MAX_LINE_BYTES), db, progress, fromStdin ? "<stdin>" : file);
    }
    out.printf(Locale.ROOT, "loaded %d entries from %s%n", loaded, fromStdin ? "<stdin>" : file);
    out.flush();
    return 0;
  }

  /**
   * Writes the lines of {@code reader} to {@code db} in batches of {@code batchSize}.
   *
   * @return the number of entries loaded
   * @throws IllegalArgumentException at a malformed line, after writing every line before it
   */
  private long load(TsvReader reader, Db db, LoadProgress progress, String name)
      throws IOException {
    WriteBatch batch = new WriteBatch();
    long loaded = 0;
    while (reader.next()) {
      if (!reader.hasTab()) {
        loaded += flush(db, batch);
        progress.finish(reader.bytesRead(), loaded);
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "%s:%d: malformed line, no tab between key and value; the %d entries before it were"
                + " loaded, nothing from this line on",
            name, reader.lineNumber(), loaded));
      }
      batch.put(reader.key(), reader.value());
      if (batch.count() >= batchSize) {
        loaded += flush(db, batch);
        progress.update(reader.bytesRead(), loaded);
      }
    }
    loaded += flush(db, batch);
    progress.finish(reader.bytesRead(), loaded);
    return loaded;
  }

  private static int flush(Db db, WriteBatch batch) throws IOException {
    int n = batch.count();
    if (n > 0) {
      db.write(batch);
      batch.clear();
    }
    return n;
  }

  /** Standard input belongs to the process: the load reads it but must not close it. */
  private static final class UnclosedInputStream extends java.io.FilterInputStream {
    UnclosedInputStream(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // Deliberately empty: see the class comment.
    }
  }
}
