package io.strata.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.SessionBytesStoreSupplier;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A windowed count (tumbling and hopping windows) and a session-window count run through
 * {@link TopologyTestDriver} once with Strata stores and once with Kafka's in-memory stores;
 * the output records must be equal one by one, and so must the final store contents. Time runs
 * far enough past the retention that old windows expire and whole segments are dropped.
 */
class WindowedCountTopologyTest {
  private static final String STORE = "counts";
  private static final long RECORDS = 2_000;

  @TempDir
  Path tmp;

  @Test
  void tumblingWindowCountMatchesInMemoryStore() throws Exception {
    long size = 1_000;
    long grace = 500;
    long retention = 4_000;
    TimeWindows windows = TimeWindows.ofSizeAndGrace(Duration.ofMillis(size),
        Duration.ofMillis(grace));
    compareWindowed(windows,
        new StrataWindowBytesStoreSupplier(STORE, retention, 2_000, size, false, true),
        Stores.inMemoryWindowStore(STORE, Duration.ofMillis(retention),
            Duration.ofMillis(size), false), 11);
  }

  @Test
  void hoppingWindowCountMatchesInMemoryStore() throws Exception {
    long size = 2_000;
    long grace = 700;
    long retention = 5_000;
    TimeWindows windows = TimeWindows.ofSizeAndGrace(Duration.ofMillis(size),
        Duration.ofMillis(grace)).advanceBy(Duration.ofMillis(500));
    compareWindowed(windows,
        new StrataWindowBytesStoreSupplier(STORE, retention, 2_500, size, false, true),
        Stores.inMemoryWindowStore(STORE, Duration.ofMillis(retention),
            Duration.ofMillis(size), false), 12);
  }

  @Test
  void sessionWindowCountMatchesInMemoryStore() throws Exception {
    SessionWindows windows = SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(100),
        Duration.ofMillis(400));
    long retention = 3_000;
    List<String> inMemory;
    List<String> strata;
    List<String> inMemoryStore;
    List<String> strataStore;
    long seed = 13;
    try (TopologyTestDriver d = driver(sessionCount(windows,
        Stores.inMemorySessionStore(STORE, Duration.ofMillis(retention))), "mem")) {
      inMemory = run(d, seed);
      inMemoryStore = sessionStoreContents(d.getSessionStore(STORE));
    }
    Path dir = tmp.resolve("strata");
    try (TopologyTestDriver d = driver(sessionCount(windows,
        new StrataSessionBytesStoreSupplier(STORE, retention, 1_500)), "strata")) {
      strata = run(d, seed);
      strataStore = sessionStoreContents(d.getSessionStore(STORE));
    }
    assertThat(strata).hasSize(inMemory.size()).isEqualTo(inMemory);
    assertThat(strataStore).isNotEmpty().isEqualTo(inMemoryStore);
  }

  private void compareWindowed(TimeWindows windows, WindowBytesStoreSupplier strataSupplier,
      WindowBytesStoreSupplier memorySupplier, long seed) throws Exception {
    List<String> inMemory;
    List<String> strata;
    List<String> inMemoryStore;
    List<String> strataStore;
    try (TopologyTestDriver d = driver(windowedCount(windows, memorySupplier), "mem")) {
      inMemory = run(d, seed);
      inMemoryStore = windowStoreContents(d.getTimestampedWindowStore(STORE));
    }
    try (TopologyTestDriver d = driver(windowedCount(windows, strataSupplier), "strata")) {
      strata = run(d, seed);
      strataStore = windowStoreContents(d.getTimestampedWindowStore(STORE));
      Path storeDir = tmp.resolve("strata").resolve("app").resolve("0_0").resolve("strata").resolve(STORE);
      try (Stream<Path> segments = Files.list(storeDir)) {
        // Time ran far past the retention: only the last few segments remain on disk.
        long live = segments.filter(Files::isDirectory).count();
        long maxLive = strataSupplier.retentionPeriod() / strataSupplier.segmentIntervalMs() + 2;
        assertThat(live).isBetween(1L, maxLive);
      }
    }
    assertThat(strata).hasSize(inMemory.size()).isEqualTo(inMemory);
    assertThat(strataStore).isNotEmpty().isEqualTo(inMemoryStore);
  }

  private static Topology windowedCount(TimeWindows windows, WindowBytesStoreSupplier supplier) {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
        .groupByKey()
        .windowedBy(windows)
        .count(Materialized.<String, Long>as(supplier)
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
        .toStream()
        .map((k, v) -> KeyValue.pair(k.key() + "@" + k.window().start() + "-"
            + k.window().end(), v))
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
    return b.build();
  }

  private static Topology sessionCount(SessionWindows windows,
      SessionBytesStoreSupplier supplier) {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
        .groupByKey()
        .windowedBy(windows)
        .count(Materialized.<String, Long>as(supplier)
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
        .toStream()
        .map((k, v) -> KeyValue.pair(k.key() + "@" + k.window().start() + "-"
            + k.window().end(), v))
        .to("out", Produced.with(Serdes.String(), Serdes.Long()));
    return b.build();
  }

  private TopologyTestDriver driver(Topology topology, String dir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    p.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve(dir).toString());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    return new TopologyTestDriver(topology, p);
  }

  /**
   * Pipes {@link #RECORDS} words with mostly rising, sometimes late timestamps (some beyond the
   * grace period) and returns every output record as text.
   */
  static List<String> run(TopologyTestDriver d, long seed) {
    TestInputTopic<String, String> in =
        d.createInputTopic("words", new StringSerializer(), new StringSerializer());
    TestOutputTopic<String, Long> out =
        d.createOutputTopic("out", new StringDeserializer(), new LongDeserializer());
    Random rnd = new Random(seed);
    long time = 0;
    List<String> result = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      time += rnd.nextInt(20);
      long ts = rnd.nextInt(10) == 0 ? Math.max(0, time - rnd.nextInt(3_000)) : time;
      in.pipeInput("k" + rnd.nextInt(12), "w", Instant.ofEpochMilli(ts));
      for (TestRecord<String, Long> r : out.readRecordsToList()) {
        result.add(r.key() + "=" + r.value() + "@" + r.timestamp());
      }
    }
    return result;
  }

  private static List<String> windowStoreContents(
      WindowStore<String, ValueAndTimestamp<Long>> store) {
    return sorted(store.all(), kv -> kv.key.key() + "@" + kv.key.window().start() + "="
        + kv.value.value() + "/" + kv.value.timestamp());
  }

  private static List<String> sessionStoreContents(SessionStore<String, Long> store) {
    return sorted(store.fetch("k0", "k9"), kv -> kv.key.key() + "@" + kv.key.window().start()
        + "-" + kv.key.window().end() + "=" + kv.value);
  }

  private static <K, V> List<String> sorted(KeyValueIterator<K, V> it,
      Function<KeyValue<K, V>, String> text) {
    List<String> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(kv -> out.add(text.apply(kv)));
    }
    out.sort(null);
    return out;
  }

}
