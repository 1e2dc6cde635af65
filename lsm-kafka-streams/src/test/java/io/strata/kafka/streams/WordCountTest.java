package io.strata.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word count through {@link TopologyTestDriver}, once with a Strata store and once with Kafka's
 * in-memory store: the output records and the final store contents must be equal.
 */
class WordCountTest {
  private static final int WORDS = 50_000;
  private static final long SEED = 20261206L;

  @TempDir
  Path stateDir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void strataAndInMemoryStoresCountTheSameWords() {
    List<String> lines = lines(new Random(SEED));
    Run strata = run(StrataKeyValueBytesStoreSupplier.timestamped("counts"), lines,
        stateDir.resolve("strata"));
    Run memory = run(Stores.inMemoryKeyValueStore("counts"), lines, stateDir.resolve("memory"));
    assertThat(strata.output).hasSize(WORDS);
    assertThat(strata.output).containsExactlyElementsOf(memory.output);
    assertThat(strata.store).isEqualTo(memory.store);
    assertThat(strata.store).hasSizeGreaterThan(1000);
  }

  /** About WORDS words over a Zipf-like vocabulary, in lines of 1 to 10 words. */
  static List<String> lines(Random random) {
    List<String> lines = new ArrayList<>();
    int words = 0;
    while (words < WORDS) {
      int n = Math.min(1 + random.nextInt(10), WORDS - words);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        double u = random.nextDouble();
        int rank = (int) Math.floor(Math.pow(20_000, u));
        sb.append(i == 0 ? "" : " ").append("w").append(Integer.toString(rank, 36));
      }
      lines.add(sb.toString());
      words += n;
    }
    return lines;
  }

  record Run(List<KeyValue<String, Long>> output, Map<String, Long> store) {}

  static Topology topology(KeyValueBytesStoreSupplier supplier) {
    StreamsBuilder b = new StreamsBuilder();
    b.stream("lines", org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(),
            Serdes.String()))
        .flatMapValues(line -> List.of(line.split(" ")))
        .groupBy((k, w) -> w, Grouped.with(Serdes.String(), Serdes.String()))
        .count(Materialized.<String, Long>as(supplier).withKeySerde(Serdes.String())
            .withValueSerde(Serdes.Long()).withCachingDisabled())
        .toStream().to("counts", Produced.with(Serdes.String(), Serdes.Long()));
    return b.build();
  }

  static Properties props(Path dir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "word-count");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    return p;
  }

  private static Run run(KeyValueBytesStoreSupplier supplier, List<String> lines, Path dir) {
    try (TopologyTestDriver driver = new TopologyTestDriver(topology(supplier), props(dir))) {
      TestInputTopic<String, String> in = driver.createInputTopic("lines",
          Serdes.String().serializer(), Serdes.String().serializer());
      TestOutputTopic<String, Long> out = driver.createOutputTopic("counts",
          Serdes.String().deserializer(), Serdes.Long().deserializer());
      List<KeyValue<String, Long>> output = new ArrayList<>();
      for (String line : lines) {
        in.pipeInput(null, line);
        output.addAll(out.readKeyValuesToList());
      }
      KeyValueStore<String, Long> store = driver.getKeyValueStore("counts");
      Map<String, Long> contents = new TreeMap<>();
      try (KeyValueIterator<String, Long> it = store.all()) {
        it.forEachRemaining(kv -> contents.put(kv.key, kv.value));
      }
      return new Run(output, contents);
    }
  }

  static Function<Bytes, String> text() {
    return b -> new String(b.get(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
