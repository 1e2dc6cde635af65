package io.strata.testkit;

/**
 * The memtable contract run against the {@code arena-offheap} memtable with the smallest write buffer, 64
 * KiB: 8 KiB slabs, so that most tests cross slabs and larger entries get slabs of their own.
 */
class OffHeapArenaSmallSlabsMemTableContractTest extends MemTableContract {
  @Override
  protected String providerName() {
    return "arena-offheap";
  }

  @Override
  protected long writeBufferSizeBytes() {
    return 64 << 10;
  }
}
