package io.strata.examples.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.strata.examples.experiment.model.CompactionRecord;
import io.strata.examples.experiment.model.Comparison;
import io.strata.examples.experiment.model.ConfigResult;
import io.strata.examples.experiment.model.ExperimentResult;
import io.strata.examples.experiment.model.RunResult;
import io.strata.examples.experiment.model.Sample;
import io.strata.examples.experiment.model.Stat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files an experiment writes under {@code --out}, and reading {@code results.json} back.
 *
 * <ul>
 *   <li>{@code results.json}: the {@link ExperimentResult}, pretty-printed; its layout is
 *       described by the JSON Schema (draft 2020-12) {@code results.schema.json}, written beside
 *       it.
 *   <li>{@code summary.csv}: one row per configuration, phase and metric: {@code config, phase,
 *       metric, median, min, max, n, ratio_to_baseline, p_value} (the last two empty for the
 *       baseline, p_value empty with fewer than 5 runs).
 *   <li>{@code timeseries.csv}: one row per sample of every run: {@code config, repetition,
 *       seconds, phase, ops_done, disk_bytes, live_logical_bytes, space_amp, log_bytes,
 *       memtable_bytes, pending_compaction_bytes, running_compactions, stall, stall_micros}, then
 *       {@code l0_bytes ... lN_bytes} and {@code l0_files ... lN_files} for levels 0 to N (at
 *       least 0 to 6; a level a sample does not report is empty). {@code seconds} counts from
 *       the run's first phase; {@code space_amp} is disk bytes over live logical bytes (empty
 *       when those are 0).
 *   <li>{@code compactions.csv}: one row per compaction of every run: {@code config, repetition}
 *       and the {@link CompactionRecord} fields in snake case, {@code input_levels} as the levels
 *       separated by spaces.
 * </ul>
 *
 * <p>CSV files are RFC 4180 but for their line ends ({@code \n}): comma-separated, a field
 * holding a comma, quote or line break quoted; UTF-8; numbers in plain decimal notation, an
 * absent value empty. Stateless.
 */
final class ExperimentFiles {
  static final String RESULTS_JSON = "results.json";
  static final String SCHEMA_JSON = "results.schema.json";
  static final String SUMMARY_CSV = "summary.csv";
  static final String TIMESERIES_CSV = "timeseries.csv";
  static final String COMPACTIONS_CSV = "compactions.csv";
  /** The schema's resource, on the class path. */
  static final String SCHEMA_RESOURCE = "/experiment/results.schema.json";
  /** Levels {@code timeseries.csv} has columns for, at least. */
  static final int MIN_LEVELS = 7;

  private ExperimentFiles() {}

  /**
   * The JSON mapper of results and specs: records, pretty-printed output, and unknown properties
   * ignored when reading (a newer build's results.json still reads).
   */
  static ObjectMapper mapper() {
    return new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /**
   * Writes {@code results.json}, {@code results.schema.json}, {@code summary.csv},
   * {@code timeseries.csv} and {@code compactions.csv} into {@code out}, replacing them.
   *
   * @return the files written, in that order
   * @throws IOException when one cannot be written
   */
  static List<Path> write(ExperimentResult result, Path out) throws IOException {
    Files.createDirectories(out);
    List<Path> written = new ArrayList<>();
    Path json = out.resolve(RESULTS_JSON);
    mapper().writeValue(json.toFile(), result);
    written.add(json);
    written.add(copySchema(out));
    written.add(writeSummary(result, out.resolve(SUMMARY_CSV)));
    written.add(writeTimeseries(result, out.resolve(TIMESERIES_CSV)));
    written.add(writeCompactions(result, out.resolve(COMPACTIONS_CSV)));
    return written;
  }

  /**
   * Deletes what an earlier experiment wrote into {@code out}: the result files, report.html,
   * and the {@code charts}, {@code runs} and {@code db} directories, so that no stale chart or
   * run of another configuration stays beside the new results. Other files are left alone.
   *
   * @throws IOException a file could not be deleted
   */
  static void clearEarlierOutputs(Path out) throws IOException {
    for (String name : List.of(RESULTS_JSON, SCHEMA_JSON, SUMMARY_CSV, TIMESERIES_CSV,
        COMPACTIONS_CSV, "report.html")) {
      Files.deleteIfExists(out.resolve(name));
    }
    for (String name : List.of("charts", "runs", "db")) {
      Path d = out.resolve(name);
      if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
        try (Stream<Path> tree = Files.walk(d)) {
          for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
  }

  /**
   * Reads a {@code results.json}.
   *
   * @throws IOException when it cannot be read or is not an experiment's result
   * @throws IllegalArgumentException when its schema version is newer than this build's
   */
  static ExperimentResult read(Path file) throws IOException {
    ExperimentResult r = mapper().readValue(file.toFile(), ExperimentResult.class);
    if (r.schemaVersion() > ExperimentResult.SCHEMA_VERSION) {
      throw new IllegalArgumentException(file + " has results layout version "
          + r.schemaVersion() + "; this build reads up to " + ExperimentResult.SCHEMA_VERSION);
    }
    return r;
  }

  static Path copySchema(Path out) throws IOException {
    Path target = out.resolve(SCHEMA_JSON);
    try (InputStream in = ExperimentFiles.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new NoSuchFileException("class path resource " + SCHEMA_RESOURCE);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  static Path writeSummary(ExperimentResult result, Path file) throws IOException {
    Map<String, Comparison> byKey = new HashMap<>();
    for (Comparison c : result.comparisons()) {
      byKey.put(c.config() + "\n" + c.phase() + "\n" + c.metric(), c);
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      row(w, "config", "phase", "metric", "median", "min", "max", "n", "ratio_to_baseline",
          "p_value");
      for (ConfigResult cr : result.configs()) {
        String name = cr.config().name();
        for (Map.Entry<String, Map<String, Stat>> phase : cr.metrics().entrySet()) {
          for (Map.Entry<String, Stat> m : phase.getValue().entrySet()) {
            Stat s = m.getValue();
            Comparison c = byKey.get(name + "\n" + phase.getKey() + "\n" + m.getKey());
            row(w, name, phase.getKey(), m.getKey(), num(s.median()), num(s.min()),
                num(s.max()), Integer.toString(s.n()), c == null ? "" : num(c.ratio()),
                c == null ? "" : num(c.pValue()));
          }
        }
      }
    }
    return file;
  }

  static Path writeTimeseries(ExperimentResult result, Path file) throws IOException {
    int levels = MIN_LEVELS;
    for (RunResult run : result.runs()) {
      for (Sample s : run.samples()) {
        levels = Math.max(levels, Math.max(s.levelBytes().size(), s.levelFiles().size()));
      }
    }
    List<String> header = new ArrayList<>(List.of("config", "repetition", "seconds", "phase",
        "ops_done", "disk_bytes", "live_logical_bytes", "space_amp", "log_bytes",
        "memtable_bytes", "pending_compaction_bytes", "running_compactions", "stall",
        "stall_micros"));
    for (int l = 0; l < levels; l++) {
      header.add("l" + l + "_bytes");
    }
    for (int l = 0; l < levels; l++) {
      header.add("l" + l + "_files");
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      row(w, header.toArray(new String[0]));
      for (RunResult run : result.runs()) {
        for (Sample s : run.samples()) {
          long disk = s.diskBytes();
          List<String> f = new ArrayList<>(List.of(run.config(),
              Integer.toString(run.repetition()), num(s.seconds()), s.phase(),
              Long.toString(s.opsDone()), Long.toString(disk),
              Long.toString(s.liveLogicalBytes()),
              s.liveLogicalBytes() > 0 ? num((double) disk / s.liveLogicalBytes()) : "",
              Long.toString(s.logBytes()), Long.toString(s.memtableBytes()),
              Long.toString(s.pendingCompactionBytes()),
              Integer.toString(s.runningCompactions()), s.stall(),
              Long.toString(s.stallMicros())));
          for (int l = 0; l < levels; l++) {
            f.add(l < s.levelBytes().size() ? Long.toString(s.levelBytes().get(l)) : "");
          }
          for (int l = 0; l < levels; l++) {
            f.add(l < s.levelFiles().size() ? Integer.toString(s.levelFiles().get(l)) : "");
          }
          row(w, f.toArray(new String[0]));
        }
      }
    }
    return file;
  }

  static Path writeCompactions(ExperimentResult result, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      row(w, "config", "repetition", "seconds", "phase", "strategy", "reason", "trivial_move",
          "manual", "input_levels", "input_files", "input_bytes", "output_level",
          "output_files", "output_bytes", "entries_in", "entries_dropped",
          "tombstones_dropped", "duration_millis");
      for (RunResult run : result.runs()) {
        for (CompactionRecord c : run.compactions()) {
          row(w, run.config(), Integer.toString(run.repetition()), num(c.seconds()), c.phase(),
              c.strategy(), c.reason(), Boolean.toString(c.trivialMove()),
              Boolean.toString(c.manual()),
              c.inputLevels().stream().map(String::valueOf).collect(Collectors.joining(" ")),
              Integer.toString(c.inputFiles()), Long.toString(c.inputBytes()),
              Integer.toString(c.outputLevel()), Integer.toString(c.outputFiles()),
              Long.toString(c.outputBytes()), Long.toString(c.entriesIn()),
              Long.toString(c.entriesDropped()), Long.toString(c.tombstonesDropped()),
              num(c.durationMillis()));
        }
      }
    }
    return file;
  }

  /** {@code v} in plain decimal notation ({@code 12.5}, {@code 10000000}); null as empty. */
  static String num(Double v) {
    if (v == null || !Double.isFinite(v)) {
      return "";
    }
    if (v == 0) {
      return "0";
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** One CSV record of {@code fields}. */
  static void row(BufferedWriter w, String... fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        w.write(',');
      }
      w.write(field(fields[i]));
    }
    w.write('\n');
  }

  /** {@code s} as a CSV field: quoted, inner quotes doubled, when it needs to be. */
  static String field(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0
        && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
