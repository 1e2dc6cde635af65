package io.strata.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.SlidingWindows;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random topologies, each run once with every DSL store on Strata ({@link
 * StrataDslStoreSuppliers}) and once on Kafka's in-memory stores, over the same random input:
 * the output records must be equal, record by record.
 *
 * <p>A topology is drawn from a seed: a stream of (key, number) records, stateless steps
 * (filter, mapValues, selectKey), then one or two stateful steps (count, reduce, aggregate,
 * tumbling, hopping and sliding windowed counts, session counts, a stream-table join, a table
 * aggregation after a re-grouping). Late records (behind the stream time) exercise grace periods
 * and retention. {@code -Dstrata.topologies=N} runs more topologies than the default 12;
 * {@code -Dstrata.seed=S} replays the printed seed.
 */
class RandomTopologyModelTest {
  private static final int RECORDS = 1_500;
  private static final int STEP_KINDS = 9;
  private static final int TABLE_JOIN = 7;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void strataAndInMemoryStoresGiveTheSameOutput() {
    long base = Long.getLong("strata.seed", System.nanoTime());
    int topologies = Integer.getInteger("strata.topologies", 12);
    System.out.println("RandomTopologyModelTest seed " + base + ", " + topologies
        + " topologies (-Dstrata.seed replays them)");
    for (int i = 0; i < topologies; i++) {
      long seed = base + i;
      List<String> strata = run(seed, StrataDslStoreSuppliers.class, dir.resolve(i + "-strata"));
      List<String> memory = run(seed, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class,
          dir.resolve(i + "-memory"));
      assertThat(strata).as("topology of seed %s", seed).isNotEmpty();
      assertThat(strata).as("topology of seed %s", seed).containsExactlyElementsOf(memory);
    }
  }

  private static List<String> run(long seed, Class<?> suppliers, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "random-topology");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, suppliers.getName());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    // Small memtables, so that the stores flush and compact during the run.
    props.put(StrataStoreConfig.WRITE_BUFFER_BYTES, "65536");
    Random random = new Random(seed);
    StreamsBuilder b = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    boolean usesTable = build(random, b);
    List<String> output = new ArrayList<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(b.build(), props)) {
      TestInputTopic<String, Long> events = driver.createInputTopic("events",
          Serdes.String().serializer(), Serdes.Long().serializer());
      TestInputTopic<String, Long> table = usesTable ? driver.createInputTopic("table",
          Serdes.String().serializer(), Serdes.Long().serializer()) : null;
      TestOutputTopic<String, String> out = driver.createOutputTopic("out",
          Serdes.String().deserializer(), Serdes.String().deserializer());
      Instant t = Instant.parse("2026-01-01T00:00:00Z");
      int keys = 5 + random.nextInt(60);
      for (int i = 0; i < RECORDS; i++) {
        t = t.plusMillis(random.nextInt(8) == 0 ? -random.nextInt(120_000)
            : random.nextInt(15_000));
        String key = "k" + random.nextInt(keys);
        if (table != null && random.nextInt(5) == 0) {
          table.pipeInput(key, random.nextInt(10) == 0 ? null : (long) random.nextInt(1000), t);
        } else {
          events.pipeInput(key, (long) random.nextInt(1000), t);
        }
        out.readKeyValuesToList().forEach(kv -> output.add(kv.key + "=" + kv.value));
      }
    }
    return output;
  }

  /**
   * Adds to {@code b} a topology drawn from {@code random}; every store it makes comes from the
   * DSL suppliers. Returns whether it reads the table topic.
   */
  private static boolean build(Random random, StreamsBuilder b) {
    KStream<String, Long> stream = b.stream("events", Consumed.with(Serdes.String(),
        Serdes.Long()));
    switch (random.nextInt(4)) {
      case 0 -> stream = stream.filter((k, v) -> v % 7 != 0);
      case 1 -> stream = stream.mapValues(v -> v * 3 + 1);
      // New keys from the same key space as the table topic's, so that a join still matches.
      case 2 -> stream = stream.selectKey((k, v) -> "k" + (v % 13));
      default -> { }
    }
    // One or two stateful steps of different kinds (the table topic has one source).
    int first = random.nextInt(STEP_KINDS);
    addStatefulStep(first, stream, b, "s0");
    int second = random.nextBoolean()
        ? (first + 1 + random.nextInt(STEP_KINDS - 1)) % STEP_KINDS : -1;
    if (second >= 0) {
      addStatefulStep(second, stream, b, "s1");
    }
    return first == TABLE_JOIN || second == TABLE_JOIN;
  }

  private static void addStatefulStep(int kind, KStream<String, Long> stream, StreamsBuilder b,
      String name) {
    KGroupedStream<String, Long> grouped = stream.groupByKey(Grouped.with(name + "-group",
        Serdes.String(), Serdes.Long()));
    Produced<String, String> produced = Produced.with(Serdes.String(), Serdes.String());
    Duration grace = Duration.ofSeconds(30);
    switch (kind) {
      case 0 -> grouped.count(Materialized.as(name + "-count")).toStream()
          .mapValues(v -> name + " count " + v).to("out", produced);
      case 1 -> grouped.reduce(Long::sum, Materialized.as(name + "-sum")).toStream()
          .mapValues(v -> name + " sum " + v).to("out", produced);
      case 2 -> grouped.aggregate(() -> Long.MIN_VALUE, (k, v, max) -> Math.max(v, max),
              Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(name + "-max")
                  .withValueSerde(Serdes.Long()))
          .toStream().mapValues(v -> name + " max " + v).to("out", produced);
      case 3 -> grouped.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), grace))
          .count(Materialized.as(name + "-tumbling")).toStream()
          .map((Windowed<String> k, Long v) -> KeyValue.pair(k.key() + "@"
              + k.window().start(), name + " tumbling " + v)).to("out", produced);
      case 4 -> grouped.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(2), grace)
              .advanceBy(Duration.ofSeconds(30)))
          .count(Materialized.as(name + "-hopping")).toStream()
          .map((Windowed<String> k, Long v) -> KeyValue.pair(k.key() + "@"
              + k.window().start(), name + " hopping " + v)).to("out", produced);
      case 5 -> grouped.windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(
              Duration.ofSeconds(45), grace))
          .reduce(Long::sum, Materialized.as(name + "-sliding")).toStream()
          .map((Windowed<String> k, Long v) -> KeyValue.pair(k.key() + "@"
              + k.window().start() + "-" + k.window().end(), name + " sliding " + v))
          .to("out", produced);
      case 6 -> grouped.windowedBy(SessionWindows.ofInactivityGapAndGrace(
              Duration.ofSeconds(40), grace))
          .count(Materialized.as(name + "-sessions")).toStream()
          .map((Windowed<String> k, Long v) -> KeyValue.pair(k.key() + "@"
              + k.window().start() + "-" + k.window().end(), name + " session " + v))
          .to("out", produced);
      case TABLE_JOIN -> {
        KTable<String, Long> table = b.table("table", Consumed.with(Serdes.String(),
            Serdes.Long()), Materialized.as(name + "-table"));
        // After selectKey the join repartitions the stream; Joined gives that topic its serdes.
        stream.join(table, (v, tv) -> name + " join " + v + "/" + tv,
                Joined.with(Serdes.String(), Serdes.Long(), Serdes.Long(), name + "-join"))
            .to("out", produced);
      }
      default -> {
        KTable<String, Long> counts = grouped.count(Materialized.as(name + "-counts"));
        counts.groupBy((k, v) -> KeyValue.pair("n" + (v % 5), 1L),
                Grouped.with(name + "-regroup", Serdes.String(), Serdes.Long()))
            .reduce(Long::sum, (agg, old) -> agg - old, Materialized.as(name + "-buckets"))
            .toStream().mapValues(v -> name + " buckets " + v).to("out", produced);
      }
    }
  }
}
