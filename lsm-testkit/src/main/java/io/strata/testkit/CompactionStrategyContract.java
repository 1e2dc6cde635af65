package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.common.base.Splitter;
import com.google.common.base.Ticker;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.strata.api.Bytes;
import io.strata.api.Options;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.version.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every compaction strategy passes: extend this class in the plugin's own tests and
 * supply the provider. JUnit 5 runs the inherited tests:
 *
 * <ol>
 *   <li>{@link #providerIsRegisteredAndChecksItsOptions}: the provider is found through {@code
 *       ServiceLoader} by its name, the strategy reports that name, and an unknown option fails
 *       with a message naming it;
 *   <li>{@link #picksNameLiveFilesInAgeOrder}: on random trees (overlapping level-0 files with
 *       sequence ranges in Version order, or in LevelDB's layout without; non-overlapping deeper
 *       levels; files of 4 KiB to 512 MiB), every compaction from {@code pickCompaction} and from
 *       {@code rangeCompaction} of each level names live files at their levels, once, merges
 *       level-0 files adjacent in age, sends the output where the oldest input was or deeper,
 *       past levels holding nothing the inputs overlap, and a trivial
 *       move has one file; {@code writeStall}, {@code levelScores} and {@code levelForFlush}
 *       answer sanely, picks are pure functions of the Version, writers are never stopped with
 *       nothing to compact, and no level scores 1 or more (needs compaction) when nothing is
 *       picked; the same checks run before every flush of the workloads below;
 *   <li>{@link #compactionOutputsKeepTheTreeValid}: each compaction, run on a simulated tree
 *       whose file contents are known (outputs cut at {@link Compaction#outputBoundaries()} and
 *       by size), is accepted by {@link Version#apply}, and afterwards every key's first entry in
 *       read order is its newest and overlapping level-0 files stay ordered by age; on trees the
 *       strategy built from flushes, {@link #assertTreeShape} holds after every step;
 *   <li>{@link #compactionsConvergeUnderAFlushWorkload}: under a flush workload the tree keeps at
 *       most 64 level-0 files and at most {@code 64 + 2 * ceil(live bytes / file bytes)} files
 *       ({@code file bytes}: the smaller of the mean flush and the smallest output file size
 *       the strategy asked for); once flushes stop, picks run out within {@code 20 * (files +
 *       10)} steps ({@code files}: the most the tree held meanwhile, since a compaction may cut
 *       large entries one to a file), leaving writers unstalled and every level score below 1;
 *       {@code compactRange} as the engine runs
 *       it empties each level within {@code 2 * files + 16} calls, also on random trees another
 *       strategy may have left;
 *   <li>{@link #engineMatchesAModel}: the real engine ({@code Strata.open}, 64 KiB write buffer)
 *       under a random workload of puts, deletes, {@code stringappend} merges, batches and
 *       overwrites agrees with a {@code TreeMap} in gets, scans both ways, a snapshot, across
 *       reopens and after {@code compactRange}, so every read checks that merges resolve; it goes quiet within 60 s and holds at most {@code 64 + 2 * ceil(table
 *       bytes / 64 KiB)} files.
 * </ol>
 *
 * <p>Keys are ordered bytewise. Every test prints its seed; {@code -Dstrata.seed=N} replays one,
 * {@code -Dstrata.contract.ops=N} sets the engine workload's length (default 30,000), {@code
 * -Dstrata.contract.trees=N} the number of random trees (default 300). With the defaults the
 * suite runs in seconds per strategy. A seed that once failed is pinned by calling the test's
 * {@code check...(seed)} method from a test of the subclass; {@code -Dstrata.contract.seeds=N}
 * runs every seeded test for N more seeds ({@link #everySeededTestForManySeeds}).
 *
 * <p>Instances are created per test by JUnit and used by one thread.
 */
public abstract class CompactionStrategyContract {
  /** The system property that runs every seeded test for that many more seeds; unset: none. */
  private static final String SEEDS_PROPERTY = "strata.contract.seeds";
  /** The system property that limits those runs to the seeded tests it names, comma-separated. */
  private static final String ONLY_PROPERTY = "strata.contract.only";
  /** Flushes of the convergence workload. */
  private static final int CONVERGENCE_FLUSHES = 500;
  /** Flushes of the workload whose trees {@link #assertTreeShape} checks step by step. */
  private static final int SHAPE_FLUSHES = 200;
  @TempDir Path tempDir;

  /**
   * The provider under test.
   *
   * @return the provider whose strategies the suite checks
   */
  protected abstract CompactionStrategyProvider provider();

  /**
   * The options the strategy is created with, in the tests and in the engine; default none.
   *
   * @return the strategy options by name
   */
  protected Map<String, String> strategyOptions() {
    return Map.of();
  }

  /**
   * Checks invariants the strategy itself declares about trees it built (e.g. "level 1 files
   * never span a time window"); run after every flush and compaction of a tree grown from empty
   * by flushes and this strategy's picks. Throw an {@link AssertionError} when one fails.
   * Default: no checks.
   *
   * @param version the tree after a flush or compaction
   */
  protected void assertTreeShape(Version version) {}

  /**
   * A random user key, in the shape the strategy expects (e.g. a timestamp prefix); the suite
   * draws key spaces of up to a few thousand distinct keys from it. Default: 8 ASCII digits,
   * 100,000 distinct values.
   *
   * @param random the source of every random choice
   * @return a new user key
   */
  protected byte[] randomUserKey(Random random) {
    return String.format(Locale.ROOT, "%08d", random.nextInt(100_000) * 997)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Finds the provider named {@code name} through {@code ServiceLoader}, for subclasses.
   *
   * @param name the provider's name
   * @return the provider
   */
  protected static CompactionStrategyProvider loadProvider(String name) {
    List<String> found = new ArrayList<>();
    for (CompactionStrategyProvider p : ServiceLoader.load(CompactionStrategyProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
      found.add(p.name());
    }
    throw new AssertionError("no compaction strategy provider named '" + name
        + "' on the class path (META-INF/services/"
        + CompactionStrategyProvider.class.getName() + "); found: " + found);
  }

  @Test
  void providerIsRegisteredAndChecksItsOptions() {
    CompactionStrategyProvider p = provider();
    assertThat(p.name()).as("provider name").isNotBlank().isEqualTo(p.name().toLowerCase(
        Locale.ROOT));
    assertThat(loadProvider(p.name()).getClass()).isEqualTo(p.getClass());
    assertThat(p.optionNames()).containsAll(strategyOptions().keySet());
    CompactionStrategy s = newStrategy();
    assertThat(s.name()).as("the strategy reports its provider's name").isEqualTo(p.name());
    Map<String, String> bad = new HashMap<>(strategyOptions());
    bad.put("no_such_option", "1");
    assertThatThrownBy(() -> p.create(context(bad), bad))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no_such_option");
  }

  @Test
  void picksNameLiveFilesInAgeOrder() {
    checkPicksNameLiveFilesInAgeOrder(seed("picksNameLiveFilesInAgeOrder"));
  }

  /**
   * {@link #picksNameLiveFilesInAgeOrder} with {@code seed}, e.g. to pin one that failed.
   *
   * @param seed seeds every random choice of the check
   */
  protected final void checkPicksNameLiveFilesInAgeOrder(long seed) {
    Random random = new Random(seed);
    CompactionStrategy s = newStrategy();
    RandomTrees trees = new RandomTrees(this::randomUserKey);
    for (int t = 0; t < trees(); t++) {
      SimulatedTree tree = trees.generate(random, ranged(random, s), s.name());
      Version v = tree.version();
      String context = "seed " + seed + ", tree " + t;
      StrategySimulation sim = new StrategySimulation(s, tree, x -> {}, context);
      Optional<Compaction> c = s.pickCompaction(v);
      c.ifPresent(x -> PickChecks.check(v, x, s.levelDbLayout(), context + ", pickCompaction"));
      List<Bytes> universe = trees.keyUniverse(random, 2, 20);
      for (int level = 0; level < Version.NUM_LEVELS; level++) {
        byte[][] range = randomRange(random, universe);
        Optional<Compaction> r = s.rangeCompaction(v, level, range[0], range[1]);
        if (r.isPresent()) {
          sim.checkRangePick(v, level, r.get(), "rangeCompaction(level " + level + ", "
              + StrategySimulation.str(range[0]) + ", " + StrategySimulation.str(range[1]) + ")");
        }
        Optional<Compaction> full = s.rangeCompaction(v, level, null, null);
        if (full.isPresent()) {
          sim.checkRangePick(v, level, full.get(), "rangeCompaction(level " + level
              + ", full range)");
        }
      }
      byte[][] flush = randomRange(random, universe);
      PickChecks.checkAnswers(s, v, flush[0] == null ? universe.get(0).toByteArray() : flush[0],
          flush[1] == null ? universe.get(universe.size() - 1).toByteArray() : flush[1], context);
    }
  }

  @Test
  void compactionOutputsKeepTheTreeValid() {
    checkCompactionOutputsKeepTheTreeValid(seed("compactionOutputsKeepTheTreeValid"));
  }

  /**
   * {@link #compactionOutputsKeepTheTreeValid} with {@code seed}, e.g. to pin one that failed.
   *
   * @param seed seeds every random choice of the check
   */
  protected final void checkCompactionOutputsKeepTheTreeValid(long seed) {
    Random random = new Random(seed);
    CompactionStrategy s = newStrategy();
    RandomTrees trees = new RandomTrees(this::randomUserKey);
    for (int t = 0; t < trees() / 2; t++) {
      SimulatedTree tree = trees.generate(random, ranged(random, s), s.name());
      String context = "seed " + seed + ", tree " + t;
      tree.checkAgeOrder(context + ", as generated");
      StrategySimulation sim = new StrategySimulation(s, tree, x -> {}, context);
      List<Bytes> universe = trees.keyUniverse(random, 2, 20);
      for (int step = 0; step < 20; step++) {
        if (random.nextInt(4) > 0) {
          if (!sim.pickOnce()) {
            break;
          }
        } else {
          int level = random.nextInt(Version.NUM_LEVELS);
          byte[][] range = randomRange(random, universe);
          Version v = tree.version();
          Optional<Compaction> r = s.rangeCompaction(v, level, range[0], range[1]);
          if (r.isPresent()) {
            sim.checkRangePick(v, level, r.get(), "rangeCompaction(level " + level + ")");
            tree.apply(r.get(), true, context);
            tree.checkAgeOrder(context + ", after " + SimulatedTree.describe(r.get()));
          }
        }
      }
    }
    runFlushWorkload(new Random(random.nextLong()), SHAPE_FLUSHES, "seed " + seed + ", workload");
  }

  @Test
  void compactionsConvergeUnderAFlushWorkload() {
    checkCompactionsConvergeUnderAFlushWorkload(seed("compactionsConvergeUnderAFlushWorkload"));
  }

  /**
   * {@link #compactionsConvergeUnderAFlushWorkload} with {@code seed}, e.g. to pin one that
   * failed.
   *
   * @param seed seeds every random choice of the check
   */
  protected final void checkCompactionsConvergeUnderAFlushWorkload(long seed) {
    Random random = new Random(seed);
    StrategySimulation sim = runFlushWorkload(random, CONVERGENCE_FLUSHES,
        "seed " + seed + ", workload");
    sim.drain();
    CompactionStrategy s = newStrategy();
    Version v = sim.tree().version();
    assertThat(s.writeStall(v)).as("seed %s: writers stalled with nothing to compact", seed)
        .isEqualTo(WriteStall.NONE);
    for (double score : s.levelScores(v)) {
      if (score >= 1) {
        fail("seed %s: a level scores %s >= 1 (needs compaction) but nothing is picked; tree:%n%s",
            seed, score, SimulatedTree.describe(v));
      }
    }
    sim.compactRange(null, null);
    RandomTrees trees = new RandomTrees(this::randomUserKey);
    for (int t = 0; t < trees() / 4; t++) {
      SimulatedTree tree = trees.generate(random, ranged(random, s), s.name());
      StrategySimulation other = new StrategySimulation(s, tree, x -> {},
          "seed " + seed + ", tree " + t);
      other.drain();
      List<Bytes> universe = trees.keyUniverse(random, 2, 20);
      byte[][] range = randomRange(random, universe);
      other.compactRange(range[0], range[1]);
    }
  }

  @Test
  void engineMatchesAModel() throws Exception {
    checkEngineMatchesAModel(seed("engineMatchesAModel"), tempDir.resolve("db"));
  }

  /**
   * {@link #engineMatchesAModel} with {@code seed}, e.g. to pin one that failed, on a database
   * created in {@code dir} (which must not exist yet).
   *
   * @param seed seeds every random choice of the check
   * @param dir where the database is created
   * @throws Exception if the engine fails; a wrong read is an AssertionError
   */
  protected final void checkEngineMatchesAModel(long seed, Path dir) throws Exception {
    int ops = Integer.getInteger("strata.contract.ops", 30_000);
    Random random = new Random(seed);
    Options options = Options.builder()
        .writeBufferSizeBytes(EngineModelCheck.WRITE_BUFFER_BYTES)
        .blockSizeBytes(1024)
        .compactionStrategy(provider().name())
        .strategyOptions(strategyOptions())
        .build();
    List<Bytes> keys = new RandomTrees(this::randomUserKey).keyUniverse(random, 1500, 2500);
    new EngineModelCheck(dir, options, keys, random,
        "seed " + seed + ", " + ops + " ops").run(ops, provider().name());
  }

  /**
   * Off by default: with {@code -Dstrata.contract.seeds=N}, every seeded test above once more for
   * each of N seeds, as one dynamic test per test and seed named after both, so that a run reports
   * how many pass; {@code -Dstrata.contract.only=NAME,...} keeps the tests named. The seeds come
   * from a {@code Random} seeded by {@code strata.seed} (or the clock); a failing one replays with
   * {@code -Dstrata.seed=} its seed. Each engine run's database is deleted once it passes.
   */
  @TestFactory
  @EnabledIfSystemProperty(named = SEEDS_PROPERTY, matches = "[1-9][0-9]*")
  Stream<DynamicTest> everySeededTestForManySeeds() {
    Random seeds = new Random(seed("everySeededTestForManySeeds"));
    Map<String, SeededTest> tests = new LinkedHashMap<>();
    tests.put("picksNameLiveFilesInAgeOrder", this::checkPicksNameLiveFilesInAgeOrder);
    tests.put("compactionOutputsKeepTheTreeValid", this::checkCompactionOutputsKeepTheTreeValid);
    tests.put("compactionsConvergeUnderAFlushWorkload",
        this::checkCompactionsConvergeUnderAFlushWorkload);
    tests.put("engineMatchesAModel", seed -> {
      Path dir = tempDir.resolve("db-" + Long.toUnsignedString(seed));
      checkEngineMatchesAModel(seed, dir);
      MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
    });
    String only = System.getProperty(ONLY_PROPERTY);
    if (only != null) {
      List<String> names = Splitter.on(',').trimResults().omitEmptyStrings().splitToList(only);
      assertThat(tests.keySet()).as(ONLY_PROPERTY).containsAll(names);
      tests.keySet().retainAll(names);
    }
    return LongStream.generate(seeds::nextLong).limit(Integer.getInteger(SEEDS_PROPERTY))
        .boxed().flatMap(seed -> tests.entrySet().stream().map(t -> DynamicTest.dynamicTest(
            t.getKey() + " seed=" + seed, () -> t.getValue().run(seed))));
  }

  /** One of the seeded tests. */
  @FunctionalInterface
  private interface SeededTest {
    void run(long seed) throws Exception;
  }

  /**
   * Flushes {@code flushes} files into an empty tree with this strategy, as the engine does,
   * checking picks, the tree, {@link #assertTreeShape} and the file-count bound throughout.
   */
  private StrategySimulation runFlushWorkload(Random random, int flushes, String context) {
    CompactionStrategy s = newStrategy();
    SimulatedTree tree = new SimulatedTree(!s.levelDbLayout(), s.name());
    StrategySimulation sim = new StrategySimulation(s, tree, this::assertTreeShape, context);
    List<Bytes> universe = new RandomTrees(this::randomUserKey).keyUniverse(random, 500, 2000);
    long flushedBytes = 0;
    for (int f = 1; f <= flushes; f++) {
      long bytes = RandomTrees.logUniform(random, 64 << 10, 4 << 20);
      flushedBytes += bytes;
      sim.flush(StrategySimulation.flushKeys(random, universe, 60), bytes);
      // Background compaction lags behind flushes, but catches up when writers would stop.
      int lag = random.nextInt(3);
      for (int i = 0; i < lag && sim.pickOnce(); i++) {
        // one background pick per iteration
      }
      sim.catchUpWhileStopped(20 * (tree.fileCount() + 10));
      sim.checkFileCount(flushedBytes / f);
      if (random.nextInt(100) == 0) {
        byte[][] range = randomRange(random, universe);
        sim.compactRange(range[0], range[1]);
      }
    }
    return sim;
  }

  private CompactionStrategy newStrategy() {
    return provider().create(context(strategyOptions()), strategyOptions());
  }

  private PluginContext context(Map<String, String> options) {
    Options o = Options.builder().compactionStrategy(provider().name()).strategyOptions(options)
        .build();
    return new PluginContext(tempDir, new LocalFileSystem(), o,
        SimulatedTree.ICMP, Ticker.systemTicker());
  }

  private static int trees() {
    return Integer.getInteger("strata.contract.trees", 300);
  }

  private long seed(String test) {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    System.out.println(getClass().getSimpleName() + "." + test + " seed=" + seed
        + " (replay with -Dstrata.seed=" + seed + ")");
    return seed;
  }

  /** Trees of a LevelDB-layout strategy may come either way; others record sequence ranges. */
  private static boolean ranged(Random random, CompactionStrategy s) {
    return !s.levelDbLayout() || random.nextBoolean();
  }

  /** A closed range of two keys of {@code universe}, each bound null (open) one time in five. */
  private static byte[][] randomRange(Random random, List<Bytes> universe) {
    TreeSet<Bytes> two = new TreeSet<>();
    two.add(universe.get(random.nextInt(universe.size())));
    two.add(universe.get(random.nextInt(universe.size())));
    byte[] lo = random.nextInt(5) == 0 ? null : two.first().toByteArray();
    byte[] hi = random.nextInt(5) == 0 ? null : two.last().toByteArray();
    return new byte[][] {lo, hi};
  }
}
