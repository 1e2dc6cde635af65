package io.strata.testkit;

/** The memtable contract run against the {@code arena} memtable, found through ServiceLoader. */
class ArenaMemTableContractTest extends MemTableContract {
  @Override
  protected String providerName() {
    return "arena";
  }
}
