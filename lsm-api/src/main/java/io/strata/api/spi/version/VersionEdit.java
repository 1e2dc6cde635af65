package io.strata.api.spi.version;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import io.strata.api.spi.InternalKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * One change to the set of live files and the database's counters: what a flush or compaction
 * records in the MANIFEST before it takes effect (google/leveldb db/version_edit.h). Immutable;
 * build with {@link #builder()}. Absent fields leave the current value unchanged.
 */
public final class VersionEdit {
  /**
   * A level's round-robin compaction pointer: the largest key of its last compaction.
   *
   * @param level the level, 0 to {@link Version#NUM_LEVELS} - 1
   * @param key the largest internal key of the level's last compaction
   */
  public record CompactPointer(int level, InternalKey key) {
    /**
     * Checks the components.
     *
     * @param level the level, 0 to {@link Version#NUM_LEVELS} - 1
     * @param key the largest internal key of the level's last compaction
     * @throws IllegalArgumentException if {@code level} is out of range
     * @throws NullPointerException if {@code key} is null
     */
    public CompactPointer {
      checkLevel(level);
      checkNotNull(key, "key");
    }
  }

  /**
   * A file removed from a level.
   *
   * @param level the level, 0 to {@link Version#NUM_LEVELS} - 1
   * @param fileNumber the number of the removed table file
   */
  public record DeletedFile(int level, long fileNumber) {
    /**
     * Checks the level.
     *
     * @param level the level, 0 to {@link Version#NUM_LEVELS} - 1
     * @param fileNumber the number of the removed table file
     * @throws IllegalArgumentException if {@code level} is out of range
     */
    public DeletedFile {
      checkLevel(level);
    }
  }

  /**
   * A file added to a level.
   *
   * @param level the level, 0 to {@link Version#NUM_LEVELS} - 1
   * @param file the added table file
   */
  public record NewFile(int level, FileMetaData file) {
    /**
     * Checks the components.
     *
     * @param level the level, 0 to {@link Version#NUM_LEVELS} - 1
     * @param file the added table file
     * @throws IllegalArgumentException if {@code level} is out of range
     * @throws NullPointerException if {@code file} is null
     */
    public NewFile {
      checkLevel(level);
      checkNotNull(file, "file");
    }
  }

  /**
   * The compaction strategy now shaping the tree, and the one before it, recorded when a
   * database is opened with a strategy other than the recorded one. Strata's record; LevelDB has
   * none.
   *
   * @param strategy the plugin name of the strategy now shaping the tree
   * @param previous the plugin name of the strategy before it
   */
  public record StrategySwitch(String strategy, String previous) {
    /**
     * Checks the components.
     *
     * @param strategy the plugin name of the strategy now shaping the tree
     * @param previous the plugin name of the strategy before it
     * @throws NullPointerException if {@code strategy} or {@code previous} is null
     */
    public StrategySwitch {
      checkNotNull(strategy, "strategy");
      checkNotNull(previous, "previous");
    }
  }

  private final Optional<String> comparatorName;
  private final OptionalLong logNumber;
  private final OptionalLong prevLogNumber;
  private final OptionalLong nextFileNumber;
  private final OptionalLong lastSequence;
  private final ImmutableList<CompactPointer> compactPointers;
  private final ImmutableList<DeletedFile> deletedFiles;
  private final ImmutableList<NewFile> newFiles;
  private final Optional<StrategySwitch> strategySwitch;
  private final ImmutableSortedSet<String> features;

  private VersionEdit(Builder b) {
    comparatorName = Optional.ofNullable(b.comparatorName);
    logNumber = b.logNumber;
    prevLogNumber = b.prevLogNumber;
    nextFileNumber = b.nextFileNumber;
    lastSequence = b.lastSequence;
    compactPointers = ImmutableList.copyOf(b.compactPointers);
    deletedFiles = ImmutableList.copyOf(b.deletedFiles);
    newFiles = ImmutableList.copyOf(b.newFiles);
    strategySwitch = Optional.ofNullable(b.strategySwitch);
    features = ImmutableSortedSet.copyOf(b.features);
  }

  /**
   * Starts an edit.
   *
   * @return a new builder with every field absent
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a builder from this edit, to change it.
   *
   * @return a new builder holding this edit's fields
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.comparatorName = comparatorName.orElse(null);
    b.logNumber = logNumber;
    b.prevLogNumber = prevLogNumber;
    b.nextFileNumber = nextFileNumber;
    b.lastSequence = lastSequence;
    b.compactPointers.addAll(compactPointers);
    b.deletedFiles.addAll(deletedFiles);
    b.newFiles.addAll(newFiles);
    b.strategySwitch = strategySwitch.orElse(null);
    b.features.addAll(features);
    return b;
  }

  /** {@return the user comparator's name; set in the first edit of every MANIFEST} */
  public Optional<String> comparatorName() {
    return comparatorName;
  }

  /** {@return the log number below which logs hold nothing the tables lack} */
  public OptionalLong logNumber() {
    return logNumber;
  }

  /** {@return LevelDB's previous log number; kept for compatibility, written as 0} */
  public OptionalLong prevLogNumber() {
    return prevLogNumber;
  }

  /** {@return the next file number to hand out} */
  public OptionalLong nextFileNumber() {
    return nextFileNumber;
  }

  /** {@return the last sequence number used} */
  public OptionalLong lastSequence() {
    return lastSequence;
  }

  /** {@return the compaction pointers to set, in the order added} */
  public ImmutableList<CompactPointer> compactPointers() {
    return compactPointers;
  }

  /** {@return the deleted files, in the order added; no duplicates} */
  public ImmutableList<DeletedFile> deletedFiles() {
    return deletedFiles;
  }

  /** {@return the strategy switch this edit records, or empty} */
  public Optional<StrategySwitch> strategySwitch() {
    return strategySwitch;
  }

  /**
   * The features outside LevelDB's formats this edit records as used by the database, such as
   * {@code merge}, {@code range-deletion}, {@code ttl} or {@code zstd}. Strata's record: once a
   * feature is recorded the MANIFEST holds a field LevelDB refuses, and the record is repeated
   * by every later MANIFEST.
   *
   * @return the recorded feature names, sorted; empty if none
   */
  public ImmutableSortedSet<String> features() {
    return features;
  }

  /** {@return the added files, in the order added} */
  public ImmutableList<NewFile> newFiles() {
    return newFiles;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof VersionEdit)) {
      return false;
    }
    VersionEdit e = (VersionEdit) o;
    return comparatorName.equals(e.comparatorName) && logNumber.equals(e.logNumber)
        && prevLogNumber.equals(e.prevLogNumber) && nextFileNumber.equals(e.nextFileNumber)
        && lastSequence.equals(e.lastSequence) && compactPointers.equals(e.compactPointers)
        && deletedFiles.equals(e.deletedFiles) && newFiles.equals(e.newFiles)
        && strategySwitch.equals(e.strategySwitch) && features.equals(e.features);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(comparatorName, logNumber, prevLogNumber, nextFileNumber,
        lastSequence, compactPointers, deletedFiles, newFiles, strategySwitch, features);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("VersionEdit{");
    comparatorName.ifPresent(c -> sb.append(" comparator=").append(c));
    logNumber.ifPresent(v -> sb.append(" log=").append(v));
    prevLogNumber.ifPresent(v -> sb.append(" prevLog=").append(v));
    nextFileNumber.ifPresent(v -> sb.append(" nextFile=").append(v));
    lastSequence.ifPresent(v -> sb.append(" lastSeq=").append(v));
    compactPointers.forEach(p -> sb.append(" pointer=").append(p));
    deletedFiles.forEach(d -> sb.append(" delete=").append(d));
    newFiles.forEach(f -> sb.append(" add=").append(f));
    strategySwitch.ifPresent(w -> sb.append(" strategy=").append(w));
    features.forEach(f -> sb.append(" feature=").append(f));
    return sb.append(" }").toString();
  }

  static void checkLevel(int level) {
    checkArgument(level >= 0 && level < Version.NUM_LEVELS, "level must be in [0, %s), was %s",
        Version.NUM_LEVELS, level);
  }

  /** Builder of {@link VersionEdit}; not thread-safe. */
  public static final class Builder {
    private String comparatorName;
    private OptionalLong logNumber = OptionalLong.empty();
    private OptionalLong prevLogNumber = OptionalLong.empty();
    private OptionalLong nextFileNumber = OptionalLong.empty();
    private OptionalLong lastSequence = OptionalLong.empty();
    private final List<CompactPointer> compactPointers = new ArrayList<>();
    private final Set<DeletedFile> deletedFiles = new LinkedHashSet<>();
    private final List<NewFile> newFiles = new ArrayList<>();
    private StrategySwitch strategySwitch;
    private final Set<String> features = new TreeSet<>();

    private Builder() {}

    /**
     * Sets {@link VersionEdit#comparatorName()}.
     *
     * @param name the user comparator's name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder comparatorName(String name) {
      comparatorName = checkNotNull(name, "name");
      return this;
    }

    /**
     * Sets {@link VersionEdit#logNumber()}.
     *
     * @param v the number of the oldest log still needed
     * @return this builder
     */
    public Builder logNumber(long v) {
      logNumber = OptionalLong.of(v);
      return this;
    }

    /**
     * Sets {@link VersionEdit#prevLogNumber()}.
     *
     * @param v LevelDB's previous log number
     * @return this builder
     */
    public Builder prevLogNumber(long v) {
      prevLogNumber = OptionalLong.of(v);
      return this;
    }

    /**
     * Sets {@link VersionEdit#nextFileNumber()}.
     *
     * @param v the next file number to hand out
     * @return this builder
     */
    public Builder nextFileNumber(long v) {
      nextFileNumber = OptionalLong.of(v);
      return this;
    }

    /**
     * Sets {@link VersionEdit#lastSequence()}.
     *
     * @param v the last sequence number used
     * @return this builder
     */
    public Builder lastSequence(long v) {
      lastSequence = OptionalLong.of(v);
      return this;
    }

    /**
     * Adds a compaction pointer.
     *
     * @param level the level, 0 to {@link Version#NUM_LEVELS} - 1
     * @param key the largest internal key of the level's last compaction
     * @return this builder
     * @throws IllegalArgumentException if {@code level} is out of range
     * @throws NullPointerException if {@code key} is null
     */
    public Builder compactPointer(int level, InternalKey key) {
      compactPointers.add(new CompactPointer(level, key));
      return this;
    }

    /**
     * Removes a file; removing the same file twice records it once.
     *
     * @param level the file's level, 0 to {@link Version#NUM_LEVELS} - 1
     * @param fileNumber the number of the table file
     * @return this builder
     * @throws IllegalArgumentException if {@code level} is out of range
     */
    public Builder deleteFile(int level, long fileNumber) {
      deletedFiles.add(new DeletedFile(level, fileNumber));
      return this;
    }

    /**
     * Adds a file.
     *
     * @param level the level to add it to, 0 to {@link Version#NUM_LEVELS} - 1
     * @param file the table file
     * @return this builder
     * @throws IllegalArgumentException if {@code level} is out of range
     * @throws NullPointerException if {@code file} is null
     */
    public Builder addFile(int level, FileMetaData file) {
      newFiles.add(new NewFile(level, file));
      return this;
    }

    /**
     * Records that {@code strategy} now shapes the tree, after {@code previous}.
     *
     * @param strategy the plugin name of the new strategy
     * @param previous the plugin name of the strategy before it
     * @return this builder
     * @throws NullPointerException if either name is null
     */
    public Builder strategySwitch(String strategy, String previous) {
      strategySwitch = new StrategySwitch(strategy, previous);
      return this;
    }

    /**
     * Records that the database uses {@code feature}, a format outside LevelDB's.
     *
     * @param feature the feature's name, non-empty
     * @return this builder
     * @throws NullPointerException if {@code feature} is null
     * @throws IllegalArgumentException if {@code feature} is empty
     */
    public Builder feature(String feature) {
      checkNotNull(feature, "feature");
      checkArgument(!feature.isEmpty(), "feature name is empty");
      features.add(feature);
      return this;
    }

    /** {@return whether a log number was set} */
    public boolean hasLogNumber() {
      return logNumber.isPresent();
    }

    /** {@return whether a previous log number was set} */
    public boolean hasPrevLogNumber() {
      return prevLogNumber.isPresent();
    }

    /**
     * Builds the edit.
     *
     * @return the edit
     */
    public VersionEdit build() {
      return new VersionEdit(this);
    }
  }
}
