package io.strata.core.memtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Ticker;
import io.strata.api.BytewiseComparator;
import io.strata.api.Options;
import io.strata.api.spi.GetResult;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.memtable.MemTable;
import io.strata.api.spi.memtable.MemTableProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SkipListMemTableProviderTest {
  private static PluginContext context() {
    return new PluginContext(Path.of("db"), new LocalFileSystem(), Options.defaults(),
        new InternalKeyComparator(BytewiseComparator.INSTANCE), Ticker.systemTicker());
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    assertThat(ServiceLoader.load(MemTableProvider.class).stream()
        .map(p -> p.get().name())).contains("skiplist");
  }

  @Test
  void createsWorkingMemTables() {
    MemTable mem = new SkipListMemTableProvider().create(context(), Map.of()).newMemTable();
    mem.add(1, ValueType.VALUE, new byte[] {1}, new byte[] {2});
    GetResult result = new GetResult();
    assertThat(mem.get(new byte[] {1}, 1, result)).isTrue();
    assertThat(result.value()).containsExactly(2);
    assertThat(mem).isInstanceOf(SkipListMemTable.class);
  }

  @Test
  void rejectsEveryOption() {
    SkipListMemTableProvider provider = new SkipListMemTableProvider();
    assertThat(provider.optionNames()).isEmpty();
    assertThatThrownBy(() -> provider.create(context(), Map.of("max_height", "20")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option 'max_height' for memtable 'skiplist'; valid options: (none)");
  }
}
