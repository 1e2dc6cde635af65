package io.strata.core.compaction;

import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import io.strata.core.cache.TableCache;
import io.strata.core.rangedel.FragmentedRangeTombstones;
import io.strata.core.rangedel.RangeTombstone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The range tombstones of one compaction, as RocksDB's {@code CompactionRangeDelAggregator}
 * (db/range_del_aggregator.h) and {@code CompactionOutputs::AddRangeDels}
 * (db/compaction/compaction_outputs.cc):
 *
 * <ul>
 *   <li>a point entry is dropped when a tombstone of the inputs covers it and both lie in the
 *       bottom snapshot stripe: {@code entry sequence < tombstone sequence <= smallest
 *       snapshot}, so no reader can see the entry;
 *   <li>the tombstones written out are the inputs' fragments, each keeping every sequence number
 *       above the smallest snapshot and only the newest one at or below it (the older ones are
 *       hidden by it for every reader); that newest one is dropped too where nothing older than
 *       the output can lie in the fragment's range (no file below the output level overlaps it:
 *       the point-tombstone rule of {@code BaseLevelCheck}, for a range);
 *   <li>when outputs are split, each output gets the tombstones clipped to its key range {@code
 *       [lower, upper)}, the upper bound being the next output's first key, so that file bounds
 *       never overlap and together cover every tombstone;
 *   <li>in a subcompaction over {@code [lower, upper)} ({@link SubcompactionRange}), only the
 *       fragments intersecting the range are written, clipped to it, and a dropped fragment is
 *       counted by the subcompaction holding its begin key.
 * </ul>
 *
 * <p>Confined to the compaction's thread.
 */
final class CompactionRangeDels {
  private final KeyComparator ucmp;
  private final InternalKeyComparator icmp;
  private final FragmentedRangeTombstones inputs;
  private final long smallestSnapshot;
  private final List<RangeTombstone> outputs = new ArrayList<>(); // sorted, non-overlapping
  private int cursor; // first output tombstone whose end is past lower
  private byte[] lower; // null: no lower bound
  private long dropped;

  private CompactionRangeDels(InternalKeyComparator icmp, FragmentedRangeTombstones inputs,
      long smallestSnapshot, BiPredicate<byte[], byte[]> nothingOlderIn, byte[] rangeLower,
      byte[] rangeUpper) {
    this.icmp = icmp;
    this.ucmp = icmp.userComparator();
    this.inputs = inputs;
    this.smallestSnapshot = smallestSnapshot;
    this.lower = rangeLower;
    for (int i = 0; i < inputs.size(); i++) {
      long[] seqs = inputs.sequences(i);
      byte[] begin = inputs.begin(i);
      byte[] end = inputs.end(i);
      if ((rangeUpper != null && ucmp.compare(begin, rangeUpper) >= 0)
          || (rangeLower != null && ucmp.compare(end, rangeLower) <= 0)) {
        continue; // outside the subcompaction's range: another one writes it
      }
      // A fragment across sub-ranges is counted by the one holding its begin key, once.
      boolean counts = rangeLower == null || ucmp.compare(begin, rangeLower) >= 0;
      boolean bottomKept = false;
      for (long s : seqs) {
        if (s > smallestSnapshot) {
          outputs.add(new RangeTombstone(begin, end, s));
        } else if (!bottomKept) {
          bottomKept = true;
          if (nothingOlderIn.test(begin, end)) {
            dropped += counts ? 1 : 0;
          } else {
            outputs.add(new RangeTombstone(begin, end, s));
          }
        } else {
          dropped += counts ? 1 : 0;
        }
      }
    }
  }

  /**
   * Reads the tombstones of every input file of {@code c}, for the outputs of the subcompaction
   * over {@code range}: the tombstones written are clipped to it, and the first output's lower
   * bound is its lower bound.
   *
   * @param nothingOlderIn whether no file older than the output overlaps {@code [begin, end)}
   * @param range the subcompaction's user-key range, {@link SubcompactionRange#ALL} for all
   */
  static CompactionRangeDels of(TableCache tableCache, Compaction c, InternalKeyComparator icmp,
      long smallestSnapshot, BiPredicate<byte[], byte[]> nothingOlderIn,
      SubcompactionRange range) throws IOException {
    List<RangeTombstone> all = new ArrayList<>();
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData f : in.files()) {
        try (TableCache.Handle h = tableCache.acquire(f.fileNumber(), f.fileSizeBytes())) {
          all.addAll(h.rangeTombstones(icmp.userComparator()).tombstones());
        }
      }
    }
    FragmentedRangeTombstones fragments = all.isEmpty()
        ? FragmentedRangeTombstones.EMPTY
        : FragmentedRangeTombstones.fragment(all, icmp.userComparator());
    return new CompactionRangeDels(icmp, fragments, smallestSnapshot, nothingOlderIn,
        range.lower, range.upper);
  }

  /** Whether a tombstone of the inputs hides {@code internalKey} from every reader. */
  boolean coversForEveryReader(byte[] internalKey) {
    return inputs.covers(internalKey, smallestSnapshot);
  }

  /** Whether any tombstone of the inputs newer than {@code internalKey} covers it. */
  boolean coversAtAll(byte[] internalKey) {
    return inputs.covers(internalKey, InternalKey.MAX_SEQUENCE);
  }

    /** {@return whether any tombstone is written to the outputs} */
  boolean hasOutputs() {
    return !outputs.isEmpty();
  }

  /** {@return the number of tombstone fragment-sequences dropped} */
  long dropped() {
    return dropped;
  }

  /** Whether some output tombstone intersects {@code [lower, upper)} (upper null: no bound). */
  boolean anyBefore(byte[] upper) {
    skipEnded();
    return cursor < outputs.size()
        && (upper == null || ucmp.compare(outputs.get(cursor).begin(), upper) < 0);
  }

  /**
   * Adds to {@code out} the output tombstones clipped to {@code [lower, upper)}, then makes
   * {@code upper} the next lower bound.
   *
   * @param upper the next output's first user key; null for the last output
   */
  void writeTo(TableFileWriter out, byte[] upper) throws IOException {
    skipEnded();
    for (int i = cursor; i < outputs.size(); i++) {
      RangeTombstone t = outputs.get(i);
      byte[] begin = t.begin();
      if (upper != null && ucmp.compare(begin, upper) >= 0) {
        break;
      }
      byte[] end = t.end();
      if (lower != null && ucmp.compare(begin, lower) < 0) {
        begin = lower;
      }
      if (upper != null && ucmp.compare(end, upper) > 0) {
        end = upper;
      }
      if (ucmp.compare(begin, end) < 0) {
        out.addRangeTombstone(new RangeTombstone(begin, end, t.sequence()), icmp);
      }
    }
    lower = upper;
  }

  /** Makes {@code upper} the next lower bound, writing nothing (none intersect before it). */
  void skipTo(byte[] upper) {
    lower = upper;
  }

  private void skipEnded() {
    while (lower != null && cursor < outputs.size()
        && ucmp.compare(outputs.get(cursor).end(), lower) <= 0) {
      cursor++;
    }
  }
}
