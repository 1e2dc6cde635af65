package io.strata.testkit;

/** The memtable contract run against the {@code arena-offheap} memtable, found through ServiceLoader. */
class OffHeapArenaMemTableContractTest extends MemTableContract {
  @Override
  protected String providerName() {
    return "arena-offheap";
  }
}
