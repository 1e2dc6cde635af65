package io.strata.kafka.streams.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Runs {@link WordCountApp} end to end: starts a single-node broker ({@link LocalKafkaBroker})
 * unless {@code --bootstrap-servers} names one, creates an input and an output topic (named
 * after the run, so runs never share state), writes a text to the input, runs the application
 * with exactly-once processing until every word is counted on the output (read committed),
 * prints the most frequent words and exits, stopping the broker it started.
 *
 * <pre>{@code
 * ./strata-kafka-demo wordcount [--store strata|rocksdb|memory] [--input-file FILE]
 *     [--repeat N] [--bootstrap-servers HOST:PORT] [--dir DIR]
 * }</pre>
 */
public final class WordCountDemo {

  private static final Pattern NON_WORD = Pattern.compile("\\W+");

  private static final List<String> TEXT = List.of(
      "A log-structured merge tree buffers writes in memory and flushes them to sorted tables.",
      "Compaction merges the tables level by level so that reads look at few of them.",
      "Kafka Streams keeps the state of each task in a store and its changes in a changelog topic.",
      "After a crash the store is restored from the changelog and processing resumes.",
      "Exactly once processing commits the output, the store changes and the offsets together.");

  private WordCountDemo() {}

  /**
   * Runs the demo.
   *
   * @param args {@code --store} ({@code strata}, {@code rocksdb} or {@code memory}; default
   *     {@code strata}), {@code --input-file} (a text file; default a built-in text),
   *     {@code --repeat} (how many times the text is written; default 1000), {@code --bootstrap-servers} (a running broker;
   *     default: start one), {@code --dir} (where the broker and the stores keep their files, left
   *     in place; default a new temporary directory, deleted at the end)
   * @throws Exception if the broker cannot be started, the topics cannot be created, or the
   *     application fails or does not count every word within five minutes
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = WordCountApp.parseOptions(args, Map.of(
        "--store", "strata",
        "--repeat", "1000"), "--input-file", "--dir");
    StoreKind store = StoreKind.parse(options.get("--store"));
    List<String> text = options.containsKey("--input-file")
        ? Files.readAllLines(Path.of(options.get("--input-file")), StandardCharsets.UTF_8)
        : TEXT;
    int repeat = Integer.parseInt(options.get("--repeat"));
    boolean temporary = !options.containsKey("--dir");
    Path dir = temporary
        ? Files.createTempDirectory("strata-kafka-demo")
        : Files.createDirectories(Path.of(options.get("--dir")));
    String run = "wordcount-" + Long.toString(System.currentTimeMillis(), 36);

    LocalKafkaBroker broker = null;
    String servers = options.get("--bootstrap-servers");
    if (servers == null) {
      if (!LocalKafkaBroker.brokerOnClassPath()) {
        throw new IllegalStateException(LocalKafkaBroker.BROKER_MAIN_CLASS
            + " is not on the class path: run through ./strata-kafka-demo or pass"
            + " --bootstrap-servers");
      }
      System.out.println("starting a Kafka broker in " + dir.resolve("broker"));
      broker = LocalKafkaBroker.start(
          dir.resolve("broker"), System.getProperty("java.class.path"), Duration.ofMinutes(2));
      servers = broker.bootstrapServers();
      System.out.println("broker serving on " + servers);
    }
    try {
      run(servers, store, text, repeat, dir.resolve("state-" + run), run);
    } finally {
      if (broker != null) {
        broker.close();
      }
      if (temporary) {
        deleteRecursively(dir);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void run(String servers, StoreKind store, List<String> text, int repeat,
      Path stateDir, String run) throws Exception {
    String input = run + "-in";
    String output = run + "-out";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      admin.createTopics(List.of(new NewTopic(input, 2, (short) 1),
          new NewTopic(output, 2, (short) 1))).all().get(1, TimeUnit.MINUTES);
    }
    long words = produce(servers, input, text, repeat);
    System.out.printf(Locale.ROOT, "wrote %d lines, %d words to %s%n",
        (long) text.size() * repeat, words, input);

    Properties config = WordCountApp.streamsConfig(
        run, servers, stateDir.toString(), StreamsConfig.EXACTLY_ONCE_V2);
    long start = System.nanoTime();
    try (KafkaStreams streams = new KafkaStreams(WordCountApp.topology(
        input, output, store.keyValueStore(WordCountApp.STORE_NAME)), config)) {
      streams.start();
      Map<String, Long> counts = awaitCounts(servers, output, words, streams);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT,
          "counted %d words (%d distinct) with %s stores and exactly_once_v2 in %.1f s%n",
          words, counts.size(), store.name().toLowerCase(Locale.ROOT), seconds);
      List<Map.Entry<String, Long>> top = new ArrayList<>(counts.entrySet());
      top.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
          .thenComparing(Map.Entry.comparingByKey()));
      for (Map.Entry<String, Long> entry : top.subList(0, Math.min(10, top.size()))) {
        System.out.printf(Locale.ROOT, "%10d  %s%n", entry.getValue(), entry.getKey());
      }
    }
  }

  private static long produce(String servers, String topic, List<String> text, int repeat)
      throws InterruptedException, ExecutionException {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    long words = 0;
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int r = 0; r < repeat; r++) {
        for (String line : text) {
          producer.send(new ProducerRecord<>(topic, line));
          for (String word : NON_WORD.split(line.toLowerCase(Locale.ROOT))) {
            words += word.isEmpty() ? 0 : 1;
          }
        }
      }
      producer.flush();
    }
    return words;
  }

  private static Map<String, Long> awaitCounts(String servers, String topic, long words,
      KafkaStreams streams) throws IOException {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    Map<String, Long> counts = new TreeMap<>();
    long total = 0;
    try (KafkaConsumer<String, Long> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new LongDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (total < words) {
        if (streams.state() == KafkaStreams.State.ERROR
            || streams.state() == KafkaStreams.State.NOT_RUNNING) {
          throw new IOException("the application stopped: " + streams.state());
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("counted " + total + " of " + words + " words in five minutes");
        }
        for (ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(200))) {
          Long previous = counts.put(record.key(), record.value());
          total += record.value() - (previous == null ? 0 : previous);
        }
      }
    }
    return counts;
  }
}
