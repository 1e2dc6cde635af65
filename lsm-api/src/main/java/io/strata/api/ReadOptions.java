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
 *   <li>{@code iterateLowerBound}, {@code iterateUpperBound}: for iterators only, the user keys
 *       {@code [lower, upper)} they may return, in the database's comparator order (RocksDB's
 *       {@code iterate_lower_bound}, inclusive, and {@code iterate_upper_bound}, exclusive;
 *       include/rocksdb/options.h). A seek below the lower bound lands at it, {@code seekToLast}
 *       starts below the upper bound, and moving past either bound makes the iterator invalid.
 *       Table files wholly outside the bounds are not opened. Absent (the default): unbounded.
 * </ul>
 */
public final class ReadOptions {
  /** Latest state, checksums verified, fill the cache. */
  public static final ReadOptions DEFAULT = builder().build();

  private final Snapshot snapshot;
  private final boolean verifyChecksums;
  private final boolean fillCache;
  private final Bytes iterateLowerBound;
  private final Bytes iterateUpperBound;

  private ReadOptions(Builder b) {
    this.snapshot = b.snapshot;
    this.verifyChecksums = b.verifyChecksums;
    this.fillCache = b.fillCache;
    this.iterateLowerBound = b.iterateLowerBound;
    this.iterateUpperBound = b.iterateUpperBound;
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

  /**
   * The smallest user key an iterator may return (inclusive); empty (the default) for no bound.
   *
   * @return the lower bound of iteration
   */
  public Optional<Bytes> iterateLowerBound() {
    return Optional.ofNullable(iterateLowerBound);
  }

  /**
   * The user key iterators stop before (exclusive); empty (the default) for no bound.
   *
   * @return the upper bound of iteration
   */
  public Optional<Bytes> iterateUpperBound() {
    return Optional.ofNullable(iterateUpperBound);
  }

  /** Builder of {@link ReadOptions}; not thread-safe. */
  public static final class Builder {
    private Snapshot snapshot;
    private boolean verifyChecksums = true;
    private boolean fillCache = true;
    private Bytes iterateLowerBound;
    private Bytes iterateUpperBound;

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
     * Sets {@link ReadOptions#iterateLowerBound()}: iterators return no user key below it.
     *
     * @param lowerBound the smallest user key to return (inclusive; copied), or null for none
     * @return this builder
     */
    public Builder iterateLowerBound(byte[] lowerBound) {
      this.iterateLowerBound = lowerBound == null ? null : Bytes.copyOf(lowerBound);
      return this;
    }

    /**
     * Sets {@link ReadOptions#iterateUpperBound()}: iterators return no user key at or above it.
     * A bound at or below the lower bound leaves nothing to return.
     *
     * @param upperBound the user key to stop before (exclusive; copied), or null for none
     * @return this builder
     */
    public Builder iterateUpperBound(byte[] upperBound) {
      this.iterateUpperBound = upperBound == null ? null : Bytes.copyOf(upperBound);
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
