package io.strata.kafka.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.internals.RecordConverters;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A windowed and a session count run with Strata stores through {@link TopologyTestDriver}; the
 * changelog records it produced are restored into fresh stores in batches, which must then hold
 * exactly what the running stores held. The restored stores commit offsets, close, reopen and
 * claim those offsets.
 */
class SegmentedStoreRestoreTest {
  @TempDir
  Path tmp;

  @Test
  void windowStoreRestoredFromChangelogMatches() {
    StrataWindowBytesStoreSupplier supplier =
        new StrataWindowBytesStoreSupplier("counts", 4_000, 2_000, 1_000, false, true);
    StreamsBuilder b = new StreamsBuilder();
    b.stream("words", Consumed.with(Serdes.String(), Serdes.String())).groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(1_000), Duration.ofMillis(500)))
        .count(Materialized.<String, Long>as(supplier)
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
    List<String> running = new ArrayList<>();
    List<ConsumerRecord<byte[], byte[]>> changelog;
    try (TopologyTestDriver d = driver(b.build(), "run")) {
      WindowedCountTopologyTest.run(d, 41);
      // Kafka's restore hands a timestamped store its values in the timestamped format.
      changelog = changelog(d, "app-counts-changelog").stream()
          .map(RecordConverters.rawValueToTimestampedValue()::convert).toList();
      try (KeyValueIterator<Windowed<String>, ValueAndTimestamp<Long>> it =
          d.<String, Long>getTimestampedWindowStore("counts").all()) {
        it.forEachRemaining(kv -> running.add(kv.key.key() + "@" + kv.key.window().start() + "="
            + kv.value.value() + "/" + kv.value.timestamp()));
      }
    }
    WindowStore<Bytes, byte[]> restored = supplier.get();
    List<String> restoredContents = restoreAndReopen(restored, changelog, s -> {
      List<String> out = new ArrayList<>();
      try (KeyValueIterator<Windowed<Bytes>, byte[]> it = ((WindowStore<Bytes, byte[]>) s).all()) {
        it.forEachRemaining(kv -> out.add(new String(kv.key.key().get(), UTF_8) + "@"
            + kv.key.window().start() + "=" + ByteBuffer.wrap(kv.value).getLong(8) + "/"
            + ByteBuffer.wrap(kv.value).getLong(0)));
      }
      return out;
    }, supplier::get);
    assertThat(running).isNotEmpty();
    assertThat(restoredContents).isEqualTo(running);
  }

  @Test
  void sessionStoreRestoredFromChangelogMatches() {
    StrataSessionBytesStoreSupplier supplier =
        new StrataSessionBytesStoreSupplier("sessions", 3_000, 1_500);
    StreamsBuilder b = new StreamsBuilder();
    b.stream("words", Consumed.with(Serdes.String(), Serdes.String())).groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(100),
            Duration.ofMillis(400)))
        .count(Materialized.<String, Long>as(supplier)
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
    List<String> running = new ArrayList<>();
    List<ConsumerRecord<byte[], byte[]>> changelog;
    try (TopologyTestDriver d = driver(b.build(), "run")) {
      WindowedCountTopologyTest.run(d, 42);
      changelog = changelog(d, "app-sessions-changelog");
      try (KeyValueIterator<Windowed<String>, Long> it =
          d.<String, Long>getSessionStore("sessions").fetch("k0", "k9")) {
        it.forEachRemaining(kv -> running.add(kv.key.key() + "@" + kv.key.window().start() + "-"
            + kv.key.window().end() + "=" + kv.value));
      }
    }
    List<String> restoredContents = restoreAndReopen(supplier.get(), changelog,
        s -> {
          List<String> out = new ArrayList<>();
          try (KeyValueIterator<Windowed<Bytes>, byte[]> it = ((SessionStore<Bytes, byte[]>) s)
              .fetch(Bytes.wrap("k0".getBytes(UTF_8)), Bytes.wrap("k9".getBytes(UTF_8)))) {
            it.forEachRemaining(kv -> out.add(new String(kv.key.key().get(), UTF_8) + "@"
                + kv.key.window().start() + "-" + kv.key.window().end() + "="
                + ByteBuffer.wrap(kv.value).getLong()));
          }
          return out;
        }, supplier::get);
    assertThat(running).isNotEmpty();
    assertThat(restoredContents).isEqualTo(running);
  }

  private <S extends StateStore> List<String> restoreAndReopen(S store,
      List<ConsumerRecord<byte[], byte[]>> changelog,
      java.util.function.Function<StateStore, List<String>> contents,
      java.util.function.Supplier<S> fresh) {
    Path dir = tmp.resolve("restored");
    TestStoreContext context = new TestStoreContext(dir, Map.of());
    store.init(context, store);
    RecordBatchingStateRestoreCallback callback =
        (RecordBatchingStateRestoreCallback) context.callbacks.get(store.name());
    for (int i = 0; i < changelog.size(); i += 500) {
      callback.restoreBatch(changelog.subList(i, Math.min(changelog.size(), i + 500)));
    }
    List<String> afterRestore = contents.apply(store);
    TopicPartition tp = new TopicPartition("changelog", 0);
    store.commit(Map.of(tp, (long) changelog.size()));
    assertThat(store.committedOffset(tp)).isEqualTo(changelog.size());
    store.close();
    S reopened = fresh.get();
    reopened.init(new TestStoreContext(dir, Map.of()), reopened);
    assertThat(reopened.committedOffset(tp)).isEqualTo(changelog.size());
    assertThat(contents.apply(reopened)).isEqualTo(afterRestore);
    reopened.close();
    return afterRestore;
  }

  private static List<ConsumerRecord<byte[], byte[]>> changelog(TopologyTestDriver d,
      String topic) {
    TestOutputTopic<byte[], byte[]> out =
        d.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    long offset = 0;
    for (TestRecord<byte[], byte[]> r : out.readRecordsToList()) {
      ConsumerRecord<byte[], byte[]> c = new ConsumerRecord<>(topic, 0, offset++, r.timestamp(),
          TimestampType.CREATE_TIME, r.key().length, r.value() == null ? -1 : r.value().length,
          r.key(), r.value(), r.headers(), Optional.empty());
      records.add(c);
    }
    assertThat(records).isNotEmpty();
    return records;
  }

  private TopologyTestDriver driver(Topology topology, String dir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    p.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve(dir).toString());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    return new TopologyTestDriver(topology, p);
  }
}
