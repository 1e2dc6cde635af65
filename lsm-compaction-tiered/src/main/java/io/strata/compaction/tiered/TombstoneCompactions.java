package io.strata.compaction.tiered;

import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableList;
import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.Compaction.LevelInputs;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.TableStats;
import io.strata.api.spi.version.TableStatsSource;
import io.strata.api.spi.version.Version;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Cassandra's single-SSTable tombstone compaction (apache/cassandra
 * {@code AbstractCompactionStrategy.worthDroppingTombstones}, {@code tombstone_threshold}), for
 * the tiered strategy: a file whose point deletions are more than {@code tombstone_threshold} of
 * its entries is rewritten alone, so that the engine drops its tombstones and whatever they
 * shadow in the file. Thread-safe.
 *
 * <p>A candidate must be worth it: no run older than the file's overlaps its user-key range, so
 * that the engine, which drops a tombstone only when no older file may hold its key, drops them
 * all (Cassandra instead estimates the share the overlapping SSTables leave droppable). A
 * freshly flushed file overlapping older data is therefore never a candidate; Cassandra's
 * {@code tombstone_compaction_interval} (a minimum file age) is not needed to keep it from being
 * rewritten for nothing. Among candidates the highest deletion ratio goes first, the older file
 * on a tie. The output takes the file's place: level 0 for a level-0 file (one file), else the
 * file's own level (cut at {@code target_file_size}), whose other files it does not overlap.
 *
 * <p>Tombstones that a snapshot still needs survive the rewrite. The one state this class keeps
 * is for that case: the key range and counts of each file it picked (the last 1024) and when, so
 * that an output identical to its input, a rewrite that dropped nothing, is not picked again
 * before {@code tombstone_compaction_interval} has passed (the name of Cassandra's option that
 * likewise bounds how often a file's tombstones are compacted; Cassandra counts from the file's
 * creation). The memory only ever withholds a pick, so decisions stay safe.
 */
final class TombstoneCompactions {
  /** Picked files remembered against rewrites that dropped nothing. */
  private static final int REMEMBERED_FILES = 1024;

  private final TableStatsSource stats;
  private final double threshold;
  private final long targetFileSizeBytes;
  private final long intervalNanos;
  private final Ticker ticker;
  /** What was picked, to the file it was and when. Guarded by itself. */
  private final Map<Signature, Picked> picked = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Signature, Picked> eldest) {
          return size() > REMEMBERED_FILES;
        }
      });

  /** A file as a rewrite that dropped nothing leaves it: all but its number. */
  private record Signature(InternalKey smallest, InternalKey largest, long entries,
      long deletions) {}

  /** The file a signature was picked as, and when ({@link Ticker} nanoseconds). */
  private record Picked(long fileNumber, long atNanos) {}

  TombstoneCompactions(TableStatsSource stats, TieredCompactionOptions options, Ticker ticker) {
    this.stats = stats;
    this.threshold = options.tombstoneThreshold();
    this.targetFileSizeBytes = options.targetFileSizeBytes();
    this.intervalNanos = TimeUnit.SECONDS.toNanos(options.tombstoneCompactionIntervalSeconds());
    this.ticker = ticker;
  }

  /**
   * The tombstone compaction of the best candidate of {@code version}, or empty if none. When
   * {@code remember} is set, the pick is recorded against later rewrites of it (see the class
   * comment); scores ask without it.
   */
  Optional<Compaction> pick(Version version, boolean remember) {
    if (threshold >= 1) {
      return Optional.empty();
    }
    List<SortedRun> runs = SortedRun.of(version);
    KeyComparator ucmp = version.comparator().userComparator();
    FileMetaData best = null;
    int bestLevel = -1;
    double bestRatio = 0;
    for (int i = 0; i < runs.size(); i++) {
      for (FileMetaData f : runs.get(i).files()) {
        TableStats s = stats.stats(f);
        double ratio = s.deletionRatio();
        // >= on ties: runs are newest first, so the older file wins.
        if (ratio > threshold && ratio >= bestRatio && !overlapsOlderRun(runs, i, f, ucmp)
            && !rewroteForNothing(f, s)) {
          best = f;
          bestLevel = runs.get(i).level();
          bestRatio = ratio;
        }
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    if (remember) {
      TableStats s = stats.stats(best);
      long number = best.fileNumber();
      long now = ticker.read();
      // Asked again about the same file (before it is compacted), keep the first time.
      picked.compute(new Signature(best.smallest(), best.largest(), s.numEntries(),
              s.numDeletions()),
          (k, was) -> was != null && was.fileNumber() == number ? was : new Picked(number, now));
    }
    String reason = String.format(Locale.ROOT,
        "tombstones: file %d at level %d, %.0f%% of its entries deletions (threshold %.0f%%)",
        best.fileNumber(), bestLevel, bestRatio * 100, threshold * 100);
    return Optional.of(new Compaction(
        ImmutableList.of(new LevelInputs(bestLevel, ImmutableList.of(best))), bestLevel,
        ImmutableList.of(), bestLevel == 0 ? Long.MAX_VALUE : targetFileSizeBytes, 0, false,
        Optional.empty(), reason));
  }

  /** Whether a file of a run older than {@code runs[index]} overlaps {@code f}'s user keys. */
  private static boolean overlapsOlderRun(List<SortedRun> runs, int index, FileMetaData f,
      KeyComparator ucmp) {
    byte[] smallest = f.smallest().userKey().toByteArray();
    byte[] largest = f.largest().userKey().toByteArray();
    for (int j = index + 1; j < runs.size(); j++) {
      for (FileMetaData g : runs.get(j).files()) {
        if (ucmp.compare(g.smallest().userKey().toByteArray(), largest) <= 0
            && ucmp.compare(smallest, g.largest().userKey().toByteArray()) <= 0) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code f} is the output of a rewrite of a file picked less than the interval ago
   * that dropped nothing.
   */
  private boolean rewroteForNothing(FileMetaData f, TableStats s) {
    Picked was = picked.get(new Signature(f.smallest(), f.largest(), s.numEntries(),
        s.numDeletions()));
    return was != null && was.fileNumber() != f.fileNumber()
        && ticker.read() - was.atNanos() < intervalNanos;
  }
}
