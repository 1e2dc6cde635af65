package io.strata.testkit;

/**
 * The memtable contract run against the {@code arena} memtable with the smallest write buffer, 64
 * KiB: 8 KiB slabs, so that most tests cross slabs and larger entries get slabs of their own.
 */
class ArenaSmallSlabsMemTableContractTest extends MemTableContract {
  @Override
  protected String providerName() {
    return "arena";
  }

  @Override
  protected long writeBufferSizeBytes() {
    return 64 << 10;
  }
}
