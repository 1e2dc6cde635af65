package io.strata.core.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.WriteBatch;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.testing.FuzzDriver;
import io.strata.core.memtable.SkipListMemTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link WriteBatchCodec#insertInto} with arbitrary bytes as a write-ahead log record:
 * it must add the batch to a memtable or throw {@link CorruptionException} leaving the memtable
 * empty. Jazzer's seed corpus is in {@code WriteBatchCodecFuzzTestInputs/writeBatch}.
 */
class WriteBatchCodecFuzzTest {
  private static final InternalKeyComparator CMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);
  private static final String NAME = "000011.log";

  static void insert(byte[] data) throws IOException {
    FuzzDriver.AllocationMeter meter = new FuzzDriver.AllocationMeter(data.length, 4 << 20, 64);
    SkipListMemTable mem = new SkipListMemTable(CMP);
    int n;
    try {
      n = WriteBatchCodec.insertInto(data, data.length, mem, NAME, 0);
    } catch (CorruptionException e) {
      if (mem.entryCount() != 0) {
        throw new AssertionError("a damaged batch added " + mem.entryCount() + " entries", e);
      }
      throw e;
    }
    meter.step("insertInto");
    if (mem.entryCount() != n || n != WriteBatchCodec.count(data)) {
      throw new AssertionError(n + " records applied, " + mem.entryCount() + " in the memtable, "
          + WriteBatchCodec.count(data) + " in the header");
    }
  }

  @BeforeAll
  static void warmUp() throws IOException {
    FuzzDriver.warmUp(seeds(), WriteBatchCodecFuzzTest::insert);
  }

  @FuzzTest(maxDuration = "5m")
  void writeBatch(byte[] data) throws IOException {
    try {
      insert(data);
    } catch (CorruptionException expected) {
      // damaged input: the only failure allowed
    }
  }

  private static byte[] rep(WriteBatch batch, long sequence) {
    ByteBuffer encoded = batch.encoded();
    byte[] rep = new byte[encoded.remaining()];
    encoded.get(rep);
    WriteBatchCodec.setSequence(rep, sequence);
    return rep;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Valid reps: empty, puts and deletes, a long value, a sequence near the largest. */
  static List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(rep(new WriteBatch(), 1));
    seeds.add(rep(new WriteBatch().put(bytes("apple"), bytes("red")).delete(bytes("banana"))
        .put(bytes(""), bytes("empty key")).put(bytes("cherry"), new byte[0]), 100));
    seeds.add(rep(new WriteBatch().put(bytes("k"), new byte[300]).delete(bytes("k")), 7));
    seeds.add(rep(new WriteBatch().put(bytes("last"), bytes("v")), (1L << 56) - 1));
    return seeds;
  }

  @Test
  void randomAndMutatedBatches() throws IOException {
    long accepted = FuzzDriver.run("WriteBatchCodec", seeds(), FuzzDriver.iterations(1_500_000),
        WriteBatchCodecFuzzTest::insert, b -> b);
    assertThat(accepted).isGreaterThan(0);
  }
}
