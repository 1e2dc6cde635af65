package io.strata.core.compaction;

import com.google.common.collect.ImmutableList;
import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import io.strata.core.cache.TableCache;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Splits a compaction into subcompactions over disjoint user-key ranges of about equal input
 * bytes, as RocksDB's {@code CompactionJob::GenSubcompactionBoundaries}
 * (db/compaction/compaction_job.cc, before anchor points): the candidate split keys are the
 * smallest and largest user keys of the input files; the input bytes before each candidate are
 * estimated from each input file's index ({@code TableReader.approximateOffsetOf}); the split
 * keys are the first candidates where the running total reaches each multiple of the mean.
 *
 * <p>A compaction is split only when it rewrites files (not a trivial move), writes to a level
 * above 0 (whose files are range-partitioned: level 0's may overlap), and its inputs hold at
 * least two output files' worth of bytes ({@link Compaction#maxOutputFileSizeBytes}): it gets at
 * most one subcompaction per output file's worth, and a range under half the mean is merged into
 * its neighbour. Level-0 files that all span the same keys and an empty output level give no
 * candidates between their bounds, so such a compaction is not split. Stateless.
 */
final class SubcompactionPlanner {
  /** Candidates looked at, at most: each costs one index seek per input file it falls in. */
  private static final int MAX_CANDIDATES = 256;

  private SubcompactionPlanner() {}

  /**
   * The ranges to merge {@code c} in: {@link SubcompactionRange#ALL} alone when it is not split.
   *
   * @param c the compaction
   * @param tableCache to read the input files' indexes
   * @param ucmp the user-key order
   * @param maxSubcompactions the most ranges, at least 1
   * @return the ranges, ascending, disjoint, covering every user key
   * @throws IOException if an input file's index cannot be read
   */
  static ImmutableList<SubcompactionRange> plan(Compaction c, TableCache tableCache,
      KeyComparator ucmp, int maxSubcompactions) throws IOException {
    ImmutableList<SubcompactionRange> whole = ImmutableList.of(SubcompactionRange.ALL);
    long total = c.inputBytes();
    long wanted = Math.min(maxSubcompactions, total / c.maxOutputFileSizeBytes());
    if (wanted < 2 || c.trivialMove() || c.outputLevel() == 0) {
      return whole;
    }
    List<FileMetaData> files = new ArrayList<>();
    TreeSet<byte[]> bounds = new TreeSet<>(ucmp::compare);
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData f : in.files()) {
        files.add(f);
        bounds.add(f.smallest().userKey().toByteArray());
        bounds.add(f.largest().userKey().toByteArray());
      }
    }
    bounds.pollFirst(); // a split there would leave the first range empty
    List<byte[]> candidates = new ArrayList<>(bounds);
    if (candidates.size() > MAX_CANDIDATES) {
      List<byte[]> sampled = new ArrayList<>(MAX_CANDIDATES);
      for (int i = 0; i < MAX_CANDIDATES; i++) {
        sampled.add(candidates.get((int) ((long) i * candidates.size() / MAX_CANDIDATES)));
      }
      candidates = sampled;
    }
    double mean = (double) total / wanted;
    List<byte[]> splits = new ArrayList<>();
    List<Long> before = new ArrayList<>(); // input bytes before each split
    long previous = 0;
    for (byte[] k : candidates) {
      if (splits.size() == wanted - 1) {
        break;
      }
      long bytes = bytesBefore(k, files, tableCache, ucmp);
      // The first candidate reaching the next multiple of the mean, if both sides keep at least
      // half a mean's worth.
      if (bytes >= mean * (splits.size() + 1) && bytes - previous >= mean / 2
          && total - bytes >= mean / 2) {
        splits.add(k);
        before.add(bytes);
        previous = bytes;
      }
    }
    if (splits.isEmpty()) {
      return whole;
    }
    ImmutableList.Builder<SubcompactionRange> ranges = ImmutableList.builder();
    byte[] lower = null;
    long lowerBytes = 0;
    for (int i = 0; i < splits.size(); i++) {
      ranges.add(new SubcompactionRange(lower, splits.get(i), before.get(i) - lowerBytes));
      lower = splits.get(i);
      lowerBytes = before.get(i);
    }
    ranges.add(new SubcompactionRange(lower, null, total - lowerBytes));
    return ranges.build();
  }

  /** Estimated bytes of {@code files} holding user keys before {@code userKey}. */
  private static long bytesBefore(byte[] userKey, List<FileMetaData> files,
      TableCache tableCache, KeyComparator ucmp) throws IOException {
    byte[] seekKey = InternalKeys.encode(userKey, InternalKey.MAX_SEQUENCE, ValueType.FOR_SEEK);
    long sum = 0;
    for (FileMetaData f : files) {
      if (ucmp.compare(userKey, f.smallest().userKey().toByteArray()) <= 0) {
        continue;
      }
      if (ucmp.compare(userKey, f.largest().userKey().toByteArray()) > 0) {
        sum += f.fileSizeBytes();
        continue;
      }
      try (TableCache.Handle h = tableCache.acquire(f.fileNumber(), f.fileSizeBytes())) {
        long offset = h.reader().approximateOffsetOf(seekKey);
        sum += Math.max(0, Math.min(offset, f.fileSizeBytes()));
      }
    }
    return sum;
  }
}
