package io.strata.compaction.leveled;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Bytes;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import io.strata.compaction.leveled.FileRanges.KeyRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Drives the strategy the way the engine does, on random flushes: place each flush with
 * {@code levelForFlush}, then run picked compactions until none is left, each one replaced by a
 * single output file spanning all its inputs. {@link Version#apply} rejects any overlap that
 * results, so an output-level input left out would fail the run; the picks' other invariants are
 * checked one by one.
 */
class LeveledCompactionSimulationTest {
  private static final int FLUSHES = 1000;
  private static final int MAX_PICKS_PER_FLUSH = 100;

  @ParameterizedTest(name = "dynamic level bytes {0}, compaction_pri {1}")
  @CsvSource({"false, ROUND_ROBIN", "true, ROUND_ROBIN", "false, MIN_OVERLAPPING_RATIO",
      "true, MIN_OVERLAPPING_RATIO"})
  void randomFlushesKeepTheTreeValidAndInShape(boolean dynamicLevelBytes, CompactionPri pri) {
    long seed = System.nanoTime();
    System.out.println("LeveledCompactionSimulationTest seed " + seed);
    Random random = new Random(seed);
    int trigger = 2 + random.nextInt(4);
    LeveledCompactionOptions options = LeveledCompactionOptions.builder()
        .l0CompactionTriggerFiles(trigger)
        .l0SlowdownWritesTriggerFiles(trigger + 4)
        .l0StopWritesTriggerFiles(trigger + 8)
        .maxBytesForLevelBaseBytes((1 + random.nextInt(10)) << 20)
        .maxBytesForLevelMultiplier(2 + random.nextInt(9))
        .targetFileSizeBytes((64 + random.nextInt(2048)) << 10)
        .dynamicLevelBytes(dynamicLevelBytes)
        .compactionPri(pri)
        .build();
    System.out.println("options " + options);
    LeveledCompactionStrategy strategy = new LeveledCompactionStrategy(options);
    Version v = Version.empty(TreeShape.ICMP);
    long nextFileNumber = 1;
    long sequence = 0;
    int trivialMoves = 0;
    for (int flush = 0; flush < FLUSHES; flush++) {
      String a = randomKey(random);
      String b = randomKey(random);
      String lo = a.compareTo(b) <= 0 ? a : b;
      String hi = a.compareTo(b) <= 0 ? b : a;
      sequence += 2;
      FileMetaData flushed = new FileMetaData(nextFileNumber++,
          100_000 + random.nextInt(3_000_000), key(lo, sequence), key(hi, sequence - 1));
      int level = strategy.levelForFlush(v, bytes(lo), bytes(hi));
      assertThat(level).as("seed %s", seed).isBetween(0, dynamicLevelBytes ? 0 : 2);
      v = v.apply(VersionEdit.builder().addFile(level, flushed).build());

      int picks = 0;
      for (PickedCompaction p = strategy.pick(v).orElse(null); p != null;
          p = strategy.pick(v).orElse(null)) {
        Compaction c = p.toCompaction();
        checkInvariants(v, c, p.isTrivialMove(), seed);
        int base = LevelTargets.of(v, options).baseLevel();
        assertThat(c.outputLevel()).as("seed %s", seed)
            .isEqualTo(c.startLevel() == 0 ? base : c.startLevel() + 1);
        for (int between = 1; between < base; between++) {
          assertThat(v.files(between)).as("level %s above base %s, seed %s", between, base, seed)
              .isEmpty();
        }
        if (p.isTrivialMove()) {
          trivialMoves++;
        }
        v = v.apply(merged(v, c, p.isTrivialMove(), nextFileNumber++));
        assertThat(++picks).as("picks after flush %s, seed %s", flush, seed)
            .isLessThan(MAX_PICKS_PER_FLUSH);
      }
      assertThat(strategy.writeStall(v)).isEqualTo(WriteStall.NONE);
    }
    for (double score : strategy.levelScores(v)) {
      assertThat(score).as("seed %s", seed).isLessThan(1);
    }
    assertThat(trivialMoves).as("seed %s", seed).isPositive();
    if (dynamicLevelBytes) {
      // The largest level is the last one: dynamic targets fill the tree from the bottom.
      long last = v.levelBytes(Version.NUM_LEVELS - 1);
      for (int level = 1; level < Version.NUM_LEVELS - 1; level++) {
        assertThat(v.levelBytes(level)).as("level %s, seed %s", level, seed).isLessThan(last);
      }
    }
  }

  private static void checkInvariants(Version v, Compaction c, boolean trivialMove, long seed) {
    int start = c.startLevel();
    List<FileMetaData> startInputs = c.inputs().get(0).files();
    List<FileMetaData> outputInputs =
        c.inputs().size() > 1 ? c.inputs().get(1).files() : List.of();
    assertThat(v.files(start)).as("seed %s", seed).containsAll(startInputs);
    assertThat(v.files(c.outputLevel())).as("seed %s", seed).containsAll(outputInputs);
    assertThat(new HashSet<>(startInputs)).hasSameSizeAs(startInputs);

    KeyRange startRange = FileRanges.range(TreeShape.ICMP, startInputs);
    byte[] lo = startRange.smallestUserKey();
    byte[] hi = startRange.largestUserKey();
    if (start == 0) {
      // Level 0: nothing overlapping the inputs stays behind.
      assertThat(startInputs).as("seed %s", seed)
          .containsExactlyInAnyOrderElementsOf(v.overlappingFiles(0, lo, hi));
    } else {
      // Boundary: no file left behind starts with an older entry of the inputs' largest key.
      for (FileMetaData f : v.files(start)) {
        if (!startInputs.contains(f)) {
          assertThat(TreeShape.ICMP.compareUserKeys(f.smallest(), startRange.largest()) == 0
              && TreeShape.ICMP.compare(f.smallest(), startRange.largest()) > 0)
              .as("boundary file %s left behind, seed %s", f.fileNumber(), seed).isFalse();
        }
      }
    }
    assertThat(outputInputs).as("seed %s", seed)
        .containsAll(v.overlappingFiles(c.outputLevel(), lo, hi));
    KeyRange total = FileRanges.range(TreeShape.ICMP, startInputs, outputInputs);
    if (c.outputLevel() + 1 < Version.NUM_LEVELS) {
      assertThat(c.grandparents()).as("seed %s", seed).containsExactlyElementsOf(
          v.overlappingFiles(c.outputLevel() + 1, total.smallestUserKey(),
              total.largestUserKey()));
    }
    assertThat(c.compactPointer().orElseThrow().key()).isEqualTo(startRange.largest());
    if (trivialMove) {
      assertThat(startInputs).hasSize(1);
      assertThat(outputInputs).isEmpty();
    }
  }

  /** The edit replacing every input by one output file over their whole range (or a move). */
  private static VersionEdit merged(Version v, Compaction c, boolean trivialMove,
      long fileNumber) {
    if (trivialMove) {
      return CompactionEdits.relink(c);
    }
    VersionEdit.Builder e = VersionEdit.builder();
    List<FileMetaData> all = new ArrayList<>();
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData f : in.files()) {
        e.deleteFile(in.level(), f.fileNumber());
        all.add(f);
      }
    }
    KeyRange range = FileRanges.range(v.comparator(), all);
    e.addFile(c.outputLevel(),
        new FileMetaData(fileNumber, c.inputBytes(), range.smallest(), range.largest()));
    c.compactPointer().ifPresent(p -> e.compactPointer(p.level(), p.key()));
    return e.build();
  }

  private static String randomKey(Random random) {
    return "" + (char) ('a' + random.nextInt(26)) + (char) ('a' + random.nextInt(26));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static InternalKey key(String userKey, long sequence) {
    return new InternalKey(Bytes.copyOf(bytes(userKey)), sequence, ValueType.VALUE);
  }
}
