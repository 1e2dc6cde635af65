package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.testing.FuzzDriver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link Block} and {@link BlockIterator} with arbitrary bytes as block contents: parsing,
 * forward and backward scans and seeks, with internal keys and with plain bytewise keys, must
 * return entries or throw {@link CorruptionException}. Jazzer's seed corpus is in
 * {@code BlockFuzzTestInputs/block}.
 */
class BlockFuzzTest {
  private static final InternalKeyComparator ICMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);
  /** Bounds the backward scan: each step decodes from a restart point, quadratic at worst. */
  private static final int MAX_PREV_STEPS = 2_000;

  static void iterate(byte[] data) throws IOException {
    FuzzDriver.AllocationMeter meter = new FuzzDriver.AllocationMeter(data.length, 4 << 20, 8);
    Block block = new Block(data, data.length, "000012.ldb", 4096);
    meter.step("new Block");
    CorruptionException first = null;
    for (int minKeyLength : new int[] {8, 0}) {
      BlockIterator it = minKeyLength == 8 ? new BlockIterator(block, ICMP)
          : new BlockIterator(block, BytewiseComparator.INSTANCE::compare, 0);
      try {
        scan(it, data.length, minKeyLength, meter);
      } catch (CorruptionException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void scan(BlockIterator it, int length, int minKeyLength,
      FuzzDriver.AllocationMeter meter) throws IOException {
    List<byte[]> keys = new ArrayList<>();
    for (it.seekToFirst(); it.isValid(); it.next()) {
      if (keys.size() > length / 3) {
        throw new AssertionError("more entries than a " + length + "-byte block can hold");
      }
      if (it.key().length < minKeyLength) {
        throw new AssertionError("key of " + it.key().length + " bytes");
      }
      it.value();
      if (keys.size() < 64) {
        keys.add(it.key());
      }
      meter.step("next");
    }
    int steps = 0;
    for (it.seekToLast(); it.isValid() && steps < MAX_PREV_STEPS; it.prev()) {
      it.key();
      steps++;
      meter.step("prev");
    }
    keys.add(InternalKeys.encode(new byte[0], 0, ValueType.DELETION));
    keys.add(InternalKeys.encode(new byte[] {(byte) 0xff, (byte) 0xff}, 1, ValueType.VALUE));
    keys.add(InternalKeys.encode("m".getBytes(StandardCharsets.US_ASCII), 5, ValueType.VALUE));
    for (byte[] target : keys) {
      if (target.length < minKeyLength) {
        continue;
      }
      it.seek(target);
      if (it.isValid()) {
        it.value();
        it.next();
      }
      meter.step("seek");
    }
  }

  @BeforeAll
  static void warmUp() throws IOException {
    FuzzDriver.warmUp(seeds(), BlockFuzzTest::iterate);
  }

  @FuzzTest(maxDuration = "5m")
  void block(byte[] data) throws IOException {
    try {
      iterate(data);
    } catch (CorruptionException expected) {
      // damaged input: the only failure allowed
    }
  }

  /** Valid blocks: restart intervals 1, 2 and 16, long keys and values, an empty block. */
  static List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    for (int[] shape : new int[][] {{1, 5}, {2, 40}, {16, 100}, {16, 0}}) {
      BlockBuilder b = new BlockBuilder(shape[0], 64);
      for (int i = 0; i < shape[1]; i++) {
        String user = "key" + String.format("%05d", i * 7) + "x".repeat(i % 150);
        b.add(InternalKeys.encode(user.getBytes(StandardCharsets.US_ASCII), 1000 - i,
            i % 5 == 0 ? ValueType.DELETION : ValueType.VALUE),
            ("v" + i).repeat(i % 70).getBytes(StandardCharsets.US_ASCII));
      }
      seeds.add(b.finishToArray());
    }
    return seeds;
  }

  @Test
  void randomAndMutatedBlocks() throws IOException {
    long accepted = FuzzDriver.run("Block", seeds(), FuzzDriver.iterations(800_000),
        BlockFuzzTest::iterate, b -> b);
    assertThat(accepted).isGreaterThan(0);
  }
}
