package io.strata.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Ticker;
import io.strata.api.BytewiseComparator;
import io.strata.api.Options;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.table.TableBuilder;
import io.strata.api.spi.table.TableFormat;
import io.strata.api.spi.table.TableFormatProvider;
import io.strata.api.spi.table.TableReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockBasedTableFormatProviderTest {
  @TempDir
  Path dir;

  private PluginContext context() {
    return new PluginContext(dir, new LocalFileSystem(), Options.defaults(),
        new InternalKeyComparator(BytewiseComparator.INSTANCE), Ticker.systemTicker());
  }

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(TableFormatProvider.class).stream()
        .map(p -> p.get().name()))
        .contains("block-based");
  }

  @Test
  void unknownOptionIsRejectedByName() {
    TableFormatProvider p = new BlockBasedTableFormatProvider();
    assertThatThrownBy(() -> p.create(context(), Map.of("block_size", "8192")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("block_size")
        .hasMessageContaining("valid options: (none)");
  }

  @Test
  void writesAndReadsLdbFilesOnDisk() throws Exception {
    TableFormat format = new BlockBasedTableFormatProvider().create(context(), Map.of());
    assertThat(format.fileExtension()).isEqualTo("ldb");
    LocalFileSystem fs = new LocalFileSystem();
    Path path = dir.resolve("000005.ldb");
    try (var out = fs.newWritableFile(path)) {
      TableBuilder b = format.newBuilder(out);
      for (int i = 0; i < 1000; i++) {
        b.add(InternalKeys.encode(String.format("key%05d", i).getBytes(), i + 1,
            ValueType.VALUE), ("value" + i).getBytes());
      }
      b.finish();
      out.sync();
      assertThat(b.fileSizeBytes()).isEqualTo(out.size());
    }
    try (TableReader r = format.open(fs.newReadableFile(path), "000005.ldb", 5,
        fs.size(path))) {
      GetResult result = new GetResult();
      assertThat(r.get("key00500".getBytes(), 10_000, result, true, true)).isTrue();
      assertThat(result.value()).isEqualTo("value500".getBytes());
    }
  }
}
