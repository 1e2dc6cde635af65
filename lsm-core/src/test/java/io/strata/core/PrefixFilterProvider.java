package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.collect.ImmutableSet;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.CompactionFilter;
import io.strata.api.spi.compaction.CompactionFilterFactory;
import io.strata.api.spi.compaction.CompactionFilterProvider;
import java.util.Map;

/**
 * A compaction filter found by name ({@code prefix}) in tests: removes keys starting with its
 * {@code remove} option (default {@code drop}), appends {@code !} to the value of keys starting
 * with {@code chg} unless it ends with one (each compaction filters again), keeps the rest.
 */
public final class PrefixFilterProvider implements CompactionFilterProvider {
  @Override
  public String name() {
    return "prefix";
  }

  @Override
  public ImmutableSet<String> optionNames() {
    return ImmutableSet.of("remove");
  }

  @Override
  public CompactionFilterFactory create(PluginContext context, Map<String, String> options) {
    return factory(options.getOrDefault("remove", "drop"));
  }

  /** The factory of a filter removing keys that start with {@code removePrefix}. */
  static CompactionFilterFactory factory(String removePrefix) {
    return new CompactionFilterFactory() {
      @Override
      public CompactionFilter createCompactionFilter(Context context) {
        return new CompactionFilter() {
          @Override
          public Decision filter(int level, byte[] key, byte[] value) {
            String k = new String(key, UTF_8);
            if (k.startsWith(removePrefix)) {
              return Decision.REMOVE;
            }
            if (k.startsWith("chg") && !new String(value, UTF_8).endsWith("!")) {
              return Decision.changeValue((new String(value, UTF_8) + "!").getBytes(UTF_8));
            }
            return Decision.KEEP;
          }

          @Override
          public String name() {
            return "prefix";
          }
        };
      }

      @Override
      public String name() {
        return "prefix";
      }
    };
  }
}
