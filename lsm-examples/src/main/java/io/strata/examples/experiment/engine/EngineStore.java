package io.strata.examples.experiment.engine;

import io.strata.api.DbIterator;
import io.strata.api.Statistics;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * An open database as the experiment's workloads and measurements see it, whatever the engine:
 * puts, gets, deletes and iterators, a way to settle the tree before it is measured, and the
 * engine's counters in Strata's {@link Statistics} form. Strata's own is {@link StrataStore};
 * peers come from an {@link EngineAdapter}.
 *
 * <p>Threads: the operations and {@link #settle()} are called from the workload thread;
 * {@link #statistics()} also from the sampler's thread, so it must be thread-safe.
 */
public interface EngineStore extends Closeable {
  /**
   * Stores {@code value} under {@code key}, through the engine's write-ahead log, not synced.
   *
   * @param key the key
   * @param value the value
   * @throws IOException the engine failed
   */
  void put(byte[] key, byte[] value) throws IOException;

  /**
   * The value of {@code key}.
   *
   * @param key the key
   * @return the value, or null when the key is absent
   * @throws IOException the engine failed
   */
  byte[] get(byte[] key) throws IOException;

  /**
   * Deletes {@code key}, through the engine's write-ahead log, not synced.
   *
   * @param key the key
   * @throws IOException the engine failed
   */
  void delete(byte[] key) throws IOException;

  /**
   * A new iterator over the database's current state, in unsigned byte order of the keys; the
   * caller closes it.
   *
   * @return the iterator, not yet positioned
   * @throws IOException the engine failed
   */
  DbIterator newIterator() throws IOException;

  /**
   * Whether {@link #newIterator()}'s iterators can move backwards ({@code seekToLast},
   * {@code prev}); workloads that need it are skipped on an engine whose iterators cannot.
   *
   * @return true unless the adapter says otherwise
   */
  default boolean iteratesBackwards() {
    return true;
  }

  /**
   * Settles the tree, so that every engine is measured in the same state: the memtable is
   * written to a table and the background compactions the engine wants are done. Returns once
   * that holds.
   *
   * @throws IOException the engine failed, or did not settle within the adapter's bound
   */
  void settle() throws IOException;

  /**
   * The engine's counters since open, in Strata's form: user, log and table bytes written, files
   * and bytes per level, and what else the engine reports; a figure the engine does not have is
   * 0 (the adapter's class comment lists them). Thread-safe.
   *
   * @return the counters now
   */
  Statistics statistics();

  /**
   * The options the database was opened with, by the engine's own names, as strings.
   *
   * @return the options, sorted by name
   */
  Map<String, String> options();
}
