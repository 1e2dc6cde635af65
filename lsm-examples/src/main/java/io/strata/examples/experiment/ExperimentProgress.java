package io.strata.examples.experiment;

import static com.google.common.base.Preconditions.checkArgument;

import io.strata.examples.cli.ProgressMode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of an experiment's runs on standard error, from the workers' progress lines
 * ({@code progress <phase> <opsDone> <plannedOps>} about every 250 ms, {@code phase <name> done}
 * at each phase's end). {@link ProgressMode#BAR}: one bar per phase redrawn in place at most five
 * times a second (configuration, repetition, phase, percentage, ops/s, ETA), ended when the phase
 * is. {@link ProgressMode#LINES}: a line per run, a line per tenth of each phase and a line at
 * its end. {@link ProgressMode#NONE}: nothing. The rate is the operations since the phase's
 * first progress line over the time since, by this process's clock: a guide while it runs; the
 * worker's results hold the measured throughput.
 *
 * <p>Confined to the thread that runs the experiment.
 */
final class ExperimentProgress {
  static final long REDRAW_INTERVAL_NANOS = 200_000_000L;
  private static final int BAR_WIDTH = 24;

  private final PrintWriter err;
  private final ProgressMode mode;
  private final LongSupplier nanoClock;
  private String config = "";
  private int repetition;
  private int reps;
  private String phase;
  private long phaseStartNanos;
  private long phaseStartOps;
  private long opsDone;
  private long plannedOps;
  private long lastDrawNanos;
  private boolean barOpen;
  private long lastTenth;

  /**
   * @param mode resolved: {@link ProgressMode#BAR}, {@link ProgressMode#LINES} or
   *     {@link ProgressMode#NONE}
   * @param nanoClock monotonic time in nanoseconds, {@code System::nanoTime} outside tests
   */
  ExperimentProgress(PrintWriter err, ProgressMode mode, LongSupplier nanoClock) {
    checkArgument(mode != ProgressMode.AUTO, "mode must be resolved, was %s", mode);
    this.err = err;
    this.mode = mode;
    this.nanoClock = nanoClock;
  }

  /** Run {@code runIndex} (0-based) of {@code runs} starts. */
  void runStarted(String config, int repetition, int reps, int runIndex, int runs) {
    this.config = config;
    this.repetition = repetition;
    this.reps = reps;
    this.phase = null;
    if (mode != ProgressMode.NONE) {
      line(String.format(Locale.ROOT, "experiment: run %d/%d: %s, repetition %d/%d",
          runIndex + 1, runs, config, repetition + 1, reps));
    }
  }

  /** One line of the running worker's standard output; lines of another form are ignored. */
  void workerLine(String line) {
    if (line.startsWith("progress ")) {
      String[] t = line.split(" ");
      if (t.length < 4) {
        return;
      }
      long done;
      long planned;
      try {
        done = Long.parseLong(t[t.length - 2]);
        planned = Long.parseLong(t[t.length - 1]);
      } catch (NumberFormatException e) {
        return;
      }
      String name = line.substring("progress ".length(),
          line.length() - t[t.length - 1].length() - t[t.length - 2].length() - 2);
      progress(name, done, planned);
    } else if (line.startsWith("phase ") && line.endsWith(" done")
        && line.length() > "phase  done".length()) {
      phaseDone(line.substring("phase ".length(), line.length() - " done".length()));
    }
  }

  /** The running worker ended; ends a bar left open by a phase that did not finish. */
  void runEnded() {
    if (barOpen) {
      err.println();
      err.flush();
      barOpen = false;
    }
    phase = null;
  }

  private void progress(String name, long done, long planned) {
    long now = nanoClock.getAsLong();
    if (!name.equals(phase)) {
      runEnded();
      phase = name;
      phaseStartNanos = now;
      phaseStartOps = done;
      lastTenth = 0;
      lastDrawNanos = 0;
    }
    opsDone = done;
    plannedOps = planned;
    if (mode == ProgressMode.BAR) {
      if (!barOpen || now - lastDrawNanos >= REDRAW_INTERVAL_NANOS) {
        drawBar(now);
      }
    } else if (mode == ProgressMode.LINES && planned > 0) {
      long tenth = Math.min(9, done * 10 / planned);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        line(String.format(Locale.ROOT, "experiment: %s: %d%% (%,d of %,d ops, %s)", who(),
            tenth * 10, done, planned, rate(now)));
      }
    }
  }

  private void phaseDone(String name) {
    long now = nanoClock.getAsLong();
    if (!name.equals(phase)) {
      phase = name; // no progress line came: a phase shorter than the interval
      phaseStartNanos = now;
      phaseStartOps = 0;
      opsDone = 0;
    }
    // The last progress line may be up to an interval old: a phase that ends is complete.
    opsDone = Math.max(opsDone, plannedOps);
    plannedOps = Math.max(plannedOps, opsDone);
    if (mode == ProgressMode.BAR) {
      drawBar(now);
      runEnded();
    } else if (mode == ProgressMode.LINES) {
      line(String.format(Locale.ROOT, "experiment: %s done in %.1f s, %s", who(),
          (now - phaseStartNanos) / 1e9, rate(now)));
    }
    phase = null;
  }

  private void drawBar(long now) {
    barOpen = true;
    lastDrawNanos = now;
    StringBuilder sb = new StringBuilder("\r");
    if (plannedOps > 0) {
      int percent = (int) Math.min(100, opsDone * 100 / plannedOps);
      int filled = percent * BAR_WIDTH / 100;
      sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled))
          .append(String.format(Locale.ROOT, "] %3d%%  ", percent));
    }
    sb.append(who()).append("  ").append(rate(now));
    String eta = eta(now);
    if (!eta.isEmpty()) {
      sb.append("  ETA ").append(eta);
    }
    sb.append("   ");
    err.print(sb);
    err.flush();
  }

  private String who() {
    return String.format(Locale.ROOT, "%s r%d/%d %s", config, repetition + 1, reps, phase);
  }

  private double opsPerSecond(long now) {
    double seconds = (now - phaseStartNanos) / 1e9;
    return seconds <= 0 ? 0 : (opsDone - phaseStartOps) / seconds;
  }

  private String rate(long now) {
    return String.format(Locale.ROOT, "%,.0f ops/s", opsPerSecond(now));
  }

  /** Time left at the current rate, {@code m:ss} or {@code h:mm:ss}; empty when unknown. */
  private String eta(long now) {
    double rate = opsPerSecond(now);
    if (plannedOps <= 0 || rate <= 0 || opsDone >= plannedOps) {
      return "";
    }
    long s = (long) Math.ceil((plannedOps - opsDone) / rate);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** Prints {@code text} on a line of its own, ending an open bar first. */
  void line(String text) {
    if (mode == ProgressMode.NONE) {
      return;
    }
    runEndedKeepingPhase();
    err.println(text);
    err.flush();
  }

  private void runEndedKeepingPhase() {
    if (barOpen) {
      err.println();
      barOpen = false;
    }
  }
}
