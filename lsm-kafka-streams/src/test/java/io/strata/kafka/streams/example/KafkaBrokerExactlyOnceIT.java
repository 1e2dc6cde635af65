package io.strata.kafka.streams.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word count with exactly-once processing against a real single-node Kafka broker (KRaft,
 * combined mode, forked JVM): the application, with Strata stores, runs in a forked JVM of its
 * own, is killed ({@code SIGKILL}) once it has committed part of its output, and is restarted on
 * the same state directory; the last count of every word on the output topic (read committed)
 * must then equal both the count computed from the input and the counts of a run with Kafka's
 * in-memory stores.
 */
class KafkaBrokerExactlyOnceIT {

  private static final String INPUT = "words-in";
  private static final int PARTITIONS = 2;
  private static final int LINES = 6_000;
  private static final int WORDS_PER_LINE = 8;
  private static final int VOCABULARY = 400;
  private static final Duration COUNTS_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  @Timeout(value = 360, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void killedApplicationResumesWithExactCounts() throws Exception {
    String classPath = testClassPath();
    try (LocalKafkaBroker broker =
        LocalKafkaBroker.start(dir.resolve("broker"), classPath, Duration.ofSeconds(90))) {
      String servers = broker.bootstrapServers();
      try (Admin admin = Admin.create(Map.of(
          AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
        admin.createTopics(List.of(
                new NewTopic(INPUT, PARTITIONS, (short) 1),
                new NewTopic("counts-store", PARTITIONS, (short) 1),
                new NewTopic("counts-memory", PARTITIONS, (short) 1)))
            .all().get(60, TimeUnit.SECONDS);
      }
      List<String> lines = lines();
      Map<String, Long> expected = expectedCounts(lines);
      produce(servers, lines.subList(0, LINES / 2));

      Process app = startApp(classPath, servers, StoreKind.STRATA, "wordcount-store",
          "counts-store", "first");
      try {
        long committedBeforeKill = awaitCommittedOutput(servers, "counts-store", app);
        app.destroyForcibly().waitFor();
        System.out.printf(Locale.ROOT,
            "killed the application after %d committed output records%n", committedBeforeKill);
        produce(servers, lines.subList(LINES / 2, LINES));
        app = startApp(classPath, servers, StoreKind.STRATA, "wordcount-store",
            "counts-store", "second");
        Map<String, Long> counts = awaitCounts(servers, "counts-store", expected, app);
        assertThat(counts).as("counts after kill and restart").isEqualTo(expected);
      } finally {
        app.destroyForcibly().waitFor();
      }

      Process memoryApp = startApp(classPath, servers, StoreKind.MEMORY, "wordcount-memory",
          "counts-memory", "memory");
      try {
        Map<String, Long> memoryCounts =
            awaitCounts(servers, "counts-memory", expected, memoryApp);
        assertThat(memoryCounts).as("counts with in-memory stores").isEqualTo(expected);
      } finally {
        memoryApp.destroyForcibly().waitFor();
      }
    }
  }

  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isEmpty()
        ? surefire : System.getProperty("java.class.path");
  }

  private Process startApp(String classPath, String servers, StoreKind store,
      String applicationId, String outputTopic, String run) throws IOException {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", classPath,
        WordCountApp.class.getName(),
        "--bootstrap-servers", servers,
        "--state-dir", dir.resolve("state-" + applicationId).toString(),
        "--store", store.name().toLowerCase(Locale.ROOT),
        "--application-id", applicationId,
        "--input-topic", INPUT,
        "--output-topic", outputTopic);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(applicationId + "-" + run + ".log").toFile())
        .start();
  }

  private static List<String> lines() {
    Random random = new Random(42);
    List<String> lines = new ArrayList<>(LINES);
    for (int i = 0; i < LINES; i++) {
      StringBuilder line = new StringBuilder();
      for (int w = 0; w < WORDS_PER_LINE; w++) {
        // Skewed towards small indexes, as word frequencies are.
        int word = (int) (VOCABULARY * Math.pow(random.nextDouble(), 3));
        line.append(w == 0 ? "" : w % 3 == 0 ? ", " : " ").append("Word").append(word);
      }
      lines.add(line.append('.').toString());
    }
    return lines;
  }

  private static Map<String, Long> expectedCounts(List<String> lines) {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : lines) {
      for (String word : line.toLowerCase(Locale.ROOT).split("\\W+")) {
        if (!word.isEmpty()) {
          counts.merge(word, 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  private static void produce(String servers, List<String> lines) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < lines.size(); i++) {
        producer.send(new ProducerRecord<>(INPUT, Integer.toString(i), lines.get(i)));
      }
      producer.flush();
    }
  }

  private static KafkaConsumer<String, Long> readCommitted(String servers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, Long> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new LongDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions.add(new TopicPartition(topic, p));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  /** Waits for the first committed output record of the application; returns how many it saw. */
  private long awaitCommittedOutput(String servers, String topic, Process app)
      throws IOException {
    long deadline = System.nanoTime() + COUNTS_TIMEOUT.toNanos();
    try (KafkaConsumer<String, Long> consumer = readCommitted(servers, topic)) {
      while (System.nanoTime() < deadline) {
        checkAlive(app, topic);
        int seen = consumer.poll(Duration.ofMillis(100)).count();
        if (seen > 0) {
          return seen;
        }
      }
    }
    throw new AssertionError("no committed output on " + topic + " within " + COUNTS_TIMEOUT);
  }

  /** Reads the last count of every word until they equal the expected ones or time runs out. */
  private Map<String, Long> awaitCounts(
      String servers, String topic, Map<String, Long> expected, Process app) throws IOException {
    long deadline = System.nanoTime() + COUNTS_TIMEOUT.toNanos();
    Map<String, Long> counts = new TreeMap<>();
    try (KafkaConsumer<String, Long> consumer = readCommitted(servers, topic)) {
      while (!counts.equals(expected) && System.nanoTime() < deadline) {
        checkAlive(app, topic);
        for (ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(200))) {
          counts.put(record.key(), record.value());
        }
      }
    }
    return counts;
  }

  private void checkAlive(Process app, String topic) throws IOException {
    if (!app.isAlive()) {
      StringBuilder logs = new StringBuilder();
      try (var files = Files.list(dir)) {
        for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
          logs.append("\n--- ").append(log.getFileName()).append('\n')
              .append(Files.readString(log, StandardCharsets.UTF_8));
        }
      }
      throw new AssertionError("the application writing " + topic + " exited with code "
          + app.exitValue() + logs);
    }
  }
}
