package io.strata.testkit;

/** The memtable contract run against the {@code skiplist} memtable, found through ServiceLoader. */
class SkipListMemTableContractTest extends MemTableContract {
  @Override
  protected String providerName() {
    return "skiplist";
  }
}
