package io.strata.testkit;

import io.strata.api.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine model check ({@link EngineModelCheck}: puts, deletes, range deletions, merges,
 * snapshots, reopens and a full compaction against a {@code TreeMap}) with the arena memtables in
 * place of the default, under both built-in compaction strategies.
 */
class ArenaMemTableEngineModelTest {
  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({"arena, leveled", "arena-offheap, leveled", "arena, tiered"})
  void engineMatchesAModel(String memTable, String strategy, @TempDir Path dir) throws Exception {
    long seed = Long.getLong("strata.seed", System.nanoTime());
    int ops = Integer.getInteger("strata.contract.ops", 30_000);
    System.out.println("ArenaMemTableEngineModelTest " + memTable + "/" + strategy + " seed="
        + seed);
    Random random = new Random(seed);
    Options options = Options.builder()
        .writeBufferSizeBytes(EngineModelCheck.WRITE_BUFFER_BYTES)
        .blockSizeBytes(1024)
        .memTable(memTable)
        .compactionStrategy(strategy)
        .build();
    var keys = new RandomTrees(r -> String.format(Locale.ROOT, "%08d", r.nextInt(100_000) * 997)
        .getBytes(StandardCharsets.US_ASCII)).keyUniverse(random, 1500, 2500);
    new EngineModelCheck(dir.resolve("db"), options, keys, random,
        "seed " + seed + ", " + ops + " ops, memtable " + memTable).run(ops, strategy);
  }
}
