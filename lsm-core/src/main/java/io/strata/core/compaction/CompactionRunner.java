package io.strata.core.compaction;

import com.google.common.collect.ImmutableList;
import io.strata.api.CompressionType;
import io.strata.api.KeyComparator;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionFilter;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.merge.MergeOperator;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.core.cache.TableCache;
import io.strata.core.iterator.ConcatenatingIterator;
import io.strata.core.iterator.MergingIterator;
import io.strata.core.read.TableIterators;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Runs the merge of one {@link Compaction} (google/leveldb db/db_impl.cc
 * {@code DoCompactionWork}): reads every input in internal-key order, drops what no snapshot can
 * see, and writes output tables cut by size, by grandparent overlap or boundaries ({@link
 * GrandparentCuts}) and at the compaction's
 * output boundaries. It does not install
 * anything: the caller records the outputs with a {@code VersionEdit}. A run merges the whole
 * compaction, or one {@link SubcompactionRange} of it ({@link Subcompactions} runs several at
 * once): every piece of state below (cursors, the grandparent limit, range tombstones, the
 * merger) belongs to one run. Thread-safe: each run is confined to the thread that calls it.
 *
 * <p>Drop rules, for entries of one user key newest first: an entry is dropped when a newer entry
 * of the same key has sequence {@code <= smallestSnapshot} (no reader can see past it); a
 * tombstone with sequence {@code <= smallestSnapshot} is dropped when no file older than the
 * output may hold the key (it has nothing left to hide): none of a level below the output level
 * and, when the output goes to level 0, no non-input level-0 file older than the inputs. Before
 * these rules, the newest version of each key may go through a {@link CompactionFilterRun},
 * which may change its value or turn it into a tombstone at the same sequence number.
 * A merge operand hides nothing: the entries under a run of operands are kept, unless {@link
 * CompactionMerger} merges the run onto them.
 */
public final class CompactionRunner {
  /**
   * What a run produced.
   *
   * @param outputs the tables written
   * @param bytesRead bytes of the input files
   * @param bytesWritten bytes of the tables written
   * @param entriesIn entries read from the inputs
   * @param entriesDropped entries not written: shadowed versions and dropped tombstones
   * @param tombstonesDropped deletion markers not written
   */
  public record Result(ImmutableList<FileMetaData> outputs, long bytesRead, long bytesWritten,
      long entriesIn, long entriesDropped, long tombstonesDropped) {}

  private final FileSystem fs;
  private final Path dir;
  private final TableFormat format;
  private final TableCache tableCache;
  private final InternalKeyComparator icmp;
  private final LongSupplier newFileNumber;
  private final PendingOutputs pending;
  private final OutputCompression outputCompression;
  private final Executor syncExecutor;

  /**
   * @param syncExecutor where finished outputs are synced while the merge goes on (see
   *     {@link OutputSyncs}); null to sync each where it is finished
   */
  public CompactionRunner(FileSystem fs, Path dir, TableFormat format, TableCache tableCache,
      InternalKeyComparator icmp, LongSupplier newFileNumber, PendingOutputs pending,
      OutputCompression outputCompression, Executor syncExecutor) {
    this.fs = fs;
    this.dir = dir;
    this.format = format;
    this.tableCache = tableCache;
    this.icmp = icmp;
    this.newFileNumber = newFileNumber;
    this.pending = pending;
    this.outputCompression = outputCompression;
    this.syncExecutor = syncExecutor;
  }

  /**
   * An executor of one daemon thread, named {@code name}, for a runner's output syncs: started
   * when an output is finished and ended after a second idle. Its owner shuts it down at close,
   * after the last run, so that no sync outlives the database.
   *
   * @param name the thread's name
   * @return the executor; tasks run one at a time, in order
   */
  public static ExecutorService newSyncExecutor(String name) {
    return OutputSyncs.newExecutor(name);
  }

  /**
   * Merges the inputs of {@code c}, a compaction picked from {@code version}. On failure every
   * output written so far is deleted and nothing is left pending.
   *
   * @param smallestSnapshot the oldest sequence number any reader may still read at
   * @param stop checked between entries; when true the run ends with InterruptedIOException
   */
  public Result run(Compaction c, Version version, long smallestSnapshot, BooleanSupplier stop)
      throws IOException {
    return run(c, version, smallestSnapshot, new long[0], null, CompactionFilterRun.NONE, stop);
  }

  /**
   * As {@link #run(Compaction, Version, long, BooleanSupplier)}, passing the newest version of
   * each key through {@code filter} first, and collapsing merge operands with
   * {@code mergeOperator} within the stripes {@code snapshots} draw (see {@link
   * CompactionMerger}).
   *
   * @param smallestSnapshot the oldest sequence number any reader may still read at
   * @param snapshots the sequence numbers of the live snapshots, any order
   * @param mergeOperator the database's merge operator; null for none (operands are kept)
   * @param filter the compaction filter of this run, {@link CompactionFilterRun#NONE} for none
   * @param stop checked between entries; when true the run ends with InterruptedIOException
   */
  public Result run(Compaction c, Version version, long smallestSnapshot, long[] snapshots,
      MergeOperator mergeOperator, CompactionFilterRun filter, BooleanSupplier stop)
      throws IOException {
    return run(c, version, smallestSnapshot, snapshots, mergeOperator, filter, stop,
        SubcompactionRange.ALL);
  }

  /**
   * As {@link #run(Compaction, Version, long, long[], MergeOperator, CompactionFilterRun,
   * BooleanSupplier)}, for the entries of {@code range} only: one subcompaction. Its outputs
   * hold user keys of the range alone and the range tombstones clipped to it, so the outputs of
   * disjoint ranges never overlap. On failure its outputs are deleted and nothing is left
   * pending; on success they stay pending until the caller installs them.
   *
   * @param smallestSnapshot the oldest sequence number any reader may still read at
   * @param snapshots the sequence numbers of the live snapshots, any order
   * @param mergeOperator the database's merge operator; null for none (operands are kept)
   * @param filter the compaction filter of this run, {@link CompactionFilterRun#NONE} for none
   * @param stop checked between entries; when true the run ends with InterruptedIOException
   * @param range the user-key range to merge; its estimated input bytes are the result's
   *     {@code bytesRead}
   */
  Result run(Compaction c, Version version, long smallestSnapshot, long[] snapshots,
      MergeOperator mergeOperator, CompactionFilterRun filter, BooleanSupplier stop,
      SubcompactionRange range) throws IOException {
    List<FileMetaData> outputs = new ArrayList<>();
    List<Long> outputNumbers = new ArrayList<>();
    long bytesRead = range == SubcompactionRange.ALL ? c.inputBytes() : range.inputBytes;
    long bytesWritten = 0;
    long entriesIn = 0;
    long dropped = 0;
    long tombstonesDropped = 0;
    TableFileWriter out = null;
    OutputSyncs syncs = new OutputSyncs(syncExecutor, tableCache);
    CompressionType compression = outputCompression.choose(c, version);
    boolean ok = false;
    try (InternalIterator input = inputIterator(c, range)) {
      KeyComparator ucmp = icmp.userComparator();
      BaseLevelCheck baseLevel = new BaseLevelCheck(version, c, ucmp);
      CompactionMerger merger = new CompactionMerger(mergeOperator, snapshots, ucmp);
      GrandparentCuts grandparents = new GrandparentCuts(c, icmp);
      long maxOutputBytes = grandparents.maxOutputBytes();
      CompactionRangeDels rangeDels = CompactionRangeDels.of(tableCache, c, icmp,
          smallestSnapshot, baseLevel::isBaseLevelForRange, range);
      boolean splitPending = false; // the output reached its size: finish before the next key
      byte[][] boundaries = new byte[c.outputBoundaries().size()][];
      for (int i = 0; i < boundaries.length; i++) {
        boundaries[i] = c.outputBoundaries().get(i).toByteArray();
      }
      int nextBoundary = 0;
      // Boundaries at or before the range's start end outputs of an earlier range, not this one.
      while (range.lower != null && nextBoundary < boundaries.length
          && ucmp.compare(boundaries[nextBoundary], range.lower) <= 0) {
        nextBoundary++;
      }
      byte[] currentUserKey = null;
      long lastSequenceForKey = Long.MAX_VALUE;
      if (range.lower == null) {
        input.seekToFirst();
      } else {
        input.seek(InternalKeys.encode(range.lower, InternalKey.MAX_SEQUENCE, ValueType.FOR_SEEK));
      }
      while (input.isValid()) {
        if (stop.getAsBoolean()) {
          throw new InterruptedIOException("compaction stopped: database closing");
        }
        byte[] key = input.key();
        int userLength = key.length - 8;
        if (range.upper != null
            && ucmp.compare(key, 0, userLength, range.upper, 0, range.upper.length) >= 0) {
          break; // the next range's first key
        }
        if (grandparents.shouldStopBefore(key, out == null ? -1 : out.fileSizeBytes())) {
          splitPending = true;
        }
        // With range tombstones, an output never ends between two entries of one user key: the
        // next output's tombstones starting at that key would sort before the entry ending this
        // one, and the files would overlap.
        if (splitPending && (!rangeDels.hasOutputs() || currentUserKey == null
            || ucmp.compare(key, 0, userLength, currentUserKey, 0, currentUserKey.length) != 0)) {
          splitPending = false;
          out = finishOutput(out, InternalKeys.userKey(key), rangeDels, outputs, outputNumbers,
              compression, syncs);
          grandparents.outputFinished(key);
        }
        while (nextBoundary < boundaries.length && ucmp.compare(boundaries[nextBoundary], 0,
            boundaries[nextBoundary].length, key, 0, userLength) <= 0) {
          if (out != null) {
            grandparents.outputFinished(key);
          }
          out = finishOutput(out, boundaries[nextBoundary], rangeDels, outputs, outputNumbers,
              compression, syncs);
          nextBoundary++;
        }
        if (currentUserKey == null
            || ucmp.compare(key, 0, userLength, currentUserKey, 0, currentUserKey.length) != 0) {
          currentUserKey = InternalKeys.userKey(key);
          lastSequenceForKey = Long.MAX_VALUE;
        }
        entriesIn++;
        long trailer = InternalKeys.trailer(key, 0, key.length);
        long sequence = trailer >>> 8;
        byte[] value = null;
        if (lastSequenceForKey == Long.MAX_VALUE && filter.appliesTo(trailer)) {
          value = input.value();
          CompactionFilter.Decision decision = filter.decide(currentUserKey, value);
          if (decision.kind() == CompactionFilter.Decision.Kind.REMOVE) {
            // A tombstone, so that older versions below do not reappear; the rules below drop
            // it where nothing older may hold the key.
            key = InternalKeys.encode(currentUserKey, sequence, ValueType.DELETION);
            trailer = InternalKeys.trailer(key, 0, key.length);
            value = new byte[0];
          } else if (decision.kind() == CompactionFilter.Decision.Kind.CHANGE_VALUE) {
            value = decision.newValue();
          }
        }
        boolean drop = false;
        if (lastSequenceForKey <= smallestSnapshot) {
          drop = true; // shadowed by a newer entry that every reader sees
        } else if ((trailer & 0xff) == ValueType.DELETION.code() && sequence <= smallestSnapshot
            && baseLevel.isBaseLevelFor(currentUserKey)) {
          drop = true; // a tombstone with nothing below it to hide
        } else if (rangeDels.coversForEveryReader(key)) {
          drop = true; // deleted by a range tombstone that every reader sees
        }
        lastSequenceForKey = sequence;
        if (!drop && (trailer & 0xff) == ValueType.MERGE.code()) {
          byte[] userKey = currentUserKey;
          CompactionMerger.Result r = merger.mergeUntil(input,
              () -> baseLevel.isBaseLevelFor(userKey), rangeDels::coversAtAll);
          entriesIn += r.consumed() - 1;
          dropped += r.consumed() - r.keys().size();
          if (r.tombstoneConsumed()) {
            tombstonesDropped++;
          }
          // Operands hide nothing; a run merged onto its base hides what the base hid.
          lastSequenceForKey = r.complete() ? sequence : Long.MAX_VALUE;
          for (int i = 0; i < r.keys().size(); i++) {
            if (out == null) {
              out = newOutput(outputNumbers, compression);
            }
            out.add(r.keys().get(i), r.values().get(i));
          }
          if (out != null && out.fileSizeBytes() >= maxOutputBytes) {
            splitPending = true; // finished at the next key, which bounds its tombstones
          }
          continue; // the merger moved the input past the entries it took
        }
        if (drop) {
          dropped++;
          if ((trailer & 0xff) == ValueType.DELETION.code()) {
            tombstonesDropped++;
          }
        } else {
          if (out == null) {
            out = newOutput(outputNumbers, compression);
          }
          out.add(key, value != null ? value : input.value());
          if (out.fileSizeBytes() >= maxOutputBytes) {
            splitPending = true; // finished at the next key, which bounds its tombstones
          }
        }
        input.next();
      }
      out = finishOutput(out, range.upper, rangeDels, outputs, outputNumbers, compression,
          syncs);
      syncs.awaitAll(); // every output durable before the caller records any of them
      for (FileMetaData f : outputs) {
        bytesWritten += f.fileSizeBytes();
      }
      ok = true;
      return new Result(ImmutableList.copyOf(outputs), bytesRead, bytesWritten, entriesIn,
          dropped, tombstonesDropped + rangeDels.dropped());
    } finally {
      if (out != null) {
        out.close();
      }
      if (!ok) {
        syncs.awaitQuietly(); // no output is deleted while its sync runs
        for (FileMetaData f : outputs) {
          tableCache.evict(f.fileNumber()); // opened once synced, see OutputSyncs
          try {
            fs.delete(dir.resolve(io.strata.manifest.FileNames.tableFileName(f.fileNumber())));
          } catch (IOException e) {
            // An orphan left behind is removed at the next open.
          }
        }
        outputNumbers.forEach(pending::remove);
      }
    }
  }

  private TableFileWriter newOutput(List<Long> outputNumbers, CompressionType compression)
      throws IOException {
    long number = newFileNumber.getAsLong();
    pending.add(number);
    outputNumbers.add(number);
    return new TableFileWriter(fs, dir, format, number, compression);
  }

  /**
   * Ends the current output at {@code upper} (a user key; null at the end of the input): adds
   * the range tombstones clipped to its range, opening an output for them if none is open, and
   * finishes it. Returns null, the next output being opened by the next entry kept.
   */
  private TableFileWriter finishOutput(TableFileWriter out, byte[] upper,
      CompactionRangeDels rangeDels, List<FileMetaData> outputs, List<Long> outputNumbers,
      CompressionType compression, OutputSyncs syncs) throws IOException {
    if (out == null && rangeDels.anyBefore(upper)) {
      out = newOutput(outputNumbers, compression);
    }
    if (out == null) {
      rangeDels.skipTo(upper);
      return null;
    }
    rangeDels.writeTo(out, upper);
    outputs.add(syncs.finish(out));
    return null;
  }

  /** A merge of the input files of {@code c} that overlap {@code range}. */
  private InternalIterator inputIterator(Compaction c, SubcompactionRange range)
      throws IOException {
    List<InternalIterator> children = new ArrayList<>();
    KeyComparator ucmp = icmp.userComparator();
    try {
      for (Compaction.LevelInputs in : c.inputs()) {
        List<FileMetaData> files = new ArrayList<>(in.files().size());
        for (FileMetaData f : in.files()) {
          if ((range.lower == null
                  || ucmp.compare(f.largest().userKey().toByteArray(), range.lower) >= 0)
              && (range.upper == null
                  || ucmp.compare(f.smallest().userKey().toByteArray(), range.upper) < 0)) {
            files.add(f);
          }
        }
        if (in.level() == 0) {
          for (FileMetaData f : files) {
            children.add(TableIterators.open(tableCache, f, true, false));
          }
        } else if (!files.isEmpty()) {
          children.add(new ConcatenatingIterator(icmp, files,
              f -> TableIterators.open(tableCache, f, true, false)));
        }
      }
    } catch (IOException | RuntimeException e) {
      children.forEach(InternalIterator::close);
      throw e;
    }
    return MergingIterator.of(icmp, children);
  }

  /**
   * Whether any file older than the output may hold a user key: a file of a level below the
   * output level and, for a level-0 output, a level-0 file that is not an input and comes after
   * the oldest input in {@link Version#LEVEL0_NEWEST_FIRST} order. Keys arrive in increasing
   * order, so a cursor per deeper level only moves forward (LevelDB's {@code level_ptrs_}); the
   * few older level-0 files are checked one by one.
   */
  private static final class BaseLevelCheck {
    private final Version version;
    private final int outputLevel;
    private final KeyComparator ucmp;
    private final int[] cursor = new int[Version.NUM_LEVELS];
    // The user-key bounds of the file under each level's cursor, decoded once per file.
    private final byte[][] smallest = new byte[Version.NUM_LEVELS][];
    private final byte[][] largest = new byte[Version.NUM_LEVELS][];
    // User-key bounds of the older level-0 files, for a level-0 output.
    private final List<byte[][]> olderLevel0 = new ArrayList<>();

    BaseLevelCheck(Version version, Compaction c, KeyComparator ucmp) {
      this.version = version;
      this.outputLevel = c.outputLevel();
      this.ucmp = ucmp;
      if (outputLevel == 0) {
        Set<Long> inputs = new HashSet<>();
        for (Compaction.LevelInputs in : c.inputs()) {
          in.files().forEach(f -> inputs.add(f.fileNumber()));
        }
        List<FileMetaData> level0 = version.files(0);
        int oldestInput = -1;
        for (int i = 0; i < level0.size(); i++) {
          if (inputs.contains(level0.get(i).fileNumber())) {
            oldestInput = i;
          }
        }
        for (int i = oldestInput + 1; i < level0.size(); i++) {
          FileMetaData f = level0.get(i);
          olderLevel0.add(new byte[][] {f.smallest().userKey().toByteArray(),
              f.largest().userKey().toByteArray()});
        }
      }
    }

    /**
     * Whether no file older than the output overlaps {@code [begin, end)}: nothing a range
     * tombstone over it could still hide.
     */
    boolean isBaseLevelForRange(byte[] begin, byte[] end) {
      for (byte[][] bounds : olderLevel0) {
        if (ucmp.compare(begin, bounds[1]) <= 0 && ucmp.compare(bounds[0], end) < 0) {
          return false;
        }
      }
      for (int level = outputLevel + 1; level < Version.NUM_LEVELS; level++) {
        for (FileMetaData f : version.files(level)) {
          if (ucmp.compare(begin, f.largest().userKey().toByteArray()) <= 0
              && ucmp.compare(f.smallest().userKey().toByteArray(), end) < 0) {
            return false;
          }
        }
      }
      return true;
    }

    boolean isBaseLevelFor(byte[] userKey) {
      for (byte[][] bounds : olderLevel0) {
        if (ucmp.compare(userKey, bounds[0]) >= 0 && ucmp.compare(userKey, bounds[1]) <= 0) {
          return false;
        }
      }
      for (int level = outputLevel + 1; level < Version.NUM_LEVELS; level++) {
        List<FileMetaData> files = version.files(level);
        while (cursor[level] < files.size()) {
          if (largest[level] == null) {
            FileMetaData f = files.get(cursor[level]);
            smallest[level] = f.smallest().userKey().toByteArray();
            largest[level] = f.largest().userKey().toByteArray();
          }
          if (ucmp.compare(userKey, largest[level]) <= 0) {
            if (ucmp.compare(userKey, smallest[level]) >= 0) {
              return false;
            }
            break;
          }
          cursor[level]++;
          largest[level] = null;
        }
      }
      return true;
    }
  }
}
