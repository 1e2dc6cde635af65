package io.strata.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dsl.store.suppliers.class=StrataDslStoreSuppliers} moves every DSL store of an
 * application to Strata: a topology with a count, a windowed count and a session count, built
 * without naming any store supplier, gives the same output as with Kafka's in-memory stores, and
 * its stores are Strata databases on disk.
 */
class DslStoreSuppliersTest {
  private static final int RECORDS = 5_000;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void everyDslStoreIsAStrataStoreWithTheInMemoryStoresOutput() throws IOException {
    Run strata = run(StrataDslStoreSuppliers.class, dir.resolve("strata"));
    Run memory = run(BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class,
        dir.resolve("memory"));
    assertThat(strata.output).hasSizeGreaterThan(RECORDS);
    assertThat(strata.output).containsExactlyElementsOf(memory.output);
    // While the driver ran, each store's databases held a CURRENT file.
    assertThat(strata.databases)
        .anyMatch(p -> p.contains("counts"))
        .anyMatch(p -> p.contains("windowed"))
        .anyMatch(p -> p.contains("sessions"));
    assertThat(memory.databases).isEmpty();
  }

  /** The output records, and the directories holding a CURRENT file before the driver closed. */
  private record Run(List<String> output, List<String> databases) {}

  @Test
  void aMisspeltSettingFailsTheStartNamingIt() {
    Properties props = props(StrataDslStoreSuppliers.class, dir);
    props.put("strata.compaction.stratgy", "tiered");
    assertThatThrownBy(() -> new TopologyTestDriver(topology(props), props))
        .hasStackTraceContaining("strata.compaction.stratgy")
        .hasStackTraceContaining(StrataStoreConfig.COMPACTION_STRATEGY);
    assertThatThrownBy(() -> new StrataDslStoreSuppliers().configure(
        java.util.Map.of("strata.compaction.stratgy", "tiered")))
        .isInstanceOf(ConfigException.class);
  }

  private static Properties props(Class<?> suppliers, Path stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "dsl-stores");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, suppliers.getName());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    return p;
  }

  private static org.apache.kafka.streams.Topology topology(Properties props) {
    StreamsBuilder b = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    KGroupedStream<String, String> grouped = b.stream("events",
            Consumed.with(Serdes.String(), Serdes.String()))
        .groupByKey(Grouped.with(Serdes.String(), Serdes.String()));
    grouped.count(org.apache.kafka.streams.kstream.Materialized.as("counts")).toStream()
        .mapValues(v -> "count " + v)
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
    grouped.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(5), Duration.ofMinutes(1)))
        .count(org.apache.kafka.streams.kstream.Materialized.as("windowed")).toStream()
        .map((Windowed<String> k, Long v) -> KeyValue.pair(k.key() + "@" + k.window().start(),
            "window " + v))
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
    grouped.windowedBy(SessionWindows.ofInactivityGapAndGrace(Duration.ofMinutes(2),
            Duration.ofMinutes(1)))
        .count(org.apache.kafka.streams.kstream.Materialized.as("sessions")).toStream()
        .map((Windowed<String> k, Long v) -> KeyValue.pair(k.key() + "@" + k.window().start()
            + "-" + k.window().end(), "session " + v))
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
    return b.build();
  }

  private static Run run(Class<?> suppliers, Path stateDir) throws IOException {
    Properties props = props(suppliers, stateDir);
    List<String> output = new ArrayList<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(topology(props), props)) {
      TestInputTopic<String, String> in = driver.createInputTopic("events",
          Serdes.String().serializer(), Serdes.String().serializer());
      TestOutputTopic<String, String> out = driver.createOutputTopic("out",
          Serdes.String().deserializer(), Serdes.String().deserializer());
      Random random = new Random(42);
      Instant t = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < RECORDS; i++) {
        // Mostly forward in time, sometimes late, so that grace and retention both matter.
        t = t.plusMillis(random.nextInt(10) == 0 ? -90_000 : random.nextInt(20_000));
        in.pipeInput("k" + random.nextInt(50), "v", t);
        out.readKeyValuesToList().forEach(kv -> output.add(kv.key + "=" + kv.value));
      }
      if (!Files.exists(stateDir)) {
        return new Run(output, List.of());
      }
      try (Stream<Path> files = Files.walk(stateDir)) {
        return new Run(output, files.filter(p -> p.getFileName().toString().equals("CURRENT"))
            .map(p -> p.getParent().toString()).toList());
      }
    }
  }
}
