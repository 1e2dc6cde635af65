package io.strata.api.spi.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.spi.version.FileMetaData;
import org.junit.jupiter.api.Test;

class TablePropertiesTest {
  @Test
  void anAbsentFigureIsSpeltAsAFileWithoutASequenceRangeSpellsIt() {
    assertThat(TableProperties.UNKNOWN).isEqualTo(FileMetaData.UNKNOWN_SEQUENCE);
    assertThat(TableProperties.NONE.hasSequenceRange()).isFalse();
    assertThat(TableProperties.NONE.numEntries()).isEqualTo(TableProperties.UNKNOWN);
    assertThat(new TableProperties(0, 0, 0, 0, 0).hasSequenceRange()).isTrue();
  }

  @Test
  void aHalfOrInvertedRangeOrANegativeCountIsACallersMistake() {
    long u = TableProperties.UNKNOWN;
    assertThatThrownBy(() -> new TableProperties(1, 1, 0, 3, u))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both known");
    assertThatThrownBy(() -> new TableProperties(1, 1, 0, 4, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 3]");
    assertThatThrownBy(() -> new TableProperties(-2, 1, 0, u, u))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numEntries")
        .hasMessageContaining("-2");
  }
}
