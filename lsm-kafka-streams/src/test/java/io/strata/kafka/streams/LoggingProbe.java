package io.strata.kafka.streams;

import java.nio.file.Path;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A Kafka Streams application with a Strata store, run in its own JVM by {@link LoggingTest}
 * with the SLF4J API and binding under test on its class path: counts a few words through
 * {@link TopologyTestDriver}, so that both Kafka Streams and Strata log.
 */
public final class LoggingProbe {
  private LoggingProbe() {}

  /**
   * Runs the application.
   *
   * @param args the state directory
   */
  public static void main(String[] args) {
    try (TopologyTestDriver driver = new TopologyTestDriver(
        WordCountTest.topology(StrataKeyValueBytesStoreSupplier.timestamped("counts")),
        WordCountTest.props(Path.of(args[0])))) {
      TestInputTopic<String, String> in = driver.createInputTopic("lines",
          Serdes.String().serializer(), Serdes.String().serializer());
      in.pipeInput(null, "one two two");
    }
    System.out.println("probe done");
  }
}
