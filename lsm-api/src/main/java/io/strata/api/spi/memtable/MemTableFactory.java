package io.strata.api.spi.memtable;

/** Makes empty memtables for one database. Thread-safe. */
public interface MemTableFactory {
  /** {@return a new empty memtable} */
  MemTable newMemTable();
}
