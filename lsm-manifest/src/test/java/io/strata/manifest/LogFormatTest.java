package io.strata.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class LogFormatTest {
  @Test
  void parsesTheHeaderLogWriterWrites() throws IOException {
    MemFile file = new MemFile();
    try (LogWriter w = new LogWriter(file.writer())) {
      w.addRecord(new byte[] {1, 2, 3});
    }
    byte[] bytes = file.contents();
    assertThat(LogFormat.payloadLength(bytes, 0)).isEqualTo(3);
    assertThat(LogFormat.type(bytes, 0)).isEqualTo(LogFormat.FULL_TYPE);
    CRC32C crc = new CRC32C();
    assertThat(LogFormat.checksumMatches(bytes, 0, crc)).isTrue();
    assertThat(LogFormat.isIntactRecord(bytes, 0, bytes.length, crc)).isTrue();
    assertThat(LogFormat.isIntactRecord(bytes, 0, bytes.length - 1, crc)).isFalse();
    bytes[LogFormat.HEADER_SIZE] ^= 1;
    assertThat(LogFormat.isIntactRecord(bytes, 0, bytes.length, crc)).isFalse();
  }
}
