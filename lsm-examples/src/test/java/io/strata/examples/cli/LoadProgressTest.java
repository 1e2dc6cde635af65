package io.strata.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LoadProgressTest {
  private final StringWriter text = new StringWriter();
  private final PrintWriter err = new PrintWriter(text, true);
  private long now = 1_000_000_000L;

  @Test
  void terminalBarRedrawsAtMostFiveTimesASecond() {
    LoadProgress p = new LoadProgress(err, ProgressMode.BAR, 1000, () -> now);
    for (int i = 1; i <= 100; i++) {
      now += 10_000_000L; // 10 ms between updates: 100 updates over one second
      p.update(i * 10L, i);
    }
    long draws = text.toString().chars().filter(c -> c == '\r').count();
    assertThat(draws).isBetween(5L, 6L);
    p.finish(1000, 100);
    assertThat(text.toString()).contains("[" + "#".repeat(30) + "] 100%").endsWith(System.lineSeparator());
  }

  @Test
  void unknownSizeOnATerminalShowsBytesRead() {
    LoadProgress p = new LoadProgress(err, ProgressMode.BAR, -1, () -> now);
    p.update(3 << 20, 42);
    assertThat(text.toString()).startsWith("\r3.0 MiB read  42 entries");
  }

  @Test
  void pipeGetsOneLinePerTenth() {
    LoadProgress p = new LoadProgress(err, ProgressMode.LINES, 1000, () -> now);
    for (int bytes = 0; bytes <= 1000; bytes += 7) {
      p.update(bytes, bytes / 10);
    }
    p.finish(1000, 100);
    assertThat(text.toString().lines()).containsExactly(
        "load: 10% (10 entries)", "load: 20% (20 entries)", "load: 30% (30 entries)",
        "load: 40% (40 entries)", "load: 50% (50 entries)", "load: 60% (60 entries)",
        "load: 70% (70 entries)", "load: 80% (80 entries)", "load: 90% (90 entries)");
  }

  @Test
  void pipeWithUnknownSizeGetsOneLinePerMillionEntries() {
    LoadProgress p = new LoadProgress(err, ProgressMode.LINES, -1, () -> now);
    for (long entries = 0; entries <= 2_500_000; entries += 1000) {
      p.update(entries * 10, entries);
    }
    assertThat(text.toString().lines()).containsExactly(
        "load: 1,000,000 entries (9.5 MiB read)", "load: 2,000,000 entries (19.1 MiB read)");
  }
}
