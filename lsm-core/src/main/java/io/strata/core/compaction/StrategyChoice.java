package io.strata.core.compaction;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.Options;
import io.strata.api.spi.PluginProvider;
import java.util.Optional;

/**
 * Which compaction strategy, with which options, a database opens with: the rule of the
 * {@link Options} class comment applied to what the options name and what the directory records.
 * Immutable.
 *
 * <p>What a directory records, most authoritative first: its newest {@link OptionsFile} (name and
 * options); the strategy its MANIFEST names in a switch record (tag 81, written for every
 * strategy taking over from one that is not LevelDB's layout, and whenever a strategy that leaves
 * LevelDB's layout takes over); else nothing, which means {@code leveled} with its defaults (a
 * database written by LevelDB or by a Strata that kept no record). When the MANIFEST names a
 * strategy other than the OPTIONS file's, an open that switched crashed between recording the
 * switch in the MANIFEST and writing the OPTIONS file: the MANIFEST wins, with the strategy's
 * defaults, and a fresh OPTIONS file is written.
 *
 * @param settings the strategy and options to open with
 * @param recorded what the directory records; empty for a new database
 * @param source where {@code settings} come from, for messages, e.g. {@code recorded in
 *     OPTIONS-000007}
 * @param record whether open must write a new OPTIONS file once it has succeeded: for a new
 *     database, for settings other than the recorded ones, or to replace a stale file
 */
public record StrategyChoice(StrategySettings settings, Optional<StrategySettings> recorded,
    String source, boolean record) {
  public StrategyChoice {
    checkNotNull(settings, "settings");
    checkNotNull(recorded, "recorded");
    checkNotNull(source, "source");
  }

  /**
   * Applies the rule.
   *
   * @param options the options of the open
   * @param optionsFile the directory's newest OPTIONS file, if any
   * @param manifestStrategy the strategy the MANIFEST's switch record names, if any
   * @param newDatabase whether the open creates the database (then nothing is recorded)
   */
  public static StrategyChoice resolve(Options options, Optional<OptionsFile.Loaded> optionsFile,
      Optional<String> manifestStrategy, boolean newDatabase) {
    StrategySettings recorded;
    String recordedSource;
    boolean stale = false;
    if (newDatabase) {
      recorded = StrategySettings.DEFAULT;
      recordedSource = "the default of a new database";
    } else if (optionsFile.isPresent()
        && manifestStrategy.filter(m -> !m.equals(optionsFile.get().settings().name()))
            .isEmpty()) {
      recorded = optionsFile.get().settings();
      recordedSource = "recorded in " + optionsFile.get().fileName();
    } else if (manifestStrategy.isPresent()) {
      recorded = StrategySettings.of(manifestStrategy.get(), java.util.Map.of());
      recordedSource = "recorded in the MANIFEST";
      stale = optionsFile.isPresent();
    } else {
      recorded = StrategySettings.DEFAULT;
      recordedSource = "LevelDB's default (the database records no strategy)";
    }
    Optional<String> named = named(options);
    StrategySettings settings;
    String source;
    if (named.isPresent()) {
      settings = StrategySettings.of(named.get(), options.strategyOptions());
      source = "named by the options";
    } else if (!options.strategyOptions().isEmpty()) {
      settings = StrategySettings.of(recorded.name(), options.strategyOptions());
      source = recordedSource + ", with options given by the options";
    } else {
      settings = recorded;
      source = recordedSource;
    }
    return new StrategyChoice(settings, newDatabase ? Optional.empty() : Optional.of(recorded),
        source, newDatabase || stale || !settings.equals(recorded));
  }

  /** The strategy {@code options} name: their provider's name, else their strategy name. */
  public static Optional<String> named(Options options) {
    return options.compactionStrategyProvider().map(PluginProvider::name)
        .or(options::compactionStrategy);
  }

  /** The strategy the database had before this open switched it, if it did. */
  public Optional<String> switchedFrom() {
    return recorded.map(StrategySettings::name).filter(r -> !r.equals(settings.name()));
  }

  /**
   * One line saying what this open changed, e.g. {@code compaction strategy switched from tiered
   * to leveled}; empty when it kept the recorded strategy and options (and for a new database).
   */
  public Optional<String> change() {
    if (recorded.isEmpty() || recorded.get().equals(settings)) {
      return Optional.empty();
    }
    StrategySettings was = recorded.get();
    if (!was.name().equals(settings.name())) {
      return Optional.of("compaction strategy switched from " + was.name() + " to "
          + settings.name() + (settings.options().isEmpty() ? ""
              : " (" + settings.describeOptions() + ")"));
    }
    return Optional.of("compaction strategy " + settings.name() + ": options changed from "
        + was.describeOptions() + " to " + settings.describeOptions());
  }
}
