package io.strata.examples.experiment.workload;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.examples.cli.ValueGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.IntSupplier;
import site.ycsb.generator.AcknowledgedCounterGenerator;
import site.ycsb.generator.ConstantIntegerGenerator;
import site.ycsb.generator.DiscreteGenerator;
import site.ycsb.generator.ExponentialGenerator;
import site.ycsb.generator.HotspotIntegerGenerator;
import site.ycsb.generator.NumberGenerator;
import site.ycsb.generator.ScrambledZipfianGenerator;
import site.ycsb.generator.SequentialGenerator;
import site.ycsb.generator.SkewedLatestGenerator;
import site.ycsb.generator.UniformLongGenerator;
import site.ycsb.generator.ZipfianGenerator;

/**
 * A YCSB workload file read as {@link Properties}, with YCSB 0.17.0's property names and
 * defaults ({@code site.ycsb.workloads.CoreWorkload}), and the generators it calls for, wired as
 * {@code CoreWorkload.init} wires them with {@code insertstart=0} and {@code insertcount} equal to
 * the record count. Immutable; every value is checked by {@link #of}.
 *
 * <table>
 *   <caption>Properties read, and their defaults</caption>
 *   <tr><th>property</th><th>default</th></tr>
 *   <tr><td>{@code recordcount}, {@code operationcount}</td>
 *       <td>the experiment's num (see {@link YcsbWorkload})</td></tr>
 *   <tr><td>{@code readproportion}</td><td>0.95</td></tr>
 *   <tr><td>{@code updateproportion}</td><td>0.05</td></tr>
 *   <tr><td>{@code insertproportion}, {@code scanproportion},
 *       {@code readmodifywriteproportion}</td><td>0</td></tr>
 *   <tr><td>{@code requestdistribution}: {@code uniform}, {@code zipfian}, {@code latest},
 *       {@code hotspot} ({@code hotspotdatafraction} 0.2, {@code hotspotopnfraction} 0.8),
 *       {@code sequential}, {@code exponential} ({@code exponential.percentile} 95,
 *       {@code exponential.frac} 0.8571428571)</td><td>{@code uniform}</td></tr>
 *   <tr><td>{@code minscanlength}, {@code maxscanlength}</td><td>1, 1000 records</td></tr>
 *   <tr><td>{@code scanlengthdistribution}: {@code uniform}, {@code zipfian}</td>
 *       <td>{@code uniform}</td></tr>
 *   <tr><td>{@code fieldcount}</td><td>10</td></tr>
 *   <tr><td>{@code fieldlength}, {@code minfieldlength}</td><td>100, 1 bytes</td></tr>
 *   <tr><td>{@code fieldlengthdistribution}: {@code constant}, {@code uniform}, {@code zipfian}
 *       </td><td>{@code constant}</td></tr>
 *   <tr><td>{@code insertorder}: {@code hashed}, {@code ordered}</td><td>{@code hashed}</td></tr>
 * </table>
 *
 * Other properties ({@code workload}, {@code readallfields}, {@code table}, …) are read by YCSB
 * only and ignored here: a record is read and written whole.
 */
final class YcsbSpec {
  /** Where the bundled copies of YCSB's workload files are, as class-path resources. */
  static final String RESOURCE_DIRECTORY = "/io/strata/examples/experiment/workload/ycsb/";

  private final String source;
  private final Properties properties;
  private final boolean countsFromFile;

  private YcsbSpec(String source, Properties properties, boolean countsFromFile) {
    this.source = source;
    this.properties = properties;
    this.countsFromFile = countsFromFile;
  }

  /**
   * The bundled copy of YCSB's {@code workloads/workload<letter>}, whose record and operation
   * counts are replaced by the experiment's.
   *
   * @throws IllegalArgumentException if there is no such bundled file
   */
  static YcsbSpec bundled(String letter) {
    String resource = RESOURCE_DIRECTORY + "workload" + letter;
    try (InputStream in = YcsbSpec.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no bundled YCSB workload file " + resource);
      }
      Properties p = new Properties();
      p.load(in);
      return of("YCSB workload" + letter, p, false);
    } catch (IOException e) {
      // A resource of the jar itself that does not read: the build is broken, not the caller.
      throw new UncheckedIOException("reading " + resource, e);
    }
  }

  /**
   * A user's YCSB workload file, run unchanged: its {@code recordcount} and {@code
   * operationcount}, when it sets them, are used.
   *
   * @throws IllegalArgumentException naming the file if it does not exist, cannot be read, or
   *     holds a value {@link #of} rejects
   */
  static YcsbSpec file(Path path) {
    checkNotNull(path, "path");
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("YCSB workload file " + path + " does not exist");
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.ISO_8859_1)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("YCSB workload file " + path + " cannot be read: "
          + e.getMessage(), e);
    }
    return of("YCSB workload file " + path, p, true);
  }

  /**
   * Checks {@code properties} and wraps a copy of them.
   *
   * @param source names the properties in error messages
   * @param countsFromFile whether {@code recordcount} and {@code operationcount} are taken from
   *     the properties when set
   * @throws IllegalArgumentException naming {@code source}, the property and its value when a
   *     number does not parse or is out of range, a distribution is unknown, or no operation has a
   *     positive proportion
   */
  /** A copy of the workload file's properties. */
  Properties properties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  static YcsbSpec of(String source, Properties properties, boolean countsFromFile) {
    Properties copy = new Properties();
    copy.putAll(properties);
    YcsbSpec spec = new YcsbSpec(source, copy, countsFromFile);
    spec.check();
    return spec;
  }

  private void check() {
    double total = 0;
    String[][] proportions = {{"readproportion", "0.95"}, {"updateproportion", "0.05"},
        {"insertproportion", "0"}, {"scanproportion", "0"}, {"readmodifywriteproportion", "0"}};
    for (String[] p : proportions) {
      double v = doubleValue(p[0], p[1]);
      if (v < 0) {
        throw bad(p[0], "a proportion must not be negative");
      }
      total += v;
    }
    if (total <= 0) {
      throw new IllegalArgumentException(source + ": no operation has a positive proportion");
    }
    if (countsFromFile) {
      recordCount();
      operationCount(1);
    }
    long fieldCount = longValue("fieldcount", "10", 1);
    long fieldLength = longValue("fieldlength", "100", 1);
    long minFieldLength = longValue("minfieldlength", "1", 1);
    if (fieldCount * fieldLength > ValueGenerator.Pool.MIN_SIZE_BYTES) {
      throw bad("fieldcount", "records of fieldcount x fieldlength = " + fieldCount * fieldLength
          + " bytes are more than the " + ValueGenerator.Pool.MIN_SIZE_BYTES + " supported");
    }
    if (minFieldLength > fieldLength) {
      throw bad("minfieldlength", "more than fieldlength " + fieldLength);
    }
    String distribution = text("fieldlengthdistribution", "constant");
    if (!distribution.equals("constant") && !distribution.equals("uniform")
        && !distribution.equals("zipfian")) {
      throw bad("fieldlengthdistribution", "expected constant, uniform or zipfian");
    }
    String request = text("requestdistribution", "uniform");
    switch (request) {
      case "uniform", "zipfian", "latest", "sequential" -> { }
      case "hotspot" -> {
        fraction("hotspotdatafraction", "0.2");
        fraction("hotspotopnfraction", "0.8");
      }
      case "exponential" -> {
        doubleValue(ExponentialGenerator.EXPONENTIAL_PERCENTILE_PROPERTY,
            ExponentialGenerator.EXPONENTIAL_PERCENTILE_DEFAULT);
        doubleValue(ExponentialGenerator.EXPONENTIAL_FRAC_PROPERTY,
            ExponentialGenerator.EXPONENTIAL_FRAC_DEFAULT);
      }
      default -> throw bad("requestdistribution",
          "expected uniform, zipfian, latest, hotspot, sequential or exponential");
    }
    long minScan = longValue("minscanlength", "1", 1);
    long maxScan = longValue("maxscanlength", "1000", 1);
    if (minScan > maxScan) {
      throw bad("minscanlength", "more than maxscanlength " + maxScan);
    }
    String scan = text("scanlengthdistribution", "uniform");
    if (!scan.equals("uniform") && !scan.equals("zipfian")) {
      throw bad("scanlengthdistribution", "expected uniform or zipfian");
    }
    String order = text("insertorder", "hashed");
    if (!order.equals("hashed") && !order.equals("ordered")) {
      throw bad("insertorder", "expected hashed or ordered");
    }
  }

  /** Whether any operation but insert has a positive proportion. */
  boolean readsExistingRecords() {
    return doubleValue("readproportion", "0.95") > 0 || doubleValue("updateproportion", "0.05") > 0
        || doubleValue("scanproportion", "0") > 0
        || doubleValue("readmodifywriteproportion", "0") > 0;
  }

  /** The file's {@code recordcount} when it is a user's file that sets one (0 means 2^31 - 1). */
  OptionalLong recordCount() {
    if (!countsFromFile || properties.getProperty("recordcount") == null) {
      return OptionalLong.empty();
    }
    long n = longValue("recordcount", "0", 0);
    return OptionalLong.of(n == 0 ? Integer.MAX_VALUE : n); // as CoreWorkload
  }

  /** The file's {@code operationcount} when it is a user's file that sets one, else {@code num}. */
  long operationCount(long num) {
    if (!countsFromFile || properties.getProperty("operationcount") == null) {
      return num;
    }
    return longValue("operationcount", "0", 0);
  }

  /** Whether {@code insertorder=ordered}. */
  boolean orderedInserts() {
    return text("insertorder", "hashed").equals("ordered");
  }

  /** The bytes of each new record: {@code fieldcount} draws of the field length generator. */
  IntSupplier recordBytes() {
    long fieldCount = longValue("fieldcount", "10", 1);
    long fieldLength = longValue("fieldlength", "100", 1);
    long minFieldLength = longValue("minfieldlength", "1", 1);
    NumberGenerator lengths = switch (text("fieldlengthdistribution", "constant")) {
      case "uniform" -> new UniformLongGenerator(minFieldLength, fieldLength);
      case "zipfian" -> new ZipfianGenerator(minFieldLength, fieldLength);
      default -> new ConstantIntegerGenerator((int) fieldLength);
    };
    return () -> {
      long bytes = 0;
      for (long i = 0; i < fieldCount; i++) {
        bytes += lengths.nextValue().longValue();
      }
      return (int) bytes;
    };
  }

  /**
   * YCSB's generators of one transaction phase.
   *
   * @param operations chooses {@code READ}, {@code UPDATE}, {@code INSERT}, {@code SCAN} or
   *     {@code READMODIFYWRITE}
   * @param keys chooses the record of a read, update, scan or read-modify-write
   * @param insertKeys numbers the inserted records, from the record count
   * @param scanLengths chooses a scan's length in records
   * @param recordBytes the bytes of a record written
   */
  record Generators(DiscreteGenerator operations, NumberGenerator keys,
      AcknowledgedCounterGenerator insertKeys, NumberGenerator scanLengths,
      IntSupplier recordBytes) {}

  /**
   * The generators of a transaction phase over {@code recordCount} records running {@code
   * operationCount} operations, as {@code CoreWorkload.init} builds them.
   */
  Generators generators(long recordCount, long operationCount) {
    DiscreteGenerator operations = new DiscreteGenerator();
    addOperation(operations, "readproportion", "0.95", "READ");
    addOperation(operations, "updateproportion", "0.05", "UPDATE");
    addOperation(operations, "insertproportion", "0.0", "INSERT");
    addOperation(operations, "scanproportion", "0.0", "SCAN");
    addOperation(operations, "readmodifywriteproportion", "0.0", "READMODIFYWRITE");
    AcknowledgedCounterGenerator insertKeys = new AcknowledgedCounterGenerator(recordCount);
    NumberGenerator keys = switch (text("requestdistribution", "uniform")) {
      case "uniform" -> new UniformLongGenerator(0, recordCount - 1);
      case "exponential" -> new ExponentialGenerator(
          doubleValue(ExponentialGenerator.EXPONENTIAL_PERCENTILE_PROPERTY,
              ExponentialGenerator.EXPONENTIAL_PERCENTILE_DEFAULT),
          recordCount * doubleValue(ExponentialGenerator.EXPONENTIAL_FRAC_PROPERTY,
              ExponentialGenerator.EXPONENTIAL_FRAC_DEFAULT));
      case "sequential" -> new SequentialGenerator(0, recordCount - 1);
      case "zipfian" -> {
        // As CoreWorkload: the key space includes the records the phase is expected to insert
        // (twice the expected count, YCSB's fudge factor), so popular keys stay popular as it
        // grows; a key not yet inserted is drawn again.
        double insertProportion = doubleValue("insertproportion", "0.0");
        long expectedNewKeys = (long) (operationCount * insertProportion * 2.0);
        yield new ScrambledZipfianGenerator(0, recordCount + expectedNewKeys);
      }
      case "latest" -> new SkewedLatestGenerator(insertKeys);
      case "hotspot" -> new HotspotIntegerGenerator(0, recordCount - 1,
          doubleValue("hotspotdatafraction", "0.2"), doubleValue("hotspotopnfraction", "0.8"));
      default -> throw new AssertionError("checked in of: " + text("requestdistribution", ""));
    };
    long minScan = longValue("minscanlength", "1", 1);
    long maxScan = longValue("maxscanlength", "1000", 1);
    NumberGenerator scanLengths = text("scanlengthdistribution", "uniform").equals("zipfian")
        ? new ZipfianGenerator(minScan, maxScan)
        : new UniformLongGenerator(minScan, maxScan);
    return new Generators(operations, keys, insertKeys, scanLengths, recordBytes());
  }

  private void addOperation(DiscreteGenerator operations, String property, String defaultValue,
      String operation) {
    double proportion = doubleValue(property, defaultValue);
    if (proportion > 0) {
      operations.addValue(proportion, operation);
    }
  }

  private String text(String property, String defaultValue) {
    return properties.getProperty(property, defaultValue).trim().toLowerCase(Locale.ROOT);
  }

  private double doubleValue(String property, String defaultValue) {
    String text = properties.getProperty(property, defaultValue).trim();
    try {
      double v = Double.parseDouble(text);
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw bad(property, "not a finite number");
      }
      return v;
    } catch (NumberFormatException e) {
      throw bad(property, "not a number");
    }
  }

  private void fraction(String property, String defaultValue) {
    double v = doubleValue(property, defaultValue);
    if (v < 0 || v > 1) {
      throw bad(property, "a fraction must be in [0, 1]");
    }
  }

  private long longValue(String property, String defaultValue, long min) {
    String text = properties.getProperty(property, defaultValue).trim();
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw bad(property, "not an integer");
    }
    if (v < min) {
      throw bad(property, "must be at least " + min);
    }
    return v;
  }

  private IllegalArgumentException bad(String property, String why) {
    return new IllegalArgumentException(source + ": " + property + "="
        + properties.getProperty(property) + ": " + why);
  }
}
