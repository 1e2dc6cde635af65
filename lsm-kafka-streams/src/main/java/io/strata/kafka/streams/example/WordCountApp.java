package io.strata.kafka.streams.example;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;

/**
 * The word count Kafka Streams application: splits each line of the input topic into lower-case
 * words, counts each word in a key-value store and writes every new count to the output topic
 * (key: the word, value: its count as a long).
 *
 * <p>Run as a program it processes until its JVM is stopped:
 *
 * <pre>{@code
 * WordCountApp --bootstrap-servers 127.0.0.1:9092 --state-dir /tmp/wc [--store strata]
 *     [--application-id wordcount] [--input-topic words-in] [--output-topic word-counts]
 *     [--processing-guarantee exactly_once_v2]
 * }</pre>
 *
 * <p>{@link WordCountDemo} runs it end to end against a broker of its own.
 */
public final class WordCountApp {

  /** The name of the store holding the counts. */
  public static final String STORE_NAME = "word-counts-store";

  private static final Pattern NON_WORD = Pattern.compile("\\W+");

  private WordCountApp() {}

  /**
   * Builds the word count topology.
   *
   * @param inputTopic the topic of text lines (string values; keys are ignored)
   * @param outputTopic the topic the counts go to (string keys, long values)
   * @param counts the supplier of the counts' store
   * @return the topology
   * @throws NullPointerException if an argument is null
   */
  public static Topology topology(
      String inputTopic, String outputTopic, KeyValueBytesStoreSupplier counts) {
    checkNotNull(inputTopic, "inputTopic");
    checkNotNull(outputTopic, "outputTopic");
    checkNotNull(counts, "counts");
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(inputTopic, Consumed.with(Serdes.String(), Serdes.String()))
        .flatMapValues(line -> Arrays.stream(NON_WORD.split(line.toLowerCase(Locale.ROOT)))
            .filter(word -> !word.isEmpty())
            .toList())
        .groupBy((key, word) -> word, Grouped.with("words", Serdes.String(), Serdes.String()))
        .count(Materialized.<String, Long>as(counts)
            .withKeySerde(Serdes.String())
            .withValueSerde(Serdes.Long()))
        .toStream()
        .to(outputTopic, Produced.with(Serdes.String(), Serdes.Long()));
    return builder.build();
  }

  /**
   * The Streams settings the application runs with.
   *
   * @param applicationId the application id (consumer group and internal topics' prefix)
   * @param bootstrapServers the brokers
   * @param stateDir the directory of the application's stores
   * @param processingGuarantee {@code at_least_once} or {@code exactly_once_v2}
   * @return the settings
   * @throws NullPointerException if an argument is null
   */
  public static Properties streamsConfig(String applicationId, String bootstrapServers,
      String stateDir, String processingGuarantee) {
    checkNotNull(applicationId, "applicationId");
    checkNotNull(bootstrapServers, "bootstrapServers");
    checkNotNull(stateDir, "stateDir");
    checkNotNull(processingGuarantee, "processingGuarantee");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    // A restarted instance takes over the killed one's partitions at once (static membership)
    // instead of waiting for the group coordinator to time the old member out.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
        applicationId + "-instance");
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
    return props;
  }

  /**
   * Runs the application until the JVM is stopped (SIGTERM or SIGINT closes it cleanly).
   *
   * @param args {@code --bootstrap-servers} and {@code --state-dir} (required), {@code --store}
   *     ({@code strata}, {@code rocksdb} or {@code memory}; default {@code strata}),
   *     {@code --application-id} (default {@code wordcount}), {@code --input-topic} (default
   *     {@code words-in}), {@code --output-topic} (default {@code word-counts}),
   *     {@code --processing-guarantee} (default {@code exactly_once_v2})
   * @throws IllegalArgumentException if an argument is unknown, lacks its value, or a required
   *     one is missing
   * @throws InterruptedException if interrupted while running
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> options = parseOptions(args, Map.of(
        "--store", "strata",
        "--application-id", "wordcount",
        "--input-topic", "words-in",
        "--output-topic", "word-counts",
        "--processing-guarantee", StreamsConfig.EXACTLY_ONCE_V2));
    String bootstrapServers = required(options, "--bootstrap-servers");
    String stateDir = required(options, "--state-dir");
    Topology topology = topology(options.get("--input-topic"), options.get("--output-topic"),
        StoreKind.parse(options.get("--store")).keyValueStore(STORE_NAME));
    KafkaStreams streams = new KafkaStreams(topology, streamsConfig(
        options.get("--application-id"), bootstrapServers, stateDir,
        options.get("--processing-guarantee")));
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close();
      closed.countDown();
    }, "wordcount-shutdown"));
    streams.setStateListener((newState, oldState) -> {
      System.out.println("state " + oldState + " -> " + newState);
      if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
        closed.countDown();
      }
    });
    streams.start();
    closed.await();
  }

  /**
   * Parses {@code --name value} pairs.
   *
   * @param args the program's arguments
   * @param defaults the accepted names with their default values; names absent here are refused
   *     unless listed in {@code extraNames}
   * @param extraNames accepted names without a default
   * @return every accepted name with its value, given or default
   * @throws IllegalArgumentException if a name is not accepted or lacks its value
   */
  static Map<String, String> parseOptions(
      String[] args, Map<String, String> defaults, String... extraNames) {
    Map<String, String> options = new TreeMap<>(defaults);
    Set<String> accepted = new TreeSet<>(defaults.keySet());
    accepted.addAll(Arrays.asList(extraNames));
    accepted.add("--bootstrap-servers");
    accepted.add("--state-dir");
    for (int i = 0; i < args.length; i += 2) {
      if (!accepted.contains(args[i])) {
        throw new IllegalArgumentException(
            "unknown argument " + args[i] + "; valid: " + String.join(", ", accepted));
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
