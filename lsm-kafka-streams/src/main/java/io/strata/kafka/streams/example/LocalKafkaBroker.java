package io.strata.kafka.streams.example;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one process) in a forked JVM on
 * 127.0.0.1, for tests, the word count demo and the benchmark's broker mode.
 *
 * <p>{@link #start} writes a {@code server.properties} into the given directory, formats the
 * storage there with a random cluster id the way {@code bin/kafka-storage.sh format} does (a JVM
 * running {@code kafka.tools.StorageTool}), then starts {@code kafka.Kafka} (what
 * {@code bin/kafka-server-start.sh} runs) and waits until an {@link Admin} client sees the broker.
 * Both JVMs run on the class path given, which must hold the {@code org.apache.kafka:kafka_2.13}
 * artifact and its dependencies. Their output goes to {@code broker.log} in the directory.
 *
 * <p>{@link #close} kills the broker's process and waits for it to exit; a JVM shutdown hook does
 * the same if the JVM exits before {@code close} is called, so no broker outlives its owner.
 *
 * <p>Instances are thread-safe.
 */
public final class LocalKafkaBroker implements AutoCloseable {

  /** The broker's main class, in the {@code org.apache.kafka:kafka_2.13} artifact. */
  public static final String BROKER_MAIN_CLASS = "kafka.Kafka";

  /** The storage formatting tool's main class, in the {@code kafka_2.13} artifact. */
  public static final String STORAGE_TOOL_MAIN_CLASS = "kafka.tools.StorageTool";

  private final Process process;
  private final String bootstrapServers;
  private final Path logFile;
  private final Thread shutdownHook;

  private LocalKafkaBroker(Process process, String bootstrapServers, Path logFile) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::kill, "local-kafka-broker-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Formats the storage in {@code directory} and starts a broker on two free ports of 127.0.0.1
   * (client and controller listener).
   *
   * @param directory an empty or absent directory for the broker's configuration, log and data;
   *     created if absent
   * @param classPath the forked JVMs' class path, holding {@code kafka_2.13} and its
   *     dependencies, e.g. {@code System.getProperty("java.class.path")} of a JVM that has them
   * @param startTimeout how long to wait for the broker to serve
   * @return the running broker
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code classPath} is empty
   * @throws IOException if the directory cannot be written, a process cannot be started, the
   *     formatting fails (its output is in the message), or the broker exits or does not serve
   *     within {@code startTimeout} (the end of its log is in the message)
   * @throws InterruptedException if interrupted while waiting; the broker is then killed
   */
  public static LocalKafkaBroker start(Path directory, String classPath, Duration startTimeout)
      throws IOException, InterruptedException {
    checkNotNull(directory, "directory");
    checkNotNull(classPath, "classPath");
    checkNotNull(startTimeout, "startTimeout");
    checkArgument(!classPath.isEmpty(), "classPath is empty");
    Files.createDirectories(directory);
    int brokerPort = freePort();
    int controllerPort = freePort();
    while (controllerPort == brokerPort) {
      controllerPort = freePort();
    }
    Path dataDir = directory.resolve("data");
    Path config = directory.resolve("server.properties");
    Path logFile = directory.resolve("broker.log");
    Files.writeString(config, serverProperties(brokerPort, controllerPort, dataDir));

    Process format = new ProcessBuilder(javaCommand(classPath, STORAGE_TOOL_MAIN_CLASS,
            "format", "--cluster-id", Uuid.randomUuid().toString(),
            "--config", config.toString(), "--ignore-formatted"))
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("format.log").toFile())
        .start();
    if (!format.waitFor(startTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
      format.destroyForcibly().waitFor();
      throw new IOException("formatting the broker storage took over " + startTimeout);
    }
    if (format.exitValue() != 0) {
      throw new IOException("formatting the broker storage failed with exit code "
          + format.exitValue() + ": " + Files.readString(directory.resolve("format.log")));
    }

    Process process = new ProcessBuilder(javaCommand(classPath, BROKER_MAIN_CLASS,
            config.toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .start();
    LocalKafkaBroker broker =
        new LocalKafkaBroker(process, "127.0.0.1:" + brokerPort, logFile);
    try {
      broker.awaitServing(startTimeout);
      return broker;
    } catch (IOException | InterruptedException | RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  /**
   * Returns the bootstrap servers of the broker's client listener.
   *
   * @return {@code 127.0.0.1:<port>}
   */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Returns the file the broker's standard output and error go to.
   *
   * @return the log file
   */
  public Path logFile() {
    return logFile;
  }

  /**
   * Returns whether the broker's process is running.
   *
   * @return true until the process exits or is killed
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Kills the broker's process and waits for it to exit. The broker's data is not needed after
   * this, so no controlled shutdown is attempted. Calling it again does nothing.
   */
  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and the hook runs (or ran) kill() itself.
    }
  }

  private void kill() {
    process.destroyForcibly();
    boolean interrupted = false;
    while (true) {
      try {
        process.waitFor();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitServing(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    try (Admin admin = Admin.create(props)) {
      while (true) {
        if (!process.isAlive()) {
          throw new IOException("the broker exited with code " + process.exitValue() + ": "
              + logTail());
        }
        try {
          if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          // Not serving yet.
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("the broker did not serve within " + timeout + ": " + logTail());
        }
        Thread.sleep(200);
      }
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static List<String> javaCommand(String classPath, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-Dlog4j2.level=WARN");
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }

  private static String serverProperties(int brokerPort, int controllerPort, Path dataDir) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("process.roles", "broker,controller");
    settings.put("node.id", "1");
    settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    settings.put("listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    settings.put("controller.listener.names", "CONTROLLER");
    settings.put("inter.broker.listener.name", "PLAINTEXT");
    settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    settings.put("log.dirs", dataDir.toString());
    settings.put("num.partitions", "1");
    settings.put("default.replication.factor", "1");
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("offsets.topic.num.partitions", "1");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    settings.put("transaction.state.log.num.partitions", "1");
    settings.put("share.coordinator.state.topic.replication.factor", "1");
    settings.put("share.coordinator.state.topic.min.isr", "1");
    settings.put("group.initial.rebalance.delay.ms", "0");
    settings.put("group.min.session.timeout.ms", "1000");
    settings.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    StringBuilder text = new StringBuilder();
    settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    return text.toString();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /**
   * Returns whether the broker's main class is on this JVM's class path, i.e. whether
   * {@code System.getProperty("java.class.path")} can be passed to {@link #start}.
   *
   * @return true if {@value #BROKER_MAIN_CLASS} can be loaded
   */
  public static boolean brokerOnClassPath() {
    try {
      Class.forName(BROKER_MAIN_CLASS, false, LocalKafkaBroker.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
