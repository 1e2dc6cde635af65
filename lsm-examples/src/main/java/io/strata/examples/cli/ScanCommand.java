package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code strata scan}: prints {@code key<TAB>value} lines for the keys in {@code [from, to)}, in
 * ascending order or, with {@code --reverse}, descending. Keys and values are decoded as UTF-8;
 * bounds compare as unsigned bytes (the default comparator the command line opens with).
 */
@Command(
    name = "scan",
    description = "Prints key<TAB>value lines for the keys in [--from, --to), in key order.")
final class ScanCommand implements Callable<Integer> {
  @ParentCommand private StrataCli cli;

  @Spec private CommandSpec spec;

  @Option(names = "--from", paramLabel = "KEY", description = "First key (inclusive); default: the first key.")
  private String from;

  @Option(names = "--to", paramLabel = "KEY", description = "End key (exclusive); default: past the last key.")
  private String to;

  @Option(names = "--limit", paramLabel = "N", description = "Print at most N entries.")
  private Long limit;

  @Option(names = "--reverse", description = "Print in descending key order (still within [--from, --to)).")
  private boolean reverse;

  @Override
  public Integer call() throws IOException {
    if (limit != null && limit < 0) {
      throw new ParameterException(spec.commandLine(), "--limit must be >= 0, was " + limit);
    }
    byte[] lower = from == null ? null : from.getBytes(UTF_8);
    byte[] upper = to == null ? null : to.getBytes(UTF_8);
    long max = limit == null ? Long.MAX_VALUE : limit;
    PrintWriter out = spec.commandLine().getOut();
    try (Db db = cli.openDb(false); DbIterator it = db.newIterator()) {
      position(it, lower, upper);
      for (long n = 0; n < max && it.isValid(); n++) {
        byte[] key = it.key();
        if (reverse ? lower != null && Arrays.compareUnsigned(key, lower) < 0
            : upper != null && Arrays.compareUnsigned(key, upper) >= 0) {
          break;
        }
        out.print(new String(key, UTF_8));
        out.print('\t');
        out.println(new String(it.value(), UTF_8));
        if (reverse) {
          it.prev();
        } else {
          it.next();
        }
      }
    }
    out.flush();
    return 0;
  }

  /** Moves to the first entry of the scan: the lowest key >= lower, or the highest key < upper. */
  private void position(DbIterator it, byte[] lower, byte[] upper) throws IOException {
    if (!reverse) {
      if (lower == null) {
        it.seekToFirst();
      } else {
        it.seek(lower);
      }
      return;
    }
    if (upper == null) {
      it.seekToLast();
      return;
    }
    it.seek(upper);
    if (it.isValid()) {
      it.prev(); // the first key >= upper is excluded; the one before it is the last inside
    } else {
      it.seekToLast(); // every key is < upper
    }
  }
}
