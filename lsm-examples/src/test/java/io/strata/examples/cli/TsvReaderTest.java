package io.strata.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TsvReaderTest {
  private static List<String> read(InputStream in, int max) throws IOException {
    TsvReader r = new TsvReader(in, max);
    List<String> out = new ArrayList<>();
    while (r.next()) {
      out.add(r.lineNumber() + ":" + (r.hasTab()
          ? new String(r.key(), UTF_8) + "|" + new String(r.value(), UTF_8) : "<no tab>"));
    }
    return out;
  }

  private static List<String> read(String s) throws IOException {
    return read(new ByteArrayInputStream(s.getBytes(UTF_8)), 1 << 20);
  }

  @Test
  void splitsAtTheFirstTabAndEndsLinesAtNewlines() throws IOException {
    assertThat(read("a\tb\nc\td\te\r\nf\t\n\n\r\nno tab\ng\th"))
        .containsExactly("1:a|b", "2:c|d\te", "3:f|", "4:<no tab>", "5:<no tab>", "6:<no tab>", "7:g|h");
  }

  @Test
  void carriageReturnInsideALineIsKept() throws IOException {
    assertThat(read("a\rb\tc\rd\n")).containsExactly("1:a\rb|c\rd");
  }

  @Test
  void tabRightBeforeCarriageReturnGivesAnEmptyValue() throws IOException {
    assertThat(read("k\t\r\n")).containsExactly("1:k|");
  }

  @Test
  void linesSpanningManyReadsAreJoined() throws IOException {
    // A stream that hands out one byte per read, so every line crosses buffer refills.
    byte[] data = "key\tvalue\nsecond\tline".getBytes(UTF_8);
    InputStream trickle = new InputStream() {
      int i;

      @Override
      public int read() {
        return i < data.length ? data[i++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (i >= data.length) {
          return -1;
        }
        b[off] = data[i++];
        return 1;
      }
    };
    TsvReader r = new TsvReader(trickle, 100);
    assertThat(r.next()).isTrue();
    assertThat(new String(r.value(), UTF_8)).isEqualTo("value");
    assertThat(r.next()).isTrue();
    assertThat(new String(r.key(), UTF_8)).isEqualTo("second");
    assertThat(r.next()).isFalse();
    assertThat(r.bytesRead()).isEqualTo(data.length);
  }

  @Test
  void longLineIsAnErrorNotAnUnboundedBuffer() {
    byte[] big = new byte[200_000];
    java.util.Arrays.fill(big, (byte) 'x');
    assertThatThrownBy(() -> read(new ByteArrayInputStream(big), 100_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("line 1 is longer than 100000 bytes");
  }

  @Test
  void emptyStreamHasNoLines() throws IOException {
    assertThat(read("")).isEmpty();
  }
}
