package io.strata.compaction.tiered;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Groups sorted runs into buckets of similar size, as Cassandra's
 * {@code SizeTieredCompactionStrategy.getBuckets} does (apache/cassandra
 * {@code src/java/org/apache/cassandra/db/compaction/SizeTieredCompactionStrategy.java}).
 * Stateless.
 *
 * <p>Runs are visited smallest first (equal sizes newest first). A run joins the first bucket,
 * in creation order, whose average size {@code avg} satisfies {@code avg * bucket_low <= size <=
 * avg * bucket_high} (closed bounds; Cassandra's comparisons are strict, which differs only for
 * a run exactly at an edge), or whose average and the run's size are both under
 * {@code min_sstable_size} (small runs share one bucket whatever their ratio); the bucket's
 * average then takes the run in. A run no bucket takes starts a new one.
 *
 * <p>Since runs arrive smallest first, a run is never smaller than the runs already bucketed,
 * hence never below a bucket's average: {@code bucket_low} never turns a run away, here as in
 * Cassandra. It is kept for Cassandra's option set and checked by {@link #fits}.
 */
final class SizeBuckets {
  private SizeBuckets() {}

  /**
   * A bucket: the positions of its runs in the newest-first run list, ascending (newest first),
   * and their total size.
   *
   * @param members indices into the run list, ascending
   * @param totalBytes the sum of the members' sizes, in bytes
   */
  record Bucket(ImmutableList<Integer> members, long totalBytes) {
    /** The members' average size, in bytes. */
    double averageBytes() {
      return totalBytes / (double) members.size();
    }
  }

  /** The buckets of {@code runs} (newest first), in creation order. */
  static List<Bucket> of(List<SortedRun> runs, TieredCompactionOptions options) {
    List<Integer> bySize = new ArrayList<>(runs.size());
    for (int i = 0; i < runs.size(); i++) {
      bySize.add(i);
    }
    // A stable sort: equal sizes stay newest first.
    bySize.sort(Comparator.comparingLong(i -> runs.get(i).sizeBytes()));
    List<List<Integer>> members = new ArrayList<>();
    List<Long> totals = new ArrayList<>();
    for (int run : bySize) {
      long size = runs.get(run).sizeBytes();
      int joined = -1;
      for (int b = 0; b < members.size() && joined < 0; b++) {
        double average = totals.get(b) / (double) members.get(b).size();
        if (fits(size, average, options)) {
          joined = b;
        }
      }
      if (joined < 0) {
        members.add(new ArrayList<>());
        totals.add(0L);
        joined = members.size() - 1;
      }
      members.get(joined).add(run);
      totals.set(joined, totals.get(joined) + size);
    }
    List<Bucket> buckets = new ArrayList<>(members.size());
    for (int b = 0; b < members.size(); b++) {
      List<Integer> m = members.get(b);
      m.sort(null);
      buckets.add(new Bucket(ImmutableList.copyOf(m), totals.get(b)));
    }
    return buckets;
  }

  /** Whether a run of {@code sizeBytes} joins a bucket whose average is {@code averageBytes}. */
  static boolean fits(long sizeBytes, double averageBytes, TieredCompactionOptions options) {
    boolean similar = sizeBytes >= averageBytes * options.bucketLow()
        && sizeBytes <= averageBytes * options.bucketHigh();
    long small = options.minSstableSizeBytes();
    return similar || (sizeBytes < small && averageBytes < small);
  }
}
