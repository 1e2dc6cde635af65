package io.strata.api;

import java.util.Optional;

/**
 * Options of one read or iterator. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code snapshot}: read at this snapshot; absent (the default) reads the latest state,
 *       fixed when the read or the iterator starts.
 *   <li>{@code verifyChecksums}: check the CRC32C of every data block when it is read from disk
 *       (default {@code true}, as RocksDB: damaged data is then reported as a
 *       {@link CorruptionException}, never returned; index and filter blocks are always
 *       checked). Turning it off saves a checksum per block read and trusts the disk.
 *   <li>{@code fillCache}: keep blocks read for this read in the block cache (default
 *       {@code true}; a bulk scan may turn it off).
 * </ul>
 */
public final class ReadOptions {
  /** Latest state, checksums verified, fill the cache. */
  public static final ReadOptions DEFAULT = builder().build();

  private final Snapshot snapshot;
  private final boolean verifyChecksums;
  private final boolean fillCache;

  private ReadOptions(Builder b) {
    this.snapshot = b.snapshot;
    this.verifyChecksums = b.verifyChecksums;
    this.fillCache = b.fillCache;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder holding the defaults (latest state, checksums verified, cache filled)
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the snapshot to read at; empty reads the latest state (the default)} */
  public Optional<Snapshot> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  /** {@return whether reads verify the checksum of every block they read (default true)} */
  public boolean verifyChecksums() {
    return verifyChecksums;
  }

  /** {@return whether blocks read are added to the block cache (default true)} */
  public boolean fillCache() {
    return fillCache;
  }

  /** Builder of {@link ReadOptions}; not thread-safe. */
  public static final class Builder {
    private Snapshot snapshot;
    private boolean verifyChecksums = true;
    private boolean fillCache = true;

    private Builder() {}

    /**
     * Reads at {@code snapshot}; null reads the latest state.
     *
     * @param snapshot the snapshot to read at, or null for the latest state
     * @return this builder
     */
    public Builder snapshot(Snapshot snapshot) {
      this.snapshot = snapshot;
      return this;
    }

    /**
     * Sets {@link ReadOptions#verifyChecksums()}.
     *
     * @param verifyChecksums true to verify the checksum of every block read
     * @return this builder
     */
    public Builder verifyChecksums(boolean verifyChecksums) {
      this.verifyChecksums = verifyChecksums;
      return this;
    }

    /**
     * Sets {@link ReadOptions#fillCache()}; false suits a one-off scan that should not evict hot
     * blocks.
     *
     * @param fillCache true to add the blocks read to the block cache
     * @return this builder
     */
    public Builder fillCache(boolean fillCache) {
      this.fillCache = fillCache;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the read options
     */
    public ReadOptions build() {
      return new ReadOptions(this);
    }
  }
}
