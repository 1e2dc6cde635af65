package io.strata.examples.experiment.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportHelpersTest {
  @Test
  void escapesMarkupCharacters() {
    assertThat(Html.escape("a<b & c>\"d'")).isEqualTo("a&lt;b &amp; c&gt;&quot;d&#39;");
    assertThat(Html.escape(null)).isEmpty();
  }

  @Test
  void formatsNumbersWithAboutThreeDigits() {
    assertThat(Html.number(12345.6)).isEqualTo("12,346");
    assertThat(Html.number(12.0)).isEqualTo("12");
    assertThat(Html.number(12.34)).isEqualTo("12.3");
    assertThat(Html.number(1.234)).isEqualTo("1.23");
    assertThat(Html.number(0.1234)).isEqualTo("0.123");
    assertThat(Html.number(null)).isEqualTo("–");
    assertThat(Html.number(Double.NaN)).isEqualTo("–");
    assertThat(Html.pValue(0.0312)).isEqualTo("p=0.031");
    assertThat(Html.pValue(0.0001)).isEqualTo("p<0.001");
  }

  @Test
  void urlPathEncodesAllButSafeCharacters() {
    assertThat(Html.urlPath("summary.csv")).isEqualTo("summary.csv");
    assertThat(Html.urlPath("a b&µ.csv")).isEqualTo("a%20b%26%C2%B5.csv");
  }

  @Test
  void slugsAreLowerCaseHyphenatedAndUnique() {
    assertThat(Slugs.of("Tiered <fan&out> x=4")).isEqualTo("tiered-fan-out-x-4");
    assertThat(Slugs.of("<&>")).isEqualTo("x");
    List<String> taken = new ArrayList<>(List.of("staircase-a"));
    assertThat(Slugs.unique("staircase-a", taken)).isEqualTo("staircase-a-2");
    assertThat(Slugs.unique("staircase-a", taken)).isEqualTo("staircase-a-3");
  }

  @Test
  void inlinedSvgLosesItsPrologAndPrefixesIds() {
    String svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
        + "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
        + "<svg height=\"600px\" width=\"1000px\" xmlns=\"http://www.w3.org/2000/svg\">"
        + "<defs><clipPath id=\"clip1\"><rect/></clipPath></defs>"
        + "<g clip-path=\"url(#clip1)\"><use href=\"#clip1\"/></g></svg>\n";

    String inline = SvgInliner.inline(svg, "c3-");

    assertThat(inline).startsWith("<svg ").endsWith("</svg>")
        .doesNotContain("<?xml", "DOCTYPE", "width=", "height=")
        .contains("viewBox=\"0 0 1000 600\"", "id=\"c3-clip1\"", "url(#c3-clip1)",
            "href=\"#c3-clip1\"");
    assertThatThrownBy(() -> SvgInliner.inline("<html/>", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no <svg> element");
  }

  @Test
  void roundsSvgCoordinatesToHundredths() {
    assertThat(ChartEncoder.round("M-10.53125,-2.75 L8.203125,12 x=\"0.005\""))
        .isEqualTo("M-10.53,-2.75 L8.20,12 x=\"0.00\"");
  }

  @Test
  void parsesSweepValues() {
    assertThat(SweepChart.parse("4")).isEqualTo(4.0);
    assertThat(SweepChart.parse("0.5")).isEqualTo(0.5);
    assertThat(SweepChart.parse("64k")).isEqualTo(65536.0);
    assertThat(SweepChart.parse("T4")).isNull();
  }
}
