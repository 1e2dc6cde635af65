package io.strata.core;

import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import io.strata.core.compaction.StrategyChoice;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The text of {@code Db.getProperty} (google/leveldb {@code DBImpl::GetProperty}), computed from
 * a snapshot of the engine's state and the counters of {@link DbStats}, the same counters
 * {@code Db.statistics()} reads. Stateless.
 */
final class DbProperties {
  private static final String PREFIX = "strata.";
  private static final double MB = 1048576.0;

  /** What the properties are computed from. */
  record Source(Version version, CompactionStrategy strategy, StrategyChoice strategyChoice,
      DbStats stats, MemTable mem, MemTable imm, long manifestBytes, long openTables) {}

  private DbProperties() {}

  static Optional<String> get(String name, Source s) {
    if (!name.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String p = name.substring(PREFIX.length());
    if (p.startsWith("num-files-at-level")) {
      try {
        int level = Integer.parseInt(p.substring("num-files-at-level".length()));
        if (level < 0 || level >= Version.NUM_LEVELS) {
          return Optional.empty();
        }
        return Optional.of(Integer.toString(s.version().numFiles(level)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    switch (p) {
      case "stats":
        return Optional.of(stats(s));
      case "sstables":
        return Optional.of(sstables(s.version()));
      case "total-sst-files-size":
        return Optional.of(Long.toString(tableBytes(s.version())));
      case "approximate-memory-usage":
        return Optional.of(Long.toString(memoryUsage(s)));
      case "total-bytes-written":
        return Optional.of(Long.toString(totalBytesWritten(s)));
      case "user-bytes-written":
        return Optional.of(Long.toString(s.stats().userBytes.sum()));
      case "tables-consulted-per-get":
        return Optional.of(String.format("%.3f", tablesPerGet(s.stats())));
      case "strategy":
        return Optional.of(s.strategy().name());
      case "strategy-switch":
        return Optional.of(strategyLine(s));
      case "strategy-options":
        return Optional.of(s.strategyChoice().settings().describeOptions());
      case "strategy-change":
        return Optional.of(s.strategyChoice().change().orElse(""));
      default:
        return Optional.empty();
    }
  }

  private static long tableBytes(Version v) {
    long n = 0;
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      n += v.levelBytes(level);
    }
    return n;
  }

  private static long memoryUsage(Source s) {
    long n = s.mem().approximateMemoryUsageBytes();
    MemTable imm = s.imm();
    return imm == null ? n : n + imm.approximateMemoryUsageBytes();
  }

  private static long totalBytesWritten(Source s) {
    return s.stats().walBytes.sum() + s.stats().tableBytes.sum() + s.manifestBytes();
  }

  private static double tablesPerGet(DbStats stats) {
    long gets = stats.gets.sum();
    return gets == 0 ? 0 : (double) stats.tablesConsulted.sum() / gets;
  }

  private static String stats(Source s) {
    Version v = s.version();
    DbStats st = s.stats();
    double[] scores = s.strategy().levelScores(v);
    StringBuilder sb = new StringBuilder();
    sb.append("                               Compactions\n");
    sb.append("Level  Files Size(MB) Time(sec) Read(MB) Write(MB)  Score\n");
    sb.append("----------------------------------------------------------\n");
    long totalBytes = 0;
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      long bytes = v.levelBytes(level);
      totalBytes += bytes;
      // As LevelDB's table: a level's figures include the flushes that went to it.
      if (v.numFiles(level) > 0 || st.compactions.get(level) > 0
          || st.flushesAtLevel.get(level) > 0) {
        sb.append(String.format("%3d %8d %8.0f %9.0f %8.0f %9.0f %6.2f%n", level,
            v.numFiles(level), bytes / MB,
            (st.micros.get(level) + st.flushMicrosAtLevel.get(level)) / 1e6,
            st.bytesRead.get(level) / MB,
            (st.bytesWritten.get(level) + st.flushBytesAtLevel.get(level)) / MB,
            level < scores.length ? scores[level] : 0.0));
      }
    }
    long user = st.userBytes.sum();
    long written = totalBytesWritten(s);
    sb.append("strategy: ").append(strategyLine(s)).append('\n');
    if (!s.version().features().isEmpty()) {
      sb.append("features outside LevelDB's formats: ")
          .append(String.join(", ", s.version().features())).append('\n');
    }
    sb.append("strategy options: ").append(s.strategyChoice().settings().describeOptions())
        .append('\n');
    sb.append("files by writer:");
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      Map<String, Integer> writers = new TreeMap<>();
      for (FileMetaData f : v.files(level)) {
        writers.merge(writerOf(f), 1, Integer::sum);
      }
      if (!writers.isEmpty()) {
        sb.append(" L").append(level).append(' ');
        StringJoiner j = new StringJoiner(", ", "[", "]");
        writers.forEach((w, n) -> j.add(w + " " + n));
        sb.append(j);
      }
    }
    sb.append('\n');
    sb.append(String.format("live table bytes: %.1f MB; memtables: %.1f MB; open tables: %d%n",
        totalBytes / MB, memoryUsage(s) / MB, s.openTables()));
    sb.append(String.format("bytes written: user %.1f MB, log %.1f MB, tables %.1f MB,"
        + " manifest %.2f MB; write amplification %.2f%n", user / MB, st.walBytes.sum() / MB,
        st.tableBytes.sum() / MB, s.manifestBytes() / MB, user == 0 ? 0.0 : (double) written / user));
    sb.append(String.format("gets: %d, tables consulted per get: %.3f%n",
        st.gets.sum(), tablesPerGet(st)));
    sb.append(String.format("write slowdowns: %d, stalled: %.3f s%n", st.slowdowns.sum(),
        st.stallMicrosTotal() / 1e6));
    return sb.toString();
  }

  /** The strategy's name, and the switch the MANIFEST records, if any. */
  private static String strategyLine(Source s) {
    String name = s.strategy().name();
    Optional<VersionEdit.StrategySwitch> w = s.version().strategySwitch();
    if (w.isEmpty() || !w.get().strategy().equals(name)) {
      return name;
    }
    return w.get().previous().isEmpty() ? name + " (since the database was created)"
        : name + " (switched from " + w.get().previous() + ")";
  }

  /** The strategy that wrote {@code f}, or how the engine names an unrecorded one. */
  private static String writerOf(FileMetaData f) {
    return f.writer().isEmpty() ? Recovery.UNRECORDED_LAYOUT : f.writer();
  }

  private static String sstables(Version v) {
    StringBuilder sb = new StringBuilder();
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      sb.append("--- level ").append(level).append(" ---\n");
      for (FileMetaData f : v.files(level)) {
        sb.append(' ').append(f.fileNumber()).append(':').append(f.fileSizeBytes()).append('[')
            .append(f.smallest()).append(" .. ").append(f.largest()).append(']');
        if (f.hasSequenceRange()) {
          sb.append(" seq ").append(f.smallestSequence()).append("..").append(f.largestSequence());
        }
        sb.append(" by ").append(writerOf(f)).append('\n');
      }
    }
    return sb.toString();
  }
}
