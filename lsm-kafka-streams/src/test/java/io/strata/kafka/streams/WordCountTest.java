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
    long t0 = System.nanoTime();
    Run strata = run(StrataKeyValueBytesStoreSupplier.timestamped("counts"), lines,
        stateDir.resolve("strata"));
    long t1 = System.nanoTime();
    Run memory = run(Stores.inMemoryKeyValueStore("counts"), lines, stateDir.resolve("memory"));
    System.out.printf("word count of %d words: Strata store %d ms, in-memory store %d ms%n",
        WORDS, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    assertThat(strata.output).hasSize(WORDS);
    assertThat(strata.output).containsExactlyElementsOf(memory.output);
    assertThat(strata.store).isEqualTo(memory.store);
    assertThat(strata.store).hasSizeGreaterThan(1000);
  }

  /**
   * Counts words with a plain Strata key-value store, then rebuilds a new store from the records
   * the run wrote to the store's changelog topic, through the store's restore callback in batches
   * as Kafka Streams' changelog reader gives them: the rebuilt store equals the counted one, and
   * after the commit that follows the restore it survives a crash with the claimed offset.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theChangelogRebuildsTheStore() {
    List<String> lines = lines(new Random(SEED + 1), 10_000);
    Map<String, Long> counted = new TreeMap<>();
    List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> changelog =
        new ArrayList<>();
    String topic = "word-count-counts-changelog";
    try (TopologyTestDriver driver = new TopologyTestDriver(
        topology(StrataKeyValueBytesStoreSupplier.keyValue("counts")),
        props(stateDir.resolve("counted")))) {
      TestInputTopic<String, String> in = driver.createInputTopic("lines",
          Serdes.String().serializer(), Serdes.String().serializer());
      lines.forEach(line -> in.pipeInput(null, line));
      KeyValueStore<String, Long> store = driver.getKeyValueStore("counts");
      try (KeyValueIterator<String, Long> it = store.all()) {
        it.forEachRemaining(kv -> counted.put(kv.key, kv.value));
      }
      long offset = 0;
      for (org.apache.kafka.streams.test.TestRecord<byte[], byte[]> r : driver.createOutputTopic(
          topic, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer())
          .readRecordsToList()) {
        changelog.add(new org.apache.kafka.clients.consumer.ConsumerRecord<>(topic, 0, offset++,
            r.key(), r.value()));
      }
    }
    assertThat(changelog).hasSizeGreaterThanOrEqualTo(10_000);

    Path restoreDir = stateDir.resolve("restored");
    StrataKeyValueBytesStore restored = new StrataKeyValueBytesStore("counts");
    TestStoreContext context = new TestStoreContext(restoreDir);
    restored.init(context, restored);
    org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback callback =
        (org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback)
            context.callbacks.get("counts");
    for (int i = 0; i < changelog.size(); i += 1000) {
      callback.restoreBatch(changelog.subList(i, Math.min(changelog.size(), i + 1000)));
    }
    org.apache.kafka.common.TopicPartition partition =
        new org.apache.kafka.common.TopicPartition(topic, 0);
    restored.commit(Map.of(partition, (long) changelog.size()));
    assertThat(contents(restored)).isEqualTo(counted);
    restored.closeWithoutFlush();

    StrataKeyValueBytesStore reopened = new StrataKeyValueBytesStore("counts");
    reopened.init(new TestStoreContext(restoreDir), reopened);
    assertThat(reopened.committedOffset(partition)).isEqualTo(changelog.size());
    assertThat(contents(reopened)).isEqualTo(counted);
    reopened.close();
  }

  private static Map<String, Long> contents(StrataKeyValueBytesStore store) {
    Map<String, Long> m = new TreeMap<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> m.put(text().apply(kv.key),
          Serdes.Long().deserializer().deserialize("", kv.value)));
    }
    return m;
  }

  static List<String> lines(Random random) {
    return lines(random, WORDS);
  }

  /** About {@code total} words over a Zipf-like vocabulary, in lines of 1 to 10 words. */
  static List<String> lines(Random random, int total) {
    List<String> lines = new ArrayList<>();
    int words = 0;
    while (words < total) {
      int n = Math.min(1 + random.nextInt(10), total - words);
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
