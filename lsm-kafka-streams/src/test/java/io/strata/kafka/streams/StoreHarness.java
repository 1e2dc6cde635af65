package io.strata.kafka.streams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Opens stores the way Kafka Streams does, through a {@link TopologyTestDriver} whose only
 * processor owns them (no logging, no caching), and renders iterators as text for comparison.
 */
final class StoreHarness {
  private StoreHarness() {}

  static TopologyTestDriver driver(Path stateDir, StoreBuilder<?>... stores) {
    Topology t = new Topology();
    t.addSource("src", "in");
    t.addProcessor("p", () -> new Processor<Object, Object, Object, Object>() {
      @Override
      public void process(Record<Object, Object> record) {
        // The stores are driven directly by the test.
      }
    }, "src");
    for (StoreBuilder<?> b : stores) {
      t.addStateStore(b.withLoggingDisabled().withCachingDisabled(), "p");
    }
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    return new TopologyTestDriver(t, p);
  }

  static String hex(Bytes b) {
    return b == null ? "null" : HexFormat.of().formatHex(b.get());
  }

  static String hex(byte[] b) {
    return b == null ? "null" : HexFormat.of().formatHex(b);
  }

  /** Every entry as {@code key@start-end=value}, in iteration order; closes the iterator. */
  static List<String> windowed(KeyValueIterator<Windowed<Bytes>, byte[]> it) {
    List<String> out = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        KeyValue<Windowed<Bytes>, byte[]> kv = it.next();
        out.add(hex(kv.key.key()) + "@" + kv.key.window().start() + "-" + kv.key.window().end()
            + "=" + hex(kv.value));
      }
    }
    return out;
  }

  /** Every entry as {@code time=value}, in iteration order; closes the iterator. */
  static List<String> timed(KeyValueIterator<Long, byte[]> it) {
    List<String> out = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        KeyValue<Long, byte[]> kv = it.next();
        out.add(kv.key + "=" + hex(kv.value));
      }
    }
    return out;
  }

  static List<String> sorted(List<String> in) {
    List<String> out = new ArrayList<>(in);
    out.sort(null);
    return out;
  }

  static List<String> reversed(List<String> in) {
    List<String> out = new ArrayList<>(in);
    java.util.Collections.reverse(out);
    return out;
  }
}
