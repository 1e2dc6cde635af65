package io.strata.kafka.streams;

import static io.strata.kafka.streams.StoreHarness.hex;
import static io.strata.kafka.streams.StoreHarness.sorted;
import static io.strata.kafka.streams.StoreHarness.windowed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.SessionWindow;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random operations on a Strata session store and on Kafka's in-memory session store, compared
 * after every operation: fetchSession, findSessions for one key forward and backward, key-range
 * and all-key variants, fetch and backwardFetch (same entries: among sessions of one end time,
 * Kafka's in-memory store gives the later start first, its RocksDB store the earlier, as
 * Strata's; Strata's single-key results are checked to run by end time), with
 * retention expiring sessions and segments.
 */
class StrataSessionStoreTest {
  private static final long RETENTION = 1_000;
  private static final long SEGMENT = 500;
  private static final int OPS = 3_000;

  private static final List<Bytes> KEYS = Stream.of(
      new byte[] {0}, new byte[] {0, 0}, new byte[] {1}, new byte[] {1, 0}, new byte[] {1, 0x7F},
      new byte[] {1, (byte) 0xFF}, new byte[] {2}, new byte[] {'a'}, new byte[] {(byte) 0xFF})
      .map(Bytes::wrap).toList();

  @TempDir
  Path tmp;

  @Test
  void randomOperationsMatchInMemoryStore() {
    long seed = 31;
    try (TopologyTestDriver d = StoreHarness.driver(tmp,
        Stores.sessionStoreBuilder(new StrataSessionBytesStoreSupplier("strata", RETENTION,
            SEGMENT), Serdes.Bytes(), Serdes.ByteArray()),
        Stores.sessionStoreBuilder(Stores.inMemorySessionStore("mem",
            Duration.ofMillis(RETENTION)), Serdes.Bytes(), Serdes.ByteArray()))) {
      SessionStore<Bytes, byte[]> strata = d.getSessionStore("strata");
      SessionStore<Bytes, byte[]> mem = d.getSessionStore("mem");
      Random rnd = new Random(seed);
      long time = 0;
      long streamTime = -1;
      for (int op = 0; op < OPS; op++) {
        String where = "seed " + seed + ", op " + op;
        time += rnd.nextInt(4);
        long end = rnd.nextInt(8) == 0 ? time - rnd.nextInt((int) (RETENTION * 3 / 2)) : time;
        end = Math.max(0, end);
        long start = Math.max(0, end - rnd.nextInt(200));
        Bytes key = KEYS.get(rnd.nextInt(KEYS.size()));
        Windowed<Bytes> session = new Windowed<>(key, new SessionWindow(start, end));
        long earliestEnd = Math.max(0, time - rnd.nextInt((int) (RETENTION * 3 / 2)));
        long latestStart = earliestEnd + rnd.nextInt((int) RETENTION);
        Bytes k2 = KEYS.get(rnd.nextInt(KEYS.size()));
        Bytes lo = key.compareTo(k2) <= 0 ? key : k2;
        Bytes hi = key.compareTo(k2) <= 0 ? k2 : key;
        switch (rnd.nextInt(12)) {
          case 0, 1, 2, 3 -> {
            byte[] value = rnd.nextInt(10) == 0 ? null : new byte[] {(byte) op, (byte) (op >> 8)};
            strata.put(session, value);
            mem.put(session, value);
            streamTime = Math.max(streamTime, end);
          }
          case 4 -> {
            // Kafka's in-memory store removes without moving its stream time, its RocksDB store
            // (and Strata's) removes as a put of null, which moves it: remove only sessions
            // that end before the stream time, where the two agree.
            if (end <= streamTime) {
              strata.remove(session);
              mem.remove(session);
            }
          }
          case 5 -> assertThat(hex(strata.fetchSession(key, start, end))).as(where)
              .isEqualTo(hex(mem.fetchSession(key, start, end)));
          case 6 -> {
            List<String> fwd = windowed(strata.findSessions(key, earliestEnd, latestStart));
            assertThat(sorted(fwd)).as(where)
                .isEqualTo(sorted(windowed(mem.findSessions(key, earliestEnd, latestStart))));
            assertThat(endsOf(fwd)).as(where).isSorted();
          }
          case 7 -> {
            List<String> bwd =
                windowed(strata.backwardFindSessions(key, earliestEnd, latestStart));
            assertThat(sorted(bwd)).as(where).isEqualTo(sorted(windowed(
                mem.backwardFindSessions(key, earliestEnd, latestStart))));
            assertThat(StoreHarness.reversed(bwd)).as(where)
                .isEqualTo(windowed(strata.findSessions(key, earliestEnd, latestStart)));
          }
          case 8 -> {
            List<String> fwd = windowed(strata.findSessions(lo, hi, earliestEnd, latestStart));
            assertThat(sorted(fwd)).as(where)
                .isEqualTo(sorted(windowed(mem.findSessions(lo, hi, earliestEnd, latestStart))));
            assertThat(windowed(strata.backwardFindSessions(lo, hi, earliestEnd, latestStart)))
                .as(where).isEqualTo(StoreHarness.reversed(fwd));
          }
          case 9 -> {
            List<String> fwd = windowed(strata.fetch(key));
            assertThat(sorted(fwd)).as(where).isEqualTo(sorted(windowed(mem.fetch(key))));
            assertThat(endsOf(fwd)).as(where).isSorted();
            assertThat(windowed(strata.backwardFetch(key))).as(where)
                .isEqualTo(StoreHarness.reversed(fwd));
          }
          case 10 -> {
            List<String> fwd = windowed(strata.fetch(lo, hi));
            assertThat(sorted(fwd)).as(where).isEqualTo(sorted(windowed(mem.fetch(lo, hi))));
            assertThat(windowed(strata.backwardFetch(lo, hi))).as(where)
                .isEqualTo(StoreHarness.reversed(fwd));
          }
          default -> {
            List<String> fwd = windowed(strata.findSessions(earliestEnd, latestStart));
            assertThat(sorted(fwd)).as(where)
                .isEqualTo(sorted(windowed(mem.findSessions(earliestEnd, latestStart))));
          }
        }
      }
      assertThat(windowed(strata.fetch(KEYS.get(0), KEYS.get(KEYS.size() - 1)))).isNotEmpty();
    }
  }

  /** The session ends of {@code key@start-end=value} texts. */
  private static List<Long> endsOf(List<String> sessions) {
    return sessions.stream()
        .map(t -> Long.parseLong(t.substring(t.indexOf('-', t.indexOf('@')) + 1, t.indexOf('='))))
        .toList();
  }

  @Test
  void expiredSessionSegmentIsDeletedFromDisk() {
    SessionStore<Bytes, byte[]> store = new StrataSessionBytesStoreSupplier("s", 1_000, 500).get();
    store.init(new TestStoreContext(tmp, Map.of()), store);
    Path dir = tmp.resolve("strata").resolve("s");
    Bytes key = Bytes.wrap(new byte[] {7});
    store.put(new Windowed<>(key, new SessionWindow(50, 100)), new byte[] {1});
    assertThat(dir.resolve("s.0")).isDirectory();
    store.put(new Windowed<>(key, new SessionWindow(1_400, 1_500)), new byte[] {2});
    assertThat(dir.resolve("s.0")).doesNotExist();
    assertThat(store.fetchSession(key, 50, 100)).isNull();
    assertThat(windowed(store.fetch(key))).containsExactly("07@1400-1500=02");
    store.close();
  }
}
