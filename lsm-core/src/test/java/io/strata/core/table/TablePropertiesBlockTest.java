package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.CorruptionException;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.table.TableProperties;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TablePropertiesTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static Block block(byte[]... keysAndValues) throws CorruptionException {
    BlockBuilder bb = new BlockBuilder(16, 64);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      bb.add(keysAndValues[i], keysAndValues[i + 1]);
    }
    byte[] raw = bb.finishToArray();
    return new Block(raw, raw.length, "000007.ldb", 0);
  }

  @Test
  void countsEntriesTombstonesAndTheSequenceRange() throws Exception {
    TablePropertiesBlock p = new TablePropertiesBlock();
    p.add(InternalKeys.encode(b("a"), 9, ValueType.VALUE));
    p.add(InternalKeys.encode(b("b"), 3, ValueType.DELETION));
    p.add(InternalKeys.encode(b("c"), 5, ValueType.VALUE));
    byte[] raw = p.finish(16);

    TableProperties s = TablePropertiesBlock.parse(new Block(raw, raw.length, "x", 0), 2, "x", 0);

    assertThat(s).isEqualTo(new TableProperties(3, 2, 1, 3, 9));
  }

  @Test
  void unknownKeysAreIgnoredAndBadValuesAreCorruption() throws Exception {
    TableProperties s = TablePropertiesBlock.parse(block(b("strata.num.entries"), new byte[] {4},
        b("strata.zzz.later"), b("anything")), 1, "000007.ldb", 100);
    assertThat(s.numEntries()).isEqualTo(4);
    assertThat(s.hasSequenceRange()).isFalse();

    assertThatThrownBy(() -> TablePropertiesBlock.parse(block(b("strata.num.entries"),
        new byte[] {(byte) 0x80}), 1, "000007.ldb", 100))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("not a varint64")
        .satisfies(e -> assertThat(((CorruptionException) e).offset()).isEqualTo(100));
    assertThatThrownBy(() -> TablePropertiesBlock.parse(block(b("strata.sequence.largest"),
        new byte[] {3}), 1, "000007.ldb", 100))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("sequence range");
  }
}
