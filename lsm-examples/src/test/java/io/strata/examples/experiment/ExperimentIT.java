package io.strata.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.PhaseMetrics;
import io.strata.examples.experiment.model.RunResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code strata experiment} end to end, with real forked workers: 20,000 keys, three
 * configurations (leveled and tiered from {@code --config} files, and a strategy from a jar this
 * test compiles and loads with {@code --plugin-path}), two repetitions. Checks every output file
 * and that the metrics are sane. About a minute on two cores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExperimentIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int NUM = 20_000;

  private Path dir;
  private Path out;
  private int exitCode;
  private String stdout;
  private String stderr;

  @BeforeAll
  void runExperiment(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    System.setProperty("java.awt.headless", "true");
    Path jar = buildPluginJar(dir.resolve("plugin"));
    // The tree scaled down to 2 MB of data: a small write buffer, so that 20,000 100-byte
    // values make dozens of tables; a 256 KiB level 1 and 64 KiB tables, so that leveled has
    // three levels; runs of 64 KiB and up bucketed by size, not all in tiered's one "small"
    // bucket (50 MiB by default). No compression, so that table bytes compare with user bytes.
    String engine = "write_buffer_size=64KiB\ncompression=none\n";
    Path leveled = Files.writeString(dir.resolve("leveled.properties"),
        "name=leveled\ncompaction.strategy=leveled\n" + engine
            + "compaction.option.max_bytes_for_level_base=262144\n"
            + "compaction.option.target_file_size_base=65536\n");
    String tieredOptions = "compaction.option.min_sstable_size=65536\n";
    Path tiered = Files.writeString(dir.resolve("tiered.properties"),
        "name=tiered\ncompaction.strategy=tiered\n" + engine + tieredOptions);
    Path plugin = Files.writeString(dir.resolve("plugin.properties"),
        "name=plugin\ncompaction.strategy=jar-tiered\n" + engine + tieredOptions);
    out = dir.resolve("out");
    CommandLine cl = ExperimentCommand.standalone(
        new ExperimentCommand(new WorkerLauncher(), false, false));
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    cl.setOut(new PrintWriter(o, true));
    cl.setErr(new PrintWriter(e, true));
    exitCode = cl.execute("--config", leveled.toString(), "--config", tiered.toString(),
        "--config", plugin.toString(), "--plugin-path", jar.toString(),
        "--workloads", "fillrandom,overwrite,readrandom,ycsb-a",
        "--num", Integer.toString(NUM), "--reps", "2", "--sample-interval", "100",
        "--jvm-flags=-Xmx256m", "--progress", "none", "--out", out.toString());
    stdout = o.toString();
    stderr = e.toString();
  }

  @Test
  void everyRunCompletes() throws IOException {
    assertThat(exitCode).as("stdout:%n%s%nstderr:%n%s", stdout, stderr).isZero();
    ExperimentResult r = result();
    assertThat(r.runs()).hasSize(6).allSatisfy(run -> assertThat(run.ok())
        .as("%s r%s: %s", run.config(), run.repetition(), run.error()).isTrue());
    assertThat(r.configs()).extracting(c -> c.config().name())
        .containsExactly("leveled", "tiered", "plugin");
    assertThat(r.runs()).filteredOn(run -> run.config().equals("plugin"))
        .allSatisfy(run -> assertThat(run.options())
            .containsEntry("compaction.strategy", "jar-tiered"));
    assertThat(stdout).contains("fillrandom", "leveled", "tiered", "plugin",
        out.resolve("report.html").toString());
  }

  @Test
  void resultsJsonMatchesItsSchema() throws IOException {
    JsonSchema schema;
    try (InputStream in = Files.newInputStream(out.resolve("results.schema.json"))) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
    JsonNode json = JSON.readTree(out.resolve("results.json").toFile());
    Set<ValidationMessage> errors = schema.validate(json);
    assertThat(errors).isEmpty();
    assertThat(json.get("runs")).hasSize(6);
  }

  @Test
  void metricsAreSane() throws IOException {
    for (RunResult run : result().runs()) {
      assertThat(run.phases()).extracting(PhaseMetrics::phase)
          .containsExactly("fillrandom", "overwrite", "readrandom", "ycsb-a");
      assertThat(run.samples()).isNotEmpty();
      assertThat(run.compactions()).isNotEmpty();
      for (PhaseMetrics p : run.phases()) {
        assertThat(p.operations()).isEqualTo(NUM);
        assertThat(p.opsPerSecond()).isPositive();
        assertThat(p.writeAmp()).as("%s %s", run.config(), p.phase()).isGreaterThanOrEqualTo(1);
        assertThat(p.writeAmpWithLog()).isGreaterThan(p.writeAmp());
        assertThat(p.spaceAmpFinal()).isPositive();
        assertThat(p.spaceAmpPeak()).isGreaterThanOrEqualTo(p.spaceAmpFinal());
        assertThat(p.latency()).isNotEmpty();
      }
      PhaseMetrics read = run.phases().get(2);
      assertThat(read.gets()).isEqualTo(NUM);
      assertThat(read.filterProbesPerGet()).isPositive();
      assertThat(read.dataBlocksPerGet()).isPositive();
      assertThat(read.latency()).containsKey("read");
      assertThat(run.phases().get(3).latency()).containsKeys("read", "update");
    }
  }

  @Test
  void tieredOverwriteWritesFewerTableBytesThanLeveled() throws IOException {
    ExperimentResult r = result();
    for (int rep = 0; rep < 2; rep++) {
      assertThat(overwriteTableBytes(r, "tiered", rep))
          .isLessThan(overwriteTableBytes(r, "leveled", rep));
      // The plugin is tiered under another name, loaded from the jar: the same shape.
      assertThat(overwriteTableBytes(r, "plugin", rep))
          .isLessThan(overwriteTableBytes(r, "leveled", rep));
    }
  }

  @Test
  void csvFilesHaveARowPerItem() throws IOException {
    ExperimentResult r = result();
    List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
    assertThat(summary.get(0)).startsWith("config,phase,metric,median,min,max,n");
    assertThat(summary).anyMatch(l -> l.startsWith("tiered,overwrite,writeAmp,"));
    List<String> series = Files.readAllLines(out.resolve("timeseries.csv"));
    assertThat(series).hasSize(1 + r.runs().stream().mapToInt(x -> x.samples().size()).sum());
    List<String> compactions = Files.readAllLines(out.resolve("compactions.csv"));
    assertThat(compactions)
        .hasSize(1 + r.runs().stream().mapToInt(x -> x.compactions().size()).sum());
  }

  @Test
  void chartsDecodeAndTheReportHoldsThem() throws Exception {
    List<Path> pngs;
    List<Path> svgs;
    try (Stream<Path> s = Files.list(out.resolve("charts"))) {
      List<Path> files = s.sorted().toList();
      pngs = files.stream().filter(f -> f.toString().endsWith(".png")).toList();
      svgs = files.stream().filter(f -> f.toString().endsWith(".svg")).toList();
    }
    assertThat(pngs).extracting(f -> f.getFileName().toString())
        .contains("throughput.png", "amplification.png", "stalls.png", "staircase-leveled.png",
            "staircase-tiered.png", "staircase-plugin.png");
    for (Path png : pngs) {
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image).as(png.toString()).isNotNull();
      assertThat(image.getWidth()).isGreaterThan(100);
    }
    DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
    xml.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    xml.setExpandEntityReferences(false);
    for (Path svg : svgs) {
      assertThat(xml.newDocumentBuilder().parse(svg.toFile()).getDocumentElement().getTagName())
          .isEqualTo("svg");
    }
    String html = Files.readString(out.resolve("report.html"));
    int inline = html.split("<svg", -1).length - 1;
    assertThat(inline).isGreaterThanOrEqualTo(svgs.size() - 1); // all but the combined staircase
    assertThat(html).contains("leveled", "tiered", "plugin");
  }

  private ExperimentResult result() throws IOException {
    return JSON.readValue(out.resolve("results.json").toFile(), ExperimentResult.class);
  }

  private static long overwriteTableBytes(ExperimentResult r, String config, int rep) {
    RunResult run = r.runs().stream()
        .filter(x -> x.config().equals(config) && x.repetition() == rep).findFirst().orElseThrow();
    return run.phases().get(1).tableBytesWritten() - run.phases().get(0).tableBytesWritten();
  }

  /**
   * Compiles a strategy provider named {@code jar-tiered} (tiered under another name, through a
   * proxy) and packs it with its service file into a jar that is not on the class path.
   */
  private static Path buildPluginJar(Path work) throws IOException {
    Path src = work.resolve("src/com/example/plugin/JarTieredProvider.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, String.join("\n",
        "package com.example.plugin;",
        "import com.google.common.collect.ImmutableSet;",
        "import io.strata.api.spi.PluginContext;",
        "import io.strata.api.spi.compaction.CompactionStrategy;",
        "import io.strata.api.spi.compaction.CompactionStrategyProvider;",
        "import io.strata.compaction.tiered.TieredCompactionStrategyProvider;",
        "import java.lang.reflect.InvocationTargetException;",
        "import java.lang.reflect.Proxy;",
        "import java.util.Map;",
        "public final class JarTieredProvider implements CompactionStrategyProvider {",
        "  private final TieredCompactionStrategyProvider tiered =",
        "      new TieredCompactionStrategyProvider();",
        "  @Override public String name() { return \"jar-tiered\"; }",
        "  @Override public ImmutableSet<String> optionNames() { return tiered.optionNames(); }",
        "  @Override public CompactionStrategy create(PluginContext c, Map<String, String> o) {",
        "    CompactionStrategy s = tiered.create(c, o);",
        "    return (CompactionStrategy) Proxy.newProxyInstance(getClass().getClassLoader(),",
        "        new Class<?>[] {CompactionStrategy.class}, (p, m, a) -> {",
        "          if (m.getName().equals(\"name\")) { return name(); }",
        "          try { return m.invoke(s, a); }",
        "          catch (InvocationTargetException e) { throw e.getCause(); }",
        "        });",
        "  }",
        "}", ""));
    Path classes = Files.createDirectories(work.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", classes.toString(), "-classpath",
        System.getProperty("java.class.path"), src.toString());
    assertThat(rc).as("javac").isZero();
    Path jar = work.resolve("jar-tiered.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(file)) {
      j.putNextEntry(new JarEntry("com/example/plugin/JarTieredProvider.class"));
      j.write(Files.readAllBytes(classes.resolve("com/example/plugin/JarTieredProvider.class")));
      j.closeEntry();
      j.putNextEntry(new JarEntry(
          "META-INF/services/io.strata.api.spi.compaction.CompactionStrategyProvider"));
      j.write("com.example.plugin.JarTieredProvider\n".getBytes(StandardCharsets.UTF_8));
      j.closeEntry();
    }
    return jar;
  }
}
