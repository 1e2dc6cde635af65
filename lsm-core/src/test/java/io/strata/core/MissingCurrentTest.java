package io.strata.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Ticker;
import io.strata.api.BytewiseComparator;
import io.strata.api.CorruptionException;
import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.core.tools.DbRepairer;
import io.strata.manifest.ManifestVersionSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory holding a database's files but no {@code CURRENT} is a damaged database: open
 * refuses it, whatever {@code createIfMissing} says, and changes nothing; repair brings it back.
 */
class MissingCurrentTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void openRefusesADatabaseWhoseCurrentIsGoneAndRepairBringsItBack() throws IOException {
    try (Db db = Strata.open(dir, Options.builder().writeBufferSizeBytes(64 << 10).build())) {
      for (int i = 0; i < 5000; i++) {
        db.put(b(String.format("k%05d", i)), b("value-" + i));
      }
      db.compactRange(null, null);
      db.put(b("in-log"), b("x"));
    }
    Files.delete(dir.resolve("CURRENT"));
    Map<String, String> before = contents();
    assertThat(before.keySet()).anyMatch(n -> n.endsWith(".ldb")).anyMatch(n -> n.endsWith(".log"))
        .anyMatch(n -> n.startsWith("MANIFEST-"));
    for (boolean createIfMissing : new boolean[] {true, false}) {
      assertThatThrownBy(() -> Strata.open(dir,
          Options.builder().createIfMissing(createIfMissing).build()))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining(dir.toString()).hasMessageContaining("CURRENT")
          .hasMessageContaining("strata repair");
      assertThat(contents()).as("createIfMissing=%s", createIfMissing).isEqualTo(before);
    }
    new DbRepairer(dir, Options.defaults()).repair();
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.get(b("k04999"))).isEqualTo(b("value-4999"));
      assertThat(db.get(b("in-log"))).isEqualTo(b("x"));
    }
  }

  @Test
  void whatACrashInsideCreationLeavesIsCreatedAnew() throws IOException {
    // CURRENT is written after MANIFEST-000001: a crash in between leaves that MANIFEST alone.
    Path crashed = dir.resolve("crashed");
    try (ManifestVersionSet versions = new ManifestVersionSet(new PluginContext(crashed,
        new LocalFileSystem(), Options.defaults(),
        new InternalKeyComparator(BytewiseComparator.INSTANCE), Ticker.systemTicker()))) {
      versions.create();
    }
    Files.delete(crashed.resolve("CURRENT"));
    assertThat(crashed.toFile().list()).containsExactly("MANIFEST-000001");
    try (Db db = Strata.open(crashed, Options.defaults())) {
      db.put(b("a"), b("1"));
    }
    try (Db db = Strata.open(crashed, Options.defaults())) {
      assertThat(db.get(b("a"))).isEqualTo(b("1"));
    }
  }

  @Test
  void aStrayOptionsFileDoesNotOutliveANewDatabase() throws IOException {
    // LevelDB's DestroyDB deletes the files it knows and leaves OPTIONS-NNNNNN behind.
    try (Db db = Strata.open(dir, Options.builder().compactionStrategy("tiered").build())) {
      db.put(b("a"), b("1"));
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (!p.getFileName().toString().startsWith("OPTIONS-")) {
          Files.delete(p);
        }
      }
    }
    Files.move(dir.resolve(dir.toFile().list()[0]), dir.resolve("OPTIONS-000099"));
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.getProperty("strata.strategy")).contains("leveled");
      assertThat(db.get(b("a"))).isNull();
    }
    try (Db db = Strata.open(dir, Options.defaults())) {
      assertThat(db.getProperty("strata.strategy")).as("the new one").contains("leveled");
    }
    assertThat(dir.toFile().list()).noneMatch(n -> n.equals("OPTIONS-000099"));
  }

  /** Every file but LOCK, with a digest of its bytes. */
  private Map<String, String> contents() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (!name.equals("LOCK") && Files.isRegularFile(p)) {
          out.put(name, Integer.toHexString(Arrays.hashCode(Files.readAllBytes(p))));
        }
      }
    }
    return out;
  }
}
