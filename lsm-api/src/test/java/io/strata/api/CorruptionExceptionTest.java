package io.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorruptionExceptionTest {
  @Test
  void messageNamesTheFileAndTheOffset() {
    CorruptionException e = new CorruptionException("000005.ldb", 4107, "block checksum mismatch");
    assertThat(e).hasMessage("000005.ldb at offset 4107: block checksum mismatch");
    assertThat(e.offset()).isEqualTo(4107);
  }

  @Test
  void messageSaysNothingOfAnUnknownOffset() {
    CorruptionException e = new CorruptionException("CURRENT", -1, "names MANIFEST-000009");
    assertThat(e).hasMessage("CURRENT: names MANIFEST-000009");
    assertThat(e.offset()).isEqualTo(-1);
    assertThat(new CorruptionException("x.log", 0, "bad")).hasMessage("x.log at offset 0: bad");
  }
}
