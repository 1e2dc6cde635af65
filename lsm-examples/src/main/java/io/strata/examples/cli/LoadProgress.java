package io.strata.examples.cli;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of {@code strata load} on standard error. {@link ProgressMode#BAR} (on a terminal): a
 * bar redrawn in place at most five times a second. {@link ProgressMode#LINES} (a pipe or a file):
 * one line each time another tenth of the input is read, or, when the input size is unknown, one
 * line per million entries. {@link ProgressMode#NONE}: nothing.
 *
 * <p>Confined to the loading thread.
 */
final class LoadProgress {
  /** Smallest interval between two redraws of the bar: at most 5 per second. */
  static final long REDRAW_INTERVAL_NANOS = 200_000_000L;
  /** Entries between two lines when the input size is unknown and stderr is not a terminal. */
  static final long ENTRIES_PER_LINE = 1_000_000L;

  private static final int BAR_WIDTH = 30;

  private final PrintWriter err;
  private final ProgressMode mode;
  private final long totalBytes;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private long lastDrawNanos;
  private boolean drawn;
  private long lastStep;

  /**
   * @param err where progress goes
   * @param mode {@link ProgressMode#BAR}, {@link ProgressMode#LINES} or {@link ProgressMode#NONE}
   * @param totalBytes size of the input in bytes, or -1 when unknown (standard input)
   * @param nanoClock monotonic time in nanoseconds, {@code System::nanoTime} outside tests
   */
  LoadProgress(PrintWriter err, ProgressMode mode, long totalBytes, LongSupplier nanoClock) {
    checkArgument(mode != ProgressMode.AUTO, "mode must be resolved, was %s", mode);
    this.err = err;
    this.mode = mode;
    this.totalBytes = totalBytes;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
  }

  /** Reports that {@code bytesRead} bytes of input gave {@code entries} loaded entries so far. */
  void update(long bytesRead, long entries) {
    if (mode == ProgressMode.NONE) {
      return;
    }
    if (mode == ProgressMode.BAR) {
      long now = nanoClock.getAsLong();
      if (!drawn || now - lastDrawNanos >= REDRAW_INTERVAL_NANOS) {
        draw(bytesRead, entries, now);
      }
      return;
    }
    long step = totalBytes > 0 ? Math.min(10, bytesRead * 10 / totalBytes)
        : entries / ENTRIES_PER_LINE;
    if (step > lastStep && (totalBytes <= 0 || step < 10)) {
      lastStep = step;
      err.println(totalBytes > 0
          ? String.format(Locale.ROOT, "load: %d%% (%,d entries)", step * 10, entries)
          : String.format(Locale.ROOT, "load: %,d entries (%s read)", entries, mib(bytesRead)));
      err.flush();
    }
  }

  /** Draws the final state of the bar and ends its line; does nothing but for a bar. */
  void finish(long bytesRead, long entries) {
    if (mode == ProgressMode.BAR) {
      draw(bytesRead, entries, nanoClock.getAsLong());
      err.println();
      err.flush();
    }
  }

  private void draw(long bytesRead, long entries, long now) {
    drawn = true;
    lastDrawNanos = now;
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    String rate = String.format(Locale.ROOT, "%.1f MB/s", bytesRead / 1048576.0 / seconds);
    StringBuilder sb = new StringBuilder("\r");
    if (totalBytes > 0) {
      int percent = (int) Math.min(100, bytesRead * 100 / totalBytes);
      int filled = percent * BAR_WIDTH / 100;
      sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled))
          .append(String.format(Locale.ROOT, "] %3d%%", percent));
    } else {
      sb.append(mib(bytesRead)).append(" read");
    }
    sb.append(String.format(Locale.ROOT, "  %,d entries  %s   ", entries, rate));
    err.print(sb);
    err.flush();
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
