package io.strata.examples.experiment.report;

import static io.strata.examples.experiment.report.SyntheticExperiments.config;
import static io.strata.examples.experiment.report.SyntheticExperiments.experiment;
import static io.strata.examples.experiment.report.SyntheticExperiments.sweep;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.examples.experiment.model.ConfigResult;
import io.strata.examples.experiment.model.ExperimentResult;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportWriterTest {
  private static final String ODD_NAME = "tiered <fan&out>";

  @TempDir Path dir;

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  @Test
  void writesEveryChartAsPngAndSvgAndThePage() throws Exception {
    Files.writeString(dir.resolve("results.json"), "{}");
    Files.writeString(dir.resolve("summary.csv"), "config\n");
    ExperimentResult result =
        experiment(List.of(config("leveled", "leveled"), config(ODD_NAME, "tiered")), 2, 42);

    List<Path> written = ReportWriter.write(result, dir);

    assertThat(names(written)).containsExactly(
        "throughput.png", "throughput.svg",
        "latency-fillrandom.png", "latency-fillrandom.svg",
        "latency-readrandom.png", "latency-readrandom.svg",
        "amplification.png", "amplification.svg",
        "staircase-leveled.png", "staircase-leveled.svg",
        "staircase-tiered-fan-out.png", "staircase-tiered-fan-out.svg",
        "staircase.png", "staircase.svg",
        "stalls.png", "stalls.svg",
        "report.html");
    checkImages(written);
    String html = Files.readString(dir.resolve("report.html"), UTF_8);
    // Every chart but the staircase grid, whose panels are embedded one by one.
    assertThat(count(html, "<svg")).isEqualTo(written.size() / 2 - 1);
    for (Path p : written) {
      String name = p.getFileName().toString();
      if (name.endsWith(".png") && !name.equals("staircase.png")) {
        assertThat(html).contains("<figure id=\"" + name.replace(".png", "") + "\">");
      }
    }
    assertThat(html).doesNotContain("<?xml").doesNotContain("<!DOCTYPE svg");
    checkSelfContained(html);
    assertThat(html).contains("href=\"results.json\"").contains("href=\"summary.csv\"");
  }

  @Test
  void pageHasATableRowPerConfigurationAndPhaseAndEscapesNames() throws Exception {
    ExperimentResult result =
        experiment(List.of(config("leveled", "leveled"), config(ODD_NAME, "tiered")), 2, 7);

    ReportWriter.write(result, dir);

    String html = Files.readString(dir.resolve("report.html"), UTF_8);
    assertThat(html).doesNotContain(ODD_NAME).contains("tiered &lt;fan&amp;out&gt;");
    String summary = html.substring(html.indexOf("id=\"summary\""), html.indexOf("id=\"charts\""));
    for (ConfigResult c : result.configs()) {
      String row = "</span>" + Html.escape(c.config().name()) + "</td>";
      assertThat(count(summary, row)).as(row).isEqualTo(SyntheticExperiments.PHASES.size());
    }
    for (String phase : SyntheticExperiments.PHASES) {
      assertThat(summary).contains("<h3>" + phase + "</h3>");
    }
    assertThat(summary).contains("ops/s", "write p99 (µs)", "read p99 (µs)", "write-amp",
        "peak space-amp", "tables read / get", "stalls (s)", "compactions", "baseline", "×");
    assertThat(html).contains("-Xmx1g").contains("0.1.0-SNAPSHOT")
        .contains("2025-01-02T03:04:05Z").contains("Every run completed.");
    // The SVG text of the charts escapes the name too.
    assertThat(html).contains("fan&amp;out");
  }

  @Test
  void sweepAddsTheSweepCurve() throws Exception {
    ExperimentResult result = experiment(List.of(config("leveled", "leveled"),
        sweep("min_merge_width", "2"), sweep("min_merge_width", "4"),
        sweep("min_merge_width", "8")), 5, 3);

    List<Path> written = ReportWriter.write(result, dir);

    assertThat(names(written)).contains("sweep.png", "sweep.svg");
    checkImages(written);
    String html = Files.readString(dir.resolve("report.html"), UTF_8);
    assertThat(html).contains("<figure id=\"sweep\">").contains("p=0.010");
    checkSelfContained(html);
  }

  @Test
  void twoSweptOptionsGetACurveEach() throws Exception {
    ExperimentResult result = experiment(List.of(sweep("min_merge_width", "2"),
        sweep("min_merge_width", "4"), sweep("min_threshold", "4"), sweep("min_threshold", "8")),
        2, 3);

    List<Path> written = ReportWriter.write(result, dir);

    assertThat(names(written)).contains("sweep-tiered-min-merge-width.png",
        "sweep-tiered-min-merge-width.svg", "sweep-tiered-min-threshold.png",
        "sweep-tiered-min-threshold.svg").doesNotContain("sweep.png");
    checkImages(written);
    String html = Files.readString(dir.resolve("report.html"), UTF_8);
    assertThat(html).contains("<figure id=\"sweep-tiered-min-merge-width\">",
        "<figure id=\"sweep-tiered-min-threshold\">");
  }

  @Test
  void failuresAreListed() throws Exception {
    ExperimentResult ok = experiment(List.of(config("leveled", "leveled"),
        config("tiered", "tiered")), 2, 1);
    ConfigResult failed = ok.configs().get(1);
    List<ConfigResult> configs = List.of(ok.configs().get(0), new ConfigResult(failed.config(),
        1, 1, List.of("run 1: exit code 3: <OutOfMemoryError>"), failed.metrics()));
    ExperimentResult result = new ExperimentResult(ok.schemaVersion(), ok.strataVersion(),
        ok.startedAt(), ok.workloads(), ok.num(), ok.valueSizeBytes(), ok.reps(), ok.seed(),
        ok.sampleMillis(), ok.jvmFlags(), configs, ok.comparisons(), ok.runs());

    ReportWriter.write(result, dir);

    String html = Files.readString(dir.resolve("report.html"), UTF_8);
    assertThat(html).contains("tiered: 1 of 2 runs failed")
        .contains("run 1: exit code 3: &lt;OutOfMemoryError&gt;");
  }

  private static void checkImages(List<Path> written) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setExpandEntityReferences(false);
    factory.setNamespaceAware(true);
    DocumentBuilder builder = factory.newDocumentBuilder();
    for (Path p : written) {
      String name = p.getFileName().toString();
      if (name.endsWith(".png")) {
        BufferedImage image = ImageIO.read(p.toFile());
        assertThat(image).as(name).isNotNull();
        assertThat(image.getWidth()).as(name).isBetween(800, 2400);
        assertThat(image.getHeight()).as(name).isBetween(400, 1600);
      } else if (name.endsWith(".svg")) {
        Document doc = builder.parse(p.toFile());
        assertThat(doc.getDocumentElement().getLocalName()).as(name).isEqualTo("svg");
        assertThat(doc.getElementsByTagNameNS("*", "path").getLength()).as(name).isPositive();
      }
    }
  }

  /** No attribute loads a resource from the network. */
  private static void checkSelfContained(String html) {
    Matcher m = Pattern.compile("(?i)(?:src|href)\\s*=\\s*[\"']?\\s*(?:https?:)?//").matcher(html);
    assertThat(m.find()).as("network load at %s", m.hitEnd() ? -1 : m.start()).isFalse();
    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
        .doesNotContainIgnoringCase("@import");
  }

  private static List<String> names(List<Path> paths) {
    List<String> names = new ArrayList<>();
    for (Path p : paths) {
      names.add(p.getFileName().toString());
    }
    return names;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

}
