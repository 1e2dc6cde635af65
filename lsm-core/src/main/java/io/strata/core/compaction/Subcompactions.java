package io.strata.core.compaction;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.strata.api.KeyComparator;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.merge.MergeOperator;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.core.cache.TableCache;
import io.strata.core.shared.BackgroundPool;
import io.strata.manifest.FileNames;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs one compaction as up to {@code maxSubcompactions} subcompactions in parallel (RocksDB's
 * {@code max_subcompactions}; db/compaction/compaction_job.cc {@code Run} and {@code
 * ProcessKeyValueCompaction}): {@link SubcompactionPlanner} cuts its key space into disjoint
 * {@link SubcompactionRange}s, {@link CompactionRunner} merges each into its own output tables,
 * and the outputs, in key order, come back together for the caller to install in one {@code
 * VersionEdit}: the MANIFEST sees one compaction, as without subcompactions.
 *
 * <p>Threads: the calling thread (the database's compaction thread) merges ranges itself, and
 * {@code maxSubcompactions - 1} helpers take the others: threads of a small pool of this
 * database's own, or, with shared resources, compaction lanes of the shared {@link
 * BackgroundPool}, so that subcompactions count against the pool's compaction threads like any
 * compaction. A range is claimed by whichever thread comes first, and the caller claims every
 * range not yet taken before it waits: a helper that never gets a thread (a busy shared pool)
 * delays nothing, and the compaction then runs its ranges one after another. Without helpers
 * ({@link #start} not called, or {@code maxSubcompactions} 1) every range runs on the caller.
 *
 * <p>Per range: its own input iterator, drop-rule cursors, grandparent limit, range tombstones
 * and merger (all inside {@link CompactionRunner}), and its own compaction filter: the factory is
 * asked once per range, as RocksDB does per subcompaction. Shared, read-only: the Version, the
 * snapshots, the merge operator (thread-safe by its contract).
 *
 * <p>Failure: the first failure of any range stops the others (at their next entry) and fails
 * the compaction; the outputs every range wrote are deleted and none is left pending, so nothing
 * is installed. Statistics are summed over the ranges.
 *
 * <p>Thread-safety: {@link #run} is called by one thread at a time (the compaction thread);
 * {@link #start} and {@link #shutdown} by the database's open and close.
 */
public final class Subcompactions {
  /**
   * What a compaction produced over all its ranges.
   *
   * @param result the outputs in key order, and the sums of the ranges' counts
   * @param subcompactions the number of ranges it was split into; 1 when not split
   * @param filterRemoved entries the compaction filters removed
   * @param filterChanged entries whose value the compaction filters changed
   */
  public record Outcome(CompactionRunner.Result result, int subcompactions, long filterRemoved,
      long filterChanged) {}

  private final CompactionRunner runner;
  private final FileSystem fs;
  private final Path dir;
  private final TableCache tableCache;
  private final KeyComparator ucmp;
  private final PendingOutputs pending;
  private final int maxSubcompactions;
  /** Written by {@link #start} before the first compaction; empty: no helpers. */
  private volatile ImmutableList<ExecutorService> helpers = ImmutableList.of();

  /**
   * Creates the runner of subcompactions; starts no thread.
   *
   * @param runner merges one range
   * @param fs the database's file system, to delete the outputs of a failed compaction
   * @param dir the database directory
   * @param tableCache to read the input files' indexes when splitting
   * @param ucmp the user-key order
   * @param pending the output numbers not yet installed
   * @param maxSubcompactions the most ranges one compaction is split into, at least 1
   * @throws IllegalArgumentException if {@code maxSubcompactions} is below 1
   */
  public Subcompactions(CompactionRunner runner, FileSystem fs, Path dir, TableCache tableCache,
      KeyComparator ucmp, PendingOutputs pending, int maxSubcompactions) {
    checkArgument(maxSubcompactions >= 1, "maxSubcompactions must be >= 1, was %s",
        maxSubcompactions);
    this.runner = runner;
    this.fs = fs;
    this.dir = dir;
    this.tableCache = tableCache;
    this.ucmp = ucmp;
    this.pending = pending;
    this.maxSubcompactions = maxSubcompactions;
  }

  /**
   * Opens the helpers: {@code maxSubcompactions - 1} compaction lanes of {@code sharedPool}, or,
   * when it is null, a pool of as many daemon threads of this database's own (named after
   * {@code name}; idle ones end after a minute). Nothing with {@code maxSubcompactions} 1.
   *
   * @param sharedPool the shared background pool, or null for threads of this database's own
   * @param name the database's name, for the threads' names
   * @throws IllegalStateException if already started
   */
  public void start(BackgroundPool sharedPool, String name) {
    checkState(helpers.isEmpty(), "subcompaction helpers started already");
    int n = maxSubcompactions - 1;
    if (n == 0) {
      return;
    }
    if (sharedPool != null) {
      ImmutableList.Builder<ExecutorService> lanes = ImmutableList.builder();
      for (int i = 0; i < n; i++) {
        lanes.add(sharedPool.newLane(BackgroundPool.Kind.COMPACTION));
      }
      helpers = lanes.build();
      return;
    }
    ThreadPoolExecutor own = new ThreadPoolExecutor(n, n, 1, TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(), new ThreadFactoryBuilder()
            .setNameFormat("strata-subcompaction-" + name + "-%d").setDaemon(true).build());
    own.allowCoreThreadTimeOut(true);
    helpers = ImmutableList.of(own);
  }

  /** Stops the helpers, waiting for what they run; call after the compaction thread stopped. */
  public void shutdown() {
    for (ExecutorService e : helpers) {
      e.shutdown();
    }
    for (ExecutorService e : helpers) {
      try {
        e.awaitTermination(10, TimeUnit.MINUTES);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return; // closing anyway: the threads are daemons
      }
    }
  }

  /**
   * Merges {@code c}, split into ranges when {@link SubcompactionPlanner} finds it worth it. On
   * success the outputs are pending until the caller installs them; on failure none is left,
   * written or pending.
   *
   * @param c the compaction, not a trivial move
   * @param version the Version {@code c} was picked from, pinned by the caller
   * @param smallestSnapshot the oldest sequence number any reader may still read at
   * @param snapshots the sequence numbers of the live snapshots, any order
   * @param mergeOperator the database's merge operator; null for none
   * @param filters creates the compaction filter of one range; called once per range, on the
   *     thread that merges it
   * @param stop checked between entries; when true the compaction ends with
   *     InterruptedIOException
   * @return the outputs and statistics of the whole compaction
   * @throws IOException the first failure of any range (InterruptedIOException when stopped)
   */
  public Outcome run(Compaction c, Version version, long smallestSnapshot, long[] snapshots,
      MergeOperator mergeOperator, Supplier<CompactionFilterRun> filters, BooleanSupplier stop)
      throws IOException {
    List<SubcompactionRange> plan = SubcompactionPlanner.plan(c, tableCache, ucmp,
        maxSubcompactions);
    int n = plan.size();
    CompactionRunner.Result[] results = new CompactionRunner.Result[n];
    CompactionFilterRun[] filterRuns = new CompactionFilterRun[n];
    if (n == 1) {
      filterRuns[0] = filters.get();
      results[0] = runner.run(c, version, smallestSnapshot, snapshots, mergeOperator,
          filterRuns[0], stop, plan.get(0));
      return outcome(results, filterRuns);
    }
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(n);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    BooleanSupplier stopRange = () -> failure.get() != null || stop.getAsBoolean();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        try {
          if (failure.get() == null) {
            filterRuns[i] = filters.get();
            results[i] = runner.run(c, version, smallestSnapshot, snapshots, mergeOperator,
                filterRuns[i], stopRange, plan.get(i));
          }
        } catch (Throwable t) {
          Throwable first = failure.compareAndExchange(null, t);
          // A range stopped because another failed says nothing new.
          if (first != null && !(t instanceof InterruptedIOException)) {
            first.addSuppressed(t);
          }
        } finally {
          done.countDown();
        }
      }
    };
    ImmutableList<ExecutorService> pool = helpers;
    for (int h = 0; h < n - 1 && !pool.isEmpty(); h++) {
      try {
        pool.get(h % pool.size()).execute(worker);
      } catch (RuntimeException e) {
        // The helpers are stopping (the database is closing): the caller claims the ranges.
        break;
      }
    }
    worker.run();
    awaitUninterruptibly(done);
    Throwable t = failure.get();
    if (t != null) {
      for (CompactionRunner.Result r : results) {
        if (r != null) {
          deleteOutputs(r);
        }
      }
      if (t instanceof IOException io) {
        throw io;
      }
      if (t instanceof RuntimeException re) {
        throw re;
      }
      if (t instanceof Error err) {
        throw err;
      }
      throw new IOException("subcompaction failed: " + t, t);
    }
    return outcome(results, filterRuns);
  }

  private static Outcome outcome(CompactionRunner.Result[] results,
      CompactionFilterRun[] filterRuns) {
    ImmutableList.Builder<FileMetaData> outputs = ImmutableList.builder();
    long bytesRead = 0;
    long bytesWritten = 0;
    long entriesIn = 0;
    long entriesDropped = 0;
    long tombstonesDropped = 0;
    long removed = 0;
    long changed = 0;
    for (int i = 0; i < results.length; i++) {
      CompactionRunner.Result r = results[i];
      outputs.addAll(r.outputs());
      bytesRead += r.bytesRead();
      bytesWritten += r.bytesWritten();
      entriesIn += r.entriesIn();
      entriesDropped += r.entriesDropped();
      tombstonesDropped += r.tombstonesDropped();
      removed += filterRuns[i].removed();
      changed += filterRuns[i].changed();
    }
    return new Outcome(new CompactionRunner.Result(outputs.build(), bytesRead, bytesWritten,
        entriesIn, entriesDropped, tombstonesDropped), results.length, removed, changed);
  }

  /** Deletes the finished outputs of a range of a failed compaction and un-pends them. */
  private void deleteOutputs(CompactionRunner.Result r) {
    for (FileMetaData f : r.outputs()) {
      try {
        fs.delete(dir.resolve(FileNames.tableFileName(f.fileNumber())));
      } catch (IOException e) {
        // An orphan left behind is removed at the next open.
      }
      pending.remove(f.fileNumber());
    }
  }

  /**
   * Waits for every range: helpers write into this compaction's arrays until they count down.
   * An interrupt does not end the wait early (each range stops at its next entry once the
   * database closes); it is restored after.
   */
  private static void awaitUninterruptibly(CountDownLatch done) {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
