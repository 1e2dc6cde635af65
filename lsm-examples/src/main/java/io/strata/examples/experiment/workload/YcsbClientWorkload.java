package io.strata.examples.experiment.workload;

import io.strata.examples.experiment.engine.EngineStore;
import io.strata.examples.ycsb.EngineStoreYcsbDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import site.ycsb.ByteArrayByteIterator;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.Status;
import site.ycsb.WorkloadException;
import site.ycsb.measurements.Measurements;
import site.ycsb.workloads.CoreWorkload;

/**
 * A YCSB phase run by YCSB's own client code: {@code ycsb-client-load} (YCSB's {@code -load}:
 * {@code CoreWorkload.doInsert} {@code num} times) or {@code ycsb-client-a} … {@code
 * ycsb-client-f} (YCSB 0.17.0's {@code workloada} … {@code workloadf}, {@code
 * CoreWorkload.doTransaction} {@code num} times), in the worker's one thread, against {@link
 * EngineStoreYcsbDb}, the binding over the run's store, whatever its engine. Unlike {@link
 * YcsbWorkload}, which replays YCSB's generators over db_bench's keys, this is YCSB's key
 * naming ({@code user} and a hash of the record number), field maps (10 fields of 100 bytes, 1 KB
 * records), insert order, read-modify-write and the bindings' record encoding and
 * read-before-update, as a user running YCSB would measure it.
 *
 * <p>Counts: {@code recordcount} and {@code operationcount} are {@code num}. Each call into the
 * binding is timed and recorded by its type ({@code read}, {@code update}, {@code insert}, {@code
 * scan}, {@code delete}; a read-modify-write records its read and its update), so a phase
 * reports per-operation throughput and percentiles per type as YCSB's {@code DBWrapper} does.
 * Inserted values are drawn from YCSB's lazy generators before the clock starts, so that the time
 * is the engine's. A binding call that fails ends the phase with its cause. Live keys: each
 * distinct YCSB key is numbered in order of first insert ({@link LiveKeys#numberOf}), with the
 * bytes of its inserted record
 * (updates are taken to keep a record's size), for the space amplification's denominator.
 *
 * <p>Confined to the workload thread.
 */
final class YcsbClientWorkload implements Workload {
  /** The prefix of the phases' names. */
  static final String PREFIX = "ycsb-client-";

  private final String name;
  private final YcsbSpec spec;
  private final boolean load;

  YcsbClientWorkload(String name, YcsbSpec spec, boolean load) {
    this.name = name;
    this.spec = spec;
    this.load = load;
  }

  @Override
  public String name() {
    return name;
  }

  /** Whether this is the load ({@code ycsb-client-load}). */
  boolean isLoad() {
    return load;
  }

  @Override
  public long plannedOperations(PhaseContext context) {
    return context.num();
  }

  /**
   * Runs the phase.
   *
   * @throws IOException the database failed, or YCSB's workload could not be set up
   */
  @Override
  public void run(EngineStore db, PhaseContext context) throws IOException {
    Properties p = spec.properties();
    p.setProperty("recordcount", Long.toString(context.num()));
    p.setProperty("operationcount", Long.toString(context.num()));
    Measurements.setProperties(p);
    CoreWorkload workload = new CoreWorkload();
    EngineStoreYcsbDb binding = new EngineStoreYcsbDb(db);
    TimedDb timed = new TimedDb(binding, context);
    try {
      workload.init(p);
      Object state = workload.initThread(p, 0, 1);
      for (long i = 0; i < context.num() && !context.stopRequested(); i++) {
        if (load) {
          workload.doInsert(timed, state);
        } else {
          workload.doTransaction(timed, state);
        }
      }
      workload.cleanup();
    } catch (WorkloadException e) {
      throw new IOException("YCSB workload " + name + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * The binding with each call timed and recorded by type, as YCSB's {@code DBWrapper}; a call
   * that returns {@link Status#ERROR} throws its cause.
   */
  private static final class TimedDb extends DB {
    private final EngineStoreYcsbDb db;
    private final PhaseContext context;

    TimedDb(EngineStoreYcsbDb db, PhaseContext context) {
      this.db = db;
      this.context = context;
    }

    private Status done(String op, long start, Status status) {
      context.recorder().record(op, System.nanoTime() - start);
      if (status == Status.ERROR) {
        Exception cause = db.takeFailure();
        throw new UncheckedIOException(new IOException("YCSB " + op + " failed: " + cause,
            cause));
      }
      return status;
    }


    @Override
    public Status read(String table, String key, Set<String> fields,
        Map<String, ByteIterator> result) {
      long start = System.nanoTime();
      return done("read", start, db.read(table, key, fields, result));
    }

    @Override
    public Status scan(String table, String startkey, int recordcount, Set<String> fields,
        Vector<HashMap<String, ByteIterator>> result) {
      long start = System.nanoTime();
      return done("scan", start, db.scan(table, startkey, recordcount, fields, result));
    }

    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
      long start = System.nanoTime();
      return done("update", start, db.update(table, key, values));
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
      // The values' bytes drawn before the clock starts (YCSB generates them lazily), so that
      // the time is the engine's; their sizes are the record's live bytes.
      Map<String, ByteIterator> drawn = new HashMap<>();
      int bytes = 0;
      for (Map.Entry<String, ByteIterator> e : values.entrySet()) {
        byte[] v = e.getValue().toArray();
        bytes += e.getKey().length() + v.length;
        drawn.put(e.getKey(), new ByteArrayByteIterator(v));
      }
      long start = System.nanoTime();
      Status s = done("insert", start, db.insert(table, key, drawn));
      context.liveKeys().put(context.liveKeys().numberOf(key), key.length(), bytes);
      return s;
    }

    @Override
    public Status delete(String table, String key) {
      long start = System.nanoTime();
      Status s = done("delete", start, db.delete(table, key));
      long number = context.liveKeys().numberIfKnown(key);
      if (number >= 0) {
        context.liveKeys().delete(number);
      }
      return s;
    }
  }
}
