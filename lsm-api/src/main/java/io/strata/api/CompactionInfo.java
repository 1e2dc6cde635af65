package io.strata.api;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * One compaction, for {@link EventListener#onCompactionBegin} and
 * {@link EventListener#onCompactionCompleted}. At begin, {@code outputFileNumbers} is empty and
 * {@code outputBytes}, the entry counts and {@code durationMicros} are 0. For a trivial move
 * (a file moved to another level without being rewritten) the inputs are the moved file, the
 * outputs the same file number and bytes, and the entry counts 0.
 *
 * @param strategy the name of the compaction strategy that picked it
 * @param reason why the strategy picked it, as it says
 * @param trivialMove whether the file was moved without being rewritten
 * @param manual whether {@link Db#compactRange} asked for it
 * @param inputs the input files, by level
 * @param outputLevel the level the outputs go to
 * @param outputFileNumbers the numbers of the tables written
 * @param outputBytes bytes of the tables written
 * @param entriesIn entries read from the inputs
 * @param entriesDropped entries not written to the outputs: shadowed versions and dropped
 *     deletion markers
 * @param tombstonesDropped deletion markers not written to the outputs
 * @param durationMicros microseconds from the pick to the installed edit
 */
public record CompactionInfo(String strategy, String reason, boolean trivialMove, boolean manual,
    List<LevelInput> inputs, int outputLevel, List<Long> outputFileNumbers, long outputBytes,
    long entriesIn, long entriesDropped, long tombstonesDropped, long durationMicros) {
  /**
   * Copies the lists.
   *
   * @param strategy the name of the compaction strategy that picked it
   * @param reason why the strategy picked it, as it says
   * @param trivialMove whether the file was moved without being rewritten
   * @param manual whether {@link Db#compactRange} asked for it
   * @param inputs the input files, by level
   * @param outputLevel the level the outputs go to
   * @param outputFileNumbers the numbers of the tables written
   * @param outputBytes bytes of the tables written
   * @param entriesIn entries read from the inputs
   * @param entriesDropped entries not written to the outputs: shadowed versions and dropped
   *     deletion markers
   * @param tombstonesDropped deletion markers not written to the outputs
   * @param durationMicros microseconds from the pick to the installed edit
   */
  public CompactionInfo {
    checkNotNull(strategy, "strategy");
    checkNotNull(reason, "reason");
    inputs = ImmutableList.copyOf(inputs);
    outputFileNumbers = ImmutableList.copyOf(outputFileNumbers);
  }

  /** {@return the number of input files, over every level} */
  public int inputFiles() {
    int n = 0;
    for (LevelInput in : inputs) {
      n += in.fileNumbers().size();
    }
    return n;
  }

  /** {@return bytes of the input files, over every level} */
  public long inputBytes() {
    long n = 0;
    for (LevelInput in : inputs) {
      n += in.bytes();
    }
    return n;
  }

  /** {@return the number of output files} */
  public int outputFiles() {
    return outputFileNumbers.size();
  }

  /**
   * The input files of one level.
   *
   * @param level the level, 0-based
   * @param fileNumbers the numbers of its input files
   * @param bytes their total size in bytes
   */
  public record LevelInput(int level, List<Long> fileNumbers, long bytes) {
    /**
     * Copies the list.
     *
     * @param level the level, 0-based
     * @param fileNumbers the numbers of its input files
     * @param bytes their total size in bytes
     */
    public LevelInput {
      fileNumbers = ImmutableList.copyOf(fileNumbers);
    }
  }
}
