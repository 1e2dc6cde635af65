package io.strata.kafka.streams.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.kafka.streams.StrataKeyValueBytesStoreSupplier;
import io.strata.kafka.streams.StrataWindowBytesStoreSupplier;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreKindTest {

  @Test
  void parsesNamesCaseInsensitivelyAndListsValidOnesOnError() {
    assertThat(StoreKind.parse("Strata")).isEqualTo(StoreKind.STRATA);
    assertThat(StoreKind.parse("rocksdb")).isEqualTo(StoreKind.ROCKSDB);
    assertThatThrownBy(() -> StoreKind.parse("rocks"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown store kind rocks; valid: strata, rocksdb, memory");
    assertThatThrownBy(() -> StoreKind.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
  }

  @Test
  void strataSuppliersAreTimestampedStrataStores() {
    assertThat(StoreKind.STRATA.keyValueStore("counts"))
        .isInstanceOfSatisfying(StrataKeyValueBytesStoreSupplier.class, s -> {
          assertThat(s.name()).isEqualTo("counts");
          assertThat(s.isTimestamped()).isTrue();
        });
    assertThat(StoreKind.STRATA.windowStore(
            "windows", Duration.ofHours(2), Duration.ofMinutes(5)))
        .isInstanceOfSatisfying(StrataWindowBytesStoreSupplier.class, s -> {
          assertThat(s.windowSize()).isEqualTo(Duration.ofMinutes(5).toMillis());
          assertThat(s.retentionPeriod()).isEqualTo(Duration.ofHours(2).toMillis());
          assertThat(s.timestamped()).isTrue();
        });
  }

  @Test
  void optionsTakeDefaultsAndRefuseUnknownOrIncompleteArguments() {
    Map<String, String> options = WordCountApp.parseOptions(
        new String[] {"--state-dir", "/s"}, Map.of("--store", "strata"));
    assertThat(options).containsEntry("--store", "strata").containsEntry("--state-dir", "/s");
    assertThatThrownBy(() -> WordCountApp.parseOptions(
            new String[] {"--stor", "x"}, Map.of("--store", "strata")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown argument --stor; valid: ");
    assertThatThrownBy(() -> WordCountApp.parseOptions(
            new String[] {"--store"}, Map.of("--store", "strata")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--store needs a value");
  }
}
