package io.strata.core.compaction;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.common.util.concurrent.Uninterruptibles;
import io.strata.api.spi.version.FileMetaData;
import io.strata.core.cache.TableCache;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The syncs of one compaction run's finished outputs. With an executor, each output is synced
 * and closed there while the run goes on merging into the next output, so the merge does not
 * wait for the disk once per output (an fdatasync of a 2 MiB table took a fifth of a 10M-key
 * fill's compaction time on one thread); without one, each is synced where it is finished.
 * Either way {@link #awaitAll()} returns only once every output is durable, and the run records
 * its outputs only after that, so a table is synced before any MANIFEST edit names it, as
 * before. Each synced output is then opened in the table cache with its pages mapped
 * ({@link TableCache#warm}), on the same thread: reads of a table the compaction just wrote take
 * no page fault, and a table that cannot be opened fails the run before it is installed.
 *
 * <p>Confined to the run's thread; the syncs themselves run one at a time on the executor.
 */
final class OutputSyncs {
  private final Executor executor;
  private final TableCache tableCache;
  private final List<FutureTask<Void>> pending = new ArrayList<>();

  /**
   * @param executor where outputs are synced; null to sync each where it is finished
   * @param tableCache where each synced output is then opened and its pages mapped ({@link
   *     TableCache#warm}), before the run returns it
   */
  OutputSyncs(Executor executor, TableCache tableCache) {
    this.executor = executor;
    this.tableCache = tableCache;
  }

  /**
   * An executor of one daemon thread named {@code name}, started when work arrives and ended
   * after a second idle, so that a database that stops compacting holds no thread for it. Tasks
   * run one at a time, in order.
   */
  static ExecutorService newExecutor(String name) {
    ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        new ThreadFactoryBuilder().setNameFormat(name).setDaemon(true).build());
    e.allowCoreThreadTimeOut(true);
    return e;
  }

  /**
   * Finishes {@code out} and has it synced and closed.
   *
   * @return the finished table's metadata; the table is durable once {@link #awaitAll()}
   *     returns
   * @throws IOException if finishing fails (then {@code out} is left for its {@code close} to
   *     delete), or, without an executor, if the sync fails
   */
  FileMetaData finish(TableFileWriter out) throws IOException {
    if (executor == null) {
      FileMetaData meta = out.finish();
      tableCache.warm(meta.fileNumber(), meta.fileSizeBytes());
      return meta;
    }
    FileMetaData meta = out.finishUnsynced();
    FutureTask<Void> sync = new FutureTask<>(() -> {
      out.syncAndClose();
      tableCache.warm(meta.fileNumber(), meta.fileSizeBytes());
      return null;
    });
    pending.add(sync);
    executor.execute(sync);
    return meta;
  }

  /**
   * Waits for every sync handed over so far; not cut short by an interrupt (the status is
   * kept).
   *
   * @throws IOException the first sync's failure, as thrown, the later ones' suppressed in it
   */
  void awaitAll() throws IOException {
    Throwable first = null;
    for (FutureTask<Void> sync : pending) {
      try {
        Uninterruptibles.getUninterruptibly(sync);
      } catch (ExecutionException e) {
        if (first == null) {
          first = e.getCause();
        } else {
          first.addSuppressed(e.getCause());
        }
      }
    }
    pending.clear();
    if (first instanceof IOException io) {
      throw io;
    }
    if (first instanceof RuntimeException re) {
      throw re;
    }
    if (first instanceof Error err) {
      throw err;
    }
    if (first != null) {
      throw new IOException("syncing a compaction output failed", first);
    }
  }

  /** Waits for every sync handed over so far and ignores their failures: the run failed anyway. */
  void awaitQuietly() {
    try {
      awaitAll();
    } catch (IOException | RuntimeException | Error e) {
      // The run is failing with its own error; its outputs are deleted next.
    }
  }
}
