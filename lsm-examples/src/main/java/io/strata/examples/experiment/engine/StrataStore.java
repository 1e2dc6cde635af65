package io.strata.examples.experiment.engine;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Statistics;
import io.strata.api.WriteOptions;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strata's {@link EngineStore}: a {@link Db} as the workloads see it. {@link #settle()} is
 * {@link Db#flush()} then {@link Db#waitForCompactions()}. Closing the store closes the
 * database. Thread-safe as {@link Db} is.
 */
public final class StrataStore implements EngineStore {
  private final Db db;
  private final Map<String, String> options;

  /**
   * @param db the open database; the store owns it from now on
   * @param options the options it was opened with, for {@link #options()}
   * @throws NullPointerException if an argument is null
   */
  public StrataStore(Db db, Map<String, String> options) {
    this.db = checkNotNull(db, "db");
    this.options = new TreeMap<>(checkNotNull(options, "options"));
  }

  /**
   * A store over {@code db}, with no options recorded: for tests and tools that opened it.
   *
   * @param db the open database; the store owns it from now on
   * @return the store
   */
  public static StrataStore of(Db db) {
    return new StrataStore(db, Map.of());
  }

  /** The database. */
  public Db db() {
    return db;
  }

  @Override
  public void put(byte[] key, byte[] value) throws IOException {
    db.put(WriteOptions.DEFAULT, key, value);
  }

  @Override
  public byte[] get(byte[] key) throws IOException {
    return db.get(key);
  }

  @Override
  public void delete(byte[] key) throws IOException {
    db.delete(WriteOptions.DEFAULT, key);
  }

  @Override
  public DbIterator newIterator() {
    return db.newIterator();
  }

  @Override
  public void settle() throws IOException {
    db.flush();
    db.waitForCompactions();
  }

  @Override
  public Statistics statistics() {
    return db.statistics();
  }

  @Override
  public Map<String, String> options() {
    return Collections.unmodifiableMap(options);
  }

  @Override
  public void close() throws IOException {
    db.close();
  }
}
