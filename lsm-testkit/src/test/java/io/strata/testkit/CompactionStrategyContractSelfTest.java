package io.strata.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableList;
import io.strata.api.Options;
import io.strata.api.spi.PluginContext;
import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.compaction.CompactionStrategy;
import io.strata.api.spi.compaction.CompactionStrategyProvider;
import io.strata.api.spi.compaction.WriteStall;
import io.strata.api.spi.env.LocalFileSystem;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.Version;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract suite catches broken strategies: each one here is {@code leveled} with one
 * deliberate fault, and the suite's test that covers that fault must fail with the matching
 * message.
 */
class CompactionStrategyContractSelfTest {
  @TempDir Path dir;

  /** The suite run against {@code provider}. */
  private static final class Suite extends CompactionStrategyContract {
    private final CompactionStrategyProvider provider;

    Suite(CompactionStrategyProvider provider, Path dir) {
      this.provider = provider;
      this.tempDir = dir;
    }

    @Override
    protected CompactionStrategyProvider provider() {
      return provider;
    }
  }

  /** {@code leveled}, with its picks and stalls passed through {@code fault}. */
  private abstract static class Faulty implements CompactionStrategy {
    final CompactionStrategy leveled = CompactionStrategyContract.loadProvider("leveled")
        .create(context(), Map.of());

    private static PluginContext context() {
      return new PluginContext(Path.of("db"), new LocalFileSystem(), Options.defaults(),
          SimulatedTree.ICMP, Ticker.systemTicker());
    }

    @Override
    public String name() {
      return "faulty";
    }

    @Override
    public boolean levelDbLayout() {
      return leveled.levelDbLayout();
    }

    @Override
    public Optional<Compaction> pickCompaction(Version version) {
      return leveled.pickCompaction(version).map(c -> fault(version, c));
    }

    @Override
    public Optional<Compaction> rangeCompaction(Version version, int level, byte[] begin,
        byte[] end) {
      return leveled.rangeCompaction(version, level, begin, end);
    }

    @Override
    public WriteStall writeStall(Version version) {
      return leveled.writeStall(version);
    }

    Compaction fault(Version version, Compaction c) {
      return c;
    }
  }

  private static CompactionStrategyProvider provider(Supplier<Faulty> s) {
    return new CompactionStrategyProvider() {
      @Override
      public String name() {
        return "faulty";
      }

      @Override
      public CompactionStrategy create(PluginContext context, Map<String, String> options) {
        return s.get();
      }
    };
  }

  private static Compaction withLevel0Inputs(Compaction c, ImmutableList<FileMetaData> files) {
    ImmutableList.Builder<Compaction.LevelInputs> inputs = ImmutableList.builder();
    inputs.add(new Compaction.LevelInputs(0, files));
    inputs.addAll(c.inputs().subList(1, c.inputs().size()));
    return new Compaction(inputs.build(), c.outputLevel(), c.grandparents(),
        c.maxOutputFileSizeBytes(), c.maxGrandparentOverlapBytes(), false, c.compactPointer(),
        c.reason(), c.outputBoundaries());
  }

  @Test
  void leavingAnOlderOverlappingLevel0FileBehindBreaksReads() {
    Suite suite = new Suite(provider(() -> new Faulty() {
      @Override
      Compaction fault(Version v, Compaction c) {
        ImmutableList<FileMetaData> l0 = c.inputs().get(0).files();
        if (c.startLevel() != 0 || l0.size() < 2) {
          return c;
        }
        return withLevel0Inputs(c, l0.subList(0, l0.size() - 1)); // the oldest stays behind
      }
    }), dir);
    assertThatThrownBy(suite::compactionOutputsKeepTheTreeValid)
        .isInstanceOf(AssertionError.class).hasMessageContaining("is newer");
  }

  @Test
  void skippingALevel0FileBetweenInputsInAgeIsCaughtBeforeRunning() {
    Suite suite = new Suite(provider(() -> new Faulty() {
      @Override
      Compaction fault(Version v, Compaction c) {
        ImmutableList<FileMetaData> l0 = c.inputs().get(0).files();
        if (c.startLevel() != 0 || l0.size() < 3) {
          return c;
        }
        // Drop a middle input: it overlaps the others and lies between them in age.
        return withLevel0Inputs(c, ImmutableList.<FileMetaData>builder().add(l0.get(0))
            .addAll(l0.subList(2, l0.size())).build());
      }
    }), dir);
    assertThatThrownBy(suite::picksNameLiveFilesInAgeOrder)
        .isInstanceOf(AssertionError.class).hasMessageContaining("not adjacent in age");
  }

  @Test
  void aFileThatIsNotInTheVersionIsCaught() {
    Suite suite = new Suite(provider(() -> new Faulty() {
      @Override
      Compaction fault(Version v, Compaction c) {
        FileMetaData f = c.inputs().get(0).files().get(0);
        FileMetaData stale = new FileMetaData(f.fileNumber() + 100_000, f.fileSizeBytes(),
            f.smallest(), f.largest());
        return withLevel0Inputs(c, ImmutableList.of(stale));
      }
    }), dir);
    assertThatThrownBy(suite::picksNameLiveFilesInAgeOrder)
        .isInstanceOf(AssertionError.class).hasMessageContaining("is not in level");
  }

  @Test
  void aStrategyThatNeverStopsCompactingIsCaught() {
    Suite suite = new Suite(provider(() -> new Faulty() {
      @Override
      public boolean levelDbLayout() {
        return false; // merging into level 0 is allowed, endlessly doing so is not
      }

      @Override
      public Optional<Compaction> pickCompaction(Version v) {
        if (v.numFiles(0) == 0) {
          return leveled.pickCompaction(v);
        }
        // Rewrites level 0 into itself forever.
        return Optional.of(new Compaction(ImmutableList.of(new Compaction.LevelInputs(0,
            v.files(0))), 0, ImmutableList.of(), 1L << 30, 0, false, Optional.empty(), "loop"));
      }
    }), dir);
    assertThatThrownBy(suite::compactionsConvergeUnderAFlushWorkload)
        .isInstanceOf(AssertionError.class).hasMessageContaining("endless compaction");
  }

  @Test
  void aScoreOfOneWithNothingToPickIsCaught() {
    Suite suite = new Suite(provider(() -> new Faulty() {
      @Override
      public double[] levelScores(Version version) {
        double[] scores = leveled.levelScores(version);
        scores[0] = Math.max(scores[0], 1); // level 0 always "needs compaction"
        return scores;
      }
    }), dir);
    assertThatThrownBy(suite::picksNameLiveFilesInAgeOrder)
        .isInstanceOf(AssertionError.class).hasMessageContaining("but no compaction is picked");
  }

  @Test
  void stoppingWritersWithNothingToCompactIsCaught() {
    Suite suite = new Suite(provider(() -> new Faulty() {
      @Override
      public WriteStall writeStall(Version version) {
        return WriteStall.STOP;
      }
    }), dir);
    assertThatThrownBy(suite::picksNameLiveFilesInAgeOrder)
        .isInstanceOf(AssertionError.class).hasMessageContaining("wait forever");
  }
}
