package io.strata.examples.ycsb;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.DbIterator;
import io.strata.examples.experiment.engine.EngineStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.Status;

/**
 * A YCSB database binding over an open {@link EngineStore}, for {@code strata experiment}'s
 * {@code ycsb-client-*} phases: YCSB's own {@code CoreWorkload} drives it, on Strata or on a peer
 * engine (on RocksDB it stands for YCSB's RocksDB binding, which is not published to Maven
 * Central for 0.17.0). Keys and records are encoded as {@link StrataYcsbDb} encodes them (the
 * table's name, a zero byte and the key; fields as RocksDB's binding encodes them), and an
 * update reads the record and writes it back with the new fields, as both bindings do. The
 * store is not opened or closed here ({@link #init} and {@link #cleanup} do nothing): the
 * experiment owns it. Confined to one client thread.
 */
public final class EngineStoreYcsbDb extends DB {
  private final EngineStore store;
  private Exception failure;

  /**
   * @param store the open store the operations go to
   * @throws NullPointerException if {@code store} is null
   */
  public EngineStoreYcsbDb(EngineStore store) {
    this.store = checkNotNull(store, "store");
  }

  /**
   * The exception behind the last {@link Status#ERROR} this binding returned (YCSB's interface
   * carries a status, not a cause), and forgets it.
   *
   * @return the exception, or null when no operation failed since the last call
   */
  public Exception takeFailure() {
    Exception e = failure;
    failure = null;
    return e;
  }

  private Status failed(Exception e) {
    failure = e;
    return Status.ERROR;
  }

  @Override
  public Status read(String table, String key, Set<String> fields,
      Map<String, ByteIterator> result) {
    try {
      byte[] value = store.get(StrataYcsbDb.key(table, key));
      if (value == null) {
        return Status.NOT_FOUND;
      }
      StrataYcsbDb.decode(value, fields, result);
      return Status.OK;
    } catch (IOException | RuntimeException e) {
      return failed(e);
    }
  }

  @Override
  public Status scan(String table, String startkey, int recordcount, Set<String> fields,
      Vector<HashMap<String, ByteIterator>> result) {
    byte[] prefix = StrataYcsbDb.key(table, "");
    try (DbIterator it = store.newIterator()) {
      int n = 0;
      for (it.seek(StrataYcsbDb.key(table, startkey)); it.isValid() && n < recordcount;
          it.next()) {
        byte[] k = it.key();
        if (k.length < prefix.length
            || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
          break; // past the table
        }
        HashMap<String, ByteIterator> values = new HashMap<>();
        StrataYcsbDb.decode(it.value(), fields, values);
        result.add(values);
        n++;
      }
      return Status.OK;
    } catch (IOException | RuntimeException e) {
      return failed(e);
    }
  }

  @Override
  public Status update(String table, String key, Map<String, ByteIterator> values) {
    try {
      byte[] k = StrataYcsbDb.key(table, key);
      byte[] current = store.get(k);
      if (current == null) {
        return Status.NOT_FOUND;
      }
      Map<String, ByteIterator> record = new HashMap<>();
      StrataYcsbDb.decode(current, null, record);
      record.putAll(values);
      store.put(k, StrataYcsbDb.encode(record));
      return Status.OK;
    } catch (IOException | RuntimeException e) {
      return failed(e);
    }
  }

  @Override
  public Status insert(String table, String key, Map<String, ByteIterator> values) {
    try {
      store.put(StrataYcsbDb.key(table, key), StrataYcsbDb.encode(values));
      return Status.OK;
    } catch (IOException | RuntimeException e) {
      return failed(e);
    }
  }

  @Override
  public Status delete(String table, String key) {
    try {
      store.delete(StrataYcsbDb.key(table, key));
      return Status.OK;
    } catch (IOException | RuntimeException e) {
      return failed(e);
    }
  }
}
