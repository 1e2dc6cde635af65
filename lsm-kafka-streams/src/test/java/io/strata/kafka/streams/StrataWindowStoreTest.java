package io.strata.kafka.streams;

import static io.strata.kafka.streams.StoreHarness.hex;
import static io.strata.kafka.streams.StoreHarness.sorted;
import static io.strata.kafka.streams.StoreHarness.timed;
import static io.strata.kafka.streams.StoreHarness.windowed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random operations on a Strata window store and on Kafka's in-memory window store, compared
 * after every operation: point fetch, single-key fetch and backward fetch (same order), key-range
 * fetches, fetchAll and all (same entries; the order across keys differs by design between
 * Kafka's own stores), with retention expiring windows, and with duplicates retained.
 */
class StrataWindowStoreTest {
  private static final long RETENTION = 1_000;
  private static final long SEGMENT = 500;
  private static final long WINDOW = 100;
  private static final int OPS = 3_000;

  /** Keys chosen so that some are prefixes of others and bytes 0x00 and 0xFF occur. */
  private static final List<Bytes> KEYS = Stream.of(
      new byte[] {0}, new byte[] {0, 0}, new byte[] {1}, new byte[] {1, 0}, new byte[] {1, 0x7F},
      new byte[] {1, (byte) 0xFF}, new byte[] {2}, new byte[] {'a', 'b'}, new byte[] {'a'},
      new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFF, (byte) 0xFF})
      .map(Bytes::wrap).toList();

  @TempDir
  Path tmp;

  @Test
  void randomOperationsMatchInMemoryStore() {
    runRandom(false, 21);
  }

  @Test
  void randomOperationsWithDuplicatesMatchInMemoryStore() {
    runRandom(true, 22);
  }

  private void runRandom(boolean duplicates, long seed) {
    try (TopologyTestDriver d = StoreHarness.driver(tmp,
        Stores.windowStoreBuilder(new StrataWindowBytesStoreSupplier("strata", RETENTION,
            SEGMENT, WINDOW, duplicates, false), Serdes.Bytes(), Serdes.ByteArray()),
        Stores.windowStoreBuilder(Stores.inMemoryWindowStore("mem", Duration.ofMillis(RETENTION),
            Duration.ofMillis(WINDOW), duplicates), Serdes.Bytes(), Serdes.ByteArray()))) {
      WindowStore<Bytes, byte[]> strata = d.getWindowStore("strata");
      WindowStore<Bytes, byte[]> mem = d.getWindowStore("mem");
      Random rnd = new Random(seed);
      long time = 0;
      for (int op = 0; op < OPS; op++) {
        String where = "seed " + seed + ", op " + op;
        time += rnd.nextInt(4);
        long ts = rnd.nextInt(8) == 0 ? time - rnd.nextInt((int) (RETENTION * 3 / 2)) : time;
        ts = Math.max(0, ts);
        Bytes key = KEYS.get(rnd.nextInt(KEYS.size()));
        long from = Math.max(0, time - rnd.nextInt((int) (RETENTION * 3 / 2)));
        long to = from + rnd.nextInt((int) RETENTION);
        Bytes k2 = KEYS.get(rnd.nextInt(KEYS.size()));
        Bytes lo = key.compareTo(k2) <= 0 ? key : k2;
        Bytes hi = key.compareTo(k2) <= 0 ? k2 : key;
        switch (rnd.nextInt(12)) {
          case 0, 1, 2, 3 -> {
            byte[] value = rnd.nextInt(10) == 0 ? null : new byte[] {(byte) op, (byte) (op >> 8)};
            strata.put(key, value, ts);
            mem.put(key, value, ts);
          }
          case 4 -> assertThat(hex(strata.fetch(key, ts))).as(where)
              .isEqualTo(hex(mem.fetch(key, ts)));
          case 5 -> assertThat(timed(strata.fetch(key, from, to))).as(where)
              .isEqualTo(timed(mem.fetch(key, from, to)));
          case 6 -> assertThat(timed(strata.backwardFetch(key, from, to))).as(where)
              .isEqualTo(timed(mem.backwardFetch(key, from, to)));
          case 7 -> {
            List<String> fwd = windowed(strata.fetch(lo, hi, from, to));
            assertThat(sorted(fwd)).as(where)
                .isEqualTo(sorted(windowed(mem.fetch(lo, hi, from, to))));
            assertThat(windowed(strata.backwardFetch(lo, hi, from, to))).as(where)
                .isEqualTo(StoreHarness.reversed(fwd));
          }
          case 8 -> assertThat(sorted(windowed(strata.backwardFetch(lo, hi, from, to))))
              .as(where).isEqualTo(sorted(windowed(mem.backwardFetch(lo, hi, from, to))));
          case 9 -> {
            List<String> fwd = windowed(strata.fetchAll(from, to));
            assertThat(sorted(fwd)).as(where).isEqualTo(sorted(windowed(mem.fetchAll(from, to))));
            assertThat(windowed(strata.backwardFetchAll(from, to))).as(where)
                .isEqualTo(StoreHarness.reversed(fwd));
          }
          case 10 -> {
            List<String> fwd = windowed(strata.all());
            assertThat(sorted(fwd)).as(where).isEqualTo(sorted(windowed(mem.all())));
            assertThat(windowed(strata.backwardAll())).as(where).isEqualTo(StoreHarness.reversed(fwd));
          }
          default -> assertThat(sorted(windowed(strata.fetch(null, hi, from, to)))).as(where)
              .isEqualTo(sorted(windowed(mem.fetch(null, hi, from, to))));
        }
      }
      assertThat(windowed(strata.all())).isNotEmpty();
    }
  }

  @Test
  void expiredSegmentIsDeletedFromDiskAndInvisible() throws Exception {
    StrataWindowBytesStoreSupplier supplier =
        new StrataWindowBytesStoreSupplier("w", 1_000, 500, 100, false, false);
    WindowStore<Bytes, byte[]> store = supplier.get();
    store.init(new TestStoreContext(tmp, Map.of()), store);
    Path dir = tmp.resolve("strata").resolve("w");
    Bytes key = Bytes.wrap(new byte[] {7});
    store.put(key, new byte[] {1}, 100);
    store.put(key, new byte[] {2}, 600);
    assertThat(dir.resolve("w.0")).isDirectory();
    assertThat(dir.resolve("w.500")).isDirectory();
    // Stream time 1,100: window 100 has expired (100 <= 1,100 - 1,000) but its segment also
    // holds unexpired starts [101, 500), so it stays on disk, unseen.
    store.put(key, new byte[] {3}, 1_100);
    assertThat(store.fetch(key, 100)).isNull();
    assertThat(dir.resolve("w.0")).isDirectory();
    // Stream time 1,500: every start of segment 0 ([0, 500)) has expired: its directory goes.
    store.put(key, new byte[] {4}, 1_500);
    assertThat(dir.resolve("w.0")).doesNotExist();
    assertThat(dir.resolve("w.500")).isDirectory();
    try (WindowStoreIterator<byte[]> it = store.fetch(key, 0, 2_000)) {
      assertThat(timed(it)).containsExactly("600=02", "1100=03", "1500=04");
    }
    // A put into an expired window is dropped.
    store.put(key, new byte[] {5}, 400);
    assertThat(store.fetch(key, 400)).isNull();
    assertThat(dir.resolve("w.0")).doesNotExist();
    store.close();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("w.1000", "w.1500", "w.500");
    }
  }

  @Test
  void iteratorKeepsExpiredSegmentOpenUntilClosedAndStoreClosesOpenIterators() {
    WindowStore<Bytes, byte[]> store =
        new StrataWindowBytesStoreSupplier("w", 1_000, 500, 100, false, false).get();
    store.init(new TestStoreContext(tmp, Map.of()), store);
    Bytes key = Bytes.wrap(new byte[] {7});
    store.put(key, new byte[] {1}, 100);
    store.put(key, new byte[] {2}, 200);
    WindowStoreIterator<byte[]> it = store.fetch(key, 0, 300);
    assertThat(it.next().key).isEqualTo(100L);
    store.put(key, new byte[] {3}, 1_600);
    // Segment 0 is dropped from the store, but the open iterator still reads it.
    assertThat(it.next().key).isEqualTo(200L);
    assertThat(it.hasNext()).isFalse();
    it.close();
    assertThat(tmp.resolve("strata").resolve("w").resolve("w.0")).doesNotExist();
    WindowStoreIterator<byte[]> open = store.fetch(key, 0, 2_000);
    store.close();
    assertThat(store.isOpen()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(open::hasNext)
        .hasMessageContaining("is closed");
  }
}
