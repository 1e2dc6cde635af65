package io.strata.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeConverterTest {
  @Test
  void parsesPlainNumbersAndBinaryUnits() {
    assertThat(ByteSizeConverter.parse("0")).isZero();
    assertThat(ByteSizeConverter.parse("4194304")).isEqualTo(4L << 20);
    assertThat(ByteSizeConverter.parse("512b")).isEqualTo(512);
    assertThat(ByteSizeConverter.parse("64k")).isEqualTo(64L << 10);
    assertThat(ByteSizeConverter.parse("64KiB")).isEqualTo(64L << 10);
    assertThat(ByteSizeConverter.parse("4MiB")).isEqualTo(4L << 20);
    assertThat(ByteSizeConverter.parse("4 MB")).isEqualTo(4L << 20);
    assertThat(ByteSizeConverter.parse("2g")).isEqualTo(2L << 30);
  }

  @Test
  void rejectsNegativeUnknownAndOverflowingSizes() {
    assertThatThrownBy(() -> ByteSizeConverter.parse("-1")).hasMessageContaining("expected a byte count");
    assertThatThrownBy(() -> ByteSizeConverter.parse("MiB")).hasMessageContaining("expected a byte count");
    assertThatThrownBy(() -> ByteSizeConverter.parse("3t")).hasMessage("unknown size unit in '3t' (use k, m or g, powers of 1024)");
    assertThatThrownBy(() -> ByteSizeConverter.parse("9223372036854775807k")).hasMessageContaining("too large");
    assertThatThrownBy(() -> ByteSizeConverter.parse("99999999999999999999")).hasMessageContaining("too large");
  }
}
