package io.strata.compaction.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Bytes;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import io.strata.api.spi.version.VersionEdit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Drives the strategy the way the engine does, on random flushes, with random options: flushes
 * go to level 0 unless writers are stopped; picked compactions run some time after (0 to 2 per
 * flush, and none at all for stretches of 200 flushes, so that runs pile up until writers stop);
 * each is replaced by one output file spanning its inputs' key and sequence ranges. Checks that
 * every pick merges at least two whole runs adjacent in age and puts the output where the oldest
 * input was, that after every step each file holds only data newer than every overlapping file
 * read after it, that the run count never passes {@code stop_writes_trigger} and a stalled tree
 * always has a compaction, and that picking converges once flushes stop. The seed is printed;
 * {@code -Dstrata.seed=N} replays one, {@code -Dstrata.tiered.flushes=N} runs longer (default
 * 1500 flushes per test).
 */
class TieredCompactionSimulationTest {
  private static final int FLUSHES = Integer.getInteger("strata.tiered.flushes", 1500);

  private final Map<Long, long[]> trueSequences = new HashMap<>();
  private long nextFileNumber = 1;
  private long sequence = 0;
  private long writtenBytes = 0;

  @Test
  void flushesOntoAnEmptyTree() {
    simulate(false);
  }

  @Test
  void flushesOntoATreeTheLeveledStrategyShaped() {
    simulate(true);
  }

  @Test
  void compactingAfterEveryFlushKeepsRunsUnderTheSlowdownTrigger() {
    long seed = seed();
    Random random = new Random(seed);
    TieredCompactionOptions options = randomOptions(random);
    TieredCompactionStrategy strategy = new TieredCompactionStrategy(options);
    Version v = Version.empty(TreeShape.ICMP);
    for (int flush = 0; flush < FLUSHES; flush++) {
      v = v.apply(VersionEdit.builder().addFile(0, flushed(random)).build());
      int picks = 0;
      for (Optional<Compaction> c = strategy.pickCompaction(v); c.isPresent();
          c = strategy.pickCompaction(v)) {
        v = apply(v, c.get(), random, seed);
        assertThat(++picks).as("seed %s", seed).isLessThanOrEqualTo(FLUSHES);
      }
      assertThat(SortedRun.count(v)).as("seed %s", seed)
          .isLessThan(options.slowdownWritesTriggerRuns());
      assertThat(strategy.writeStall(v)).isEqualTo(WriteStall.NONE);
    }
  }

  private void simulate(boolean leveledStart) {
    long seed = seed();
    Random random = new Random(seed);
    TieredCompactionOptions options = randomOptions(random);
    System.out.println("options " + options);
    TieredCompactionStrategy strategy = new TieredCompactionStrategy(options);
    Version v = leveledStart ? leveledTree() : Version.empty(TreeShape.ICMP);
    long flushedBytes = 0;
    int picks = 0;
    int maxRuns = 0;
    int flushes = 0;
    int stops = 0;
    while (flushes < FLUSHES) {
      if (strategy.writeStall(v) != WriteStall.STOP) {
        FileMetaData f = flushed(random);
        v = v.apply(VersionEdit.builder().addFile(0, f).build());
        flushedBytes += f.fileSizeBytes();
        flushes++;
        checkAgeOrder(v, seed);
      }
      maxRuns = Math.max(maxRuns, SortedRun.count(v));
      assertThat(SortedRun.count(v)).as("seed %s", seed)
          .isLessThanOrEqualTo(options.stopWritesTriggerRuns());
      // Stopped writers wait for a compaction: there must be one. Otherwise 0 to 2 picks per
      // flush, except in every other stretch of 200 flushes, when compaction falls behind
      // until writers stop.
      boolean stopped = strategy.writeStall(v) == WriteStall.STOP;
      boolean behind = (flushes / 200) % 2 == 1;
      int lag = stopped ? 1 : behind ? 0 : random.nextInt(3);
      if (stopped) {
        stops++;
      }
      for (int i = 0; i < lag; i++) {
        Optional<Compaction> c = strategy.pickCompaction(v);
        if (strategy.writeStall(v) != WriteStall.NONE) {
          assertThat(c).as("a stalled tree has a compaction, seed %s", seed).isPresent();
        }
        if (c.isEmpty()) {
          break;
        }
        v = apply(v, c.get(), random, seed);
        picks++;
      }
    }
    // Flushes stop: picking must end, in fewer picks than there are runs.
    int runsLeft = SortedRun.count(v);
    int finalPicks = 0;
    for (Optional<Compaction> c = strategy.pickCompaction(v); c.isPresent();
        c = strategy.pickCompaction(v)) {
      v = apply(v, c.get(), random, seed);
      assertThat(++finalPicks).as("seed %s", seed).isLessThan(runsLeft);
    }
    assertThat(strategy.writeStall(v)).as("seed %s", seed).isEqualTo(WriteStall.NONE);
    assertThat(SortedRun.count(v)).as("seed %s", seed)
        .isLessThan(options.slowdownWritesTriggerRuns());
    assertThat(stops).as("writers stopped while compaction fell behind, seed %s", seed)
        .isPositive();
    System.out.printf("%d flushes, %d picks, %d steps with writers stopped, at most %d runs, "
            + "%d runs at the end, write amplification %.2f%n", flushes, picks, stops, maxRuns,
        SortedRun.count(v), 1 + writtenBytes / (double) flushedBytes);
  }

  /** Applies {@code c} after checking it, then checks the age order of the result. */
  private Version apply(Version v, Compaction c, Random random, long seed) {
    checkPick(v, c, seed);
    long number = nextFileNumber++;
    long lo = Long.MAX_VALUE;
    long hi = -1;
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData f : in.files()) {
        long[] range = trueSequences.get(f.fileNumber());
        lo = Math.min(lo, range[0]);
        hi = Math.max(hi, range[1]);
      }
    }
    trueSequences.put(number, new long[] {lo, hi});
    VersionEdit edit = CompactionEdits.merged(v, c, number, 0.7 + 0.3 * random.nextDouble());
    writtenBytes += edit.newFiles().get(0).file().fileSizeBytes();
    Version next = v.apply(edit);
    checkAgeOrder(next, seed);
    return next;
  }

  /**
   * The inputs are whole runs, at least two, adjacent in the newest-first run order; the output
   * level is 0 for level-0 inputs alone, else the deepest input level.
   */
  private static void checkPick(Version v, Compaction c, long seed) {
    List<Set<Long>> runs = new ArrayList<>();
    List<Integer> runLevels = new ArrayList<>();
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      if (level == 0) {
        for (FileMetaData f : v.files(0)) {
          runs.add(Set.of(f.fileNumber()));
          runLevels.add(0);
        }
      } else if (v.numFiles(level) > 0) {
        Set<Long> numbers = new HashSet<>();
        v.files(level).forEach(f -> numbers.add(f.fileNumber()));
        runs.add(numbers);
        runLevels.add(level);
      }
    }
    Set<Long> inputs = new HashSet<>();
    int deepest = 0;
    for (Compaction.LevelInputs in : c.inputs()) {
      in.files().forEach(f -> inputs.add(f.fileNumber()));
      deepest = Math.max(deepest, in.level());
    }
    int first = -1;
    int last = -1;
    Set<Long> covered = new HashSet<>();
    for (int i = 0; i < runs.size(); i++) {
      boolean in = inputs.containsAll(runs.get(i));
      boolean partly = !in && runs.get(i).stream().anyMatch(inputs::contains);
      assertThat(partly).as("run %s taken in part, seed %s", i, seed).isFalse();
      if (in) {
        if (first < 0) {
          first = i;
        }
        assertThat(last).as("inputs adjacent in age, seed %s", seed).isIn(-1, i - 1);
        last = i;
        covered.addAll(runs.get(i));
      }
    }
    assertThat(covered).as("seed %s", seed).isEqualTo(inputs);
    assertThat(last - first + 1).as("runs merged, seed %s", seed).isGreaterThanOrEqualTo(2);
    assertThat(c.outputLevel()).as("seed %s", seed).isEqualTo(runLevels.get(last))
        .isEqualTo(deepest);
    assertThat(c.trivialMove()).isFalse();
  }

  /**
   * Reads consult level 0 in Version order, then each level: every file must hold only data
   * newer than any file it overlaps that is consulted after it.
   */
  private void checkAgeOrder(Version v, long seed) {
    List<FileMetaData> readOrder = new ArrayList<>();
    for (int level = 0; level < Version.NUM_LEVELS; level++) {
      readOrder.addAll(v.files(level));
    }
    for (int i = 0; i < readOrder.size(); i++) {
      FileMetaData a = readOrder.get(i);
      for (int j = i + 1; j < readOrder.size(); j++) {
        FileMetaData b = readOrder.get(j);
        if (overlap(a, b)) {
          assertThat(trueSequences.get(a.fileNumber())[0])
              .as("file %s read before %s holds older data, seed %s", a.fileNumber(),
                  b.fileNumber(), seed)
              .isGreaterThan(trueSequences.get(b.fileNumber())[1]);
        }
      }
    }
  }

  private static boolean overlap(FileMetaData a, FileMetaData b) {
    return TreeShape.ICMP.compareUserKeys(a.smallest(), b.largest()) <= 0
        && TreeShape.ICMP.compareUserKeys(b.smallest(), a.largest()) <= 0;
  }

  /** A flushed memtable: the next sequence numbers, a random key range, 256 KiB to 4 MiB. */
  private FileMetaData flushed(Random random) {
    String a = randomKey(random);
    String b = randomKey(random);
    String lo = a.compareTo(b) <= 0 ? a : b;
    String hi = a.compareTo(b) <= 0 ? b : a;
    long first = sequence + 1;
    sequence += 1 + random.nextInt(1000);
    long number = nextFileNumber++;
    trueSequences.put(number, new long[] {first, sequence});
    return new FileMetaData(number, (256 << 10) + random.nextInt(4 << 20),
        key(lo, sequence), key(hi, first)).withSequenceRange(first, sequence, "tiered");
  }

  /**
   * Levels 1 to 3 as the leveled strategy leaves them, 10x bigger per level, in LevelDB's layout
   * (no sequence ranges recorded), holding sequences older than every flush.
   */
  private Version leveledTree() {
    VersionEdit.Builder e = VersionEdit.builder();
    long levelBytes = 8L << 20;
    for (int level = 3; level >= 1; level--) {
      // Deeper levels hold older data: level 3 sequences 1-1000, level 2 1001-2000, ...
      long first = (3 - level) * 1000L + 1;
      long last = first + 999;
      String[][] ranges = {{"aa", "hz"}, {"ia", "qz"}, {"ra", "zz"}};
      for (String[] r : ranges) {
        long number = nextFileNumber++;
        trueSequences.put(number, new long[] {first, last});
        e.addFile(level, new FileMetaData(number, levelBytes * (long) Math.pow(10, 3 - level) / 3,
            key(r[0], last), key(r[1], first)));
      }
    }
    sequence = 3000;
    return Version.empty(TreeShape.ICMP).apply(e.build());
  }

  private static TieredCompactionOptions randomOptions(Random random) {
    int min = 2 + random.nextInt(5);
    int slowdown = min + random.nextInt(12);
    long[] smallSizes = {0, 1L << 20, 50L << 20};
    int[] amplification = {50, 200, 1000};
    return TieredCompactionOptions.builder()
        .bucketHigh(1.2 + random.nextDouble())
        .minThresholdRuns(min)
        .maxThresholdRuns(min + random.nextInt(30))
        .minSstableSizeBytes(smallSizes[random.nextInt(smallSizes.length)])
        .maxSizeAmplificationPercent(amplification[random.nextInt(amplification.length)])
        .slowdownWritesTriggerRuns(slowdown)
        .stopWritesTriggerRuns(slowdown + 1 + random.nextInt(10))
        .targetFileSizeBytes((1 + random.nextInt(64)) << 20)
        .build();
  }

  private static long seed() {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    System.out.println("TieredCompactionSimulationTest seed " + seed);
    return seed;
  }

  private static String randomKey(Random random) {
    return "" + (char) ('a' + random.nextInt(26)) + (char) ('a' + random.nextInt(26));
  }

  private static InternalKey key(String userKey, long sequence) {
    return new InternalKey(Bytes.copyOf(userKey.getBytes(StandardCharsets.US_ASCII)), sequence,
        ValueType.VALUE);
  }
}
