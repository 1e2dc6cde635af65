package io.strata.examples.cli;

import io.strata.api.CompressionType;
import io.strata.api.Db;
import io.strata.api.KeyComparator;
import io.strata.api.Options;
import io.strata.core.Strata;
import io.strata.examples.experiment.ExperimentCommand;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code strata} command line: global database options, then one subcommand ({@code put},
 * {@code get}, {@code delete}, {@code scan}, {@code stats}, {@code load}, {@code compact},
 * {@code bench}, {@code verify}, {@code repair}, {@code dump}, {@code sst}, {@code manifest},
 * {@code experiment}).
 *
 * <p>The global options are inherited by every subcommand but {@code experiment}, which runs
 * configurations of its own and keeps only {@code --verbose} of them. Being inherited, they may
 * stand before or after the subcommand's name. They map onto {@link Options.Builder}; {@link Options.Builder#build()}
 * validates them, and a bad value is a usage error (exit code 2) naming the flag.
 *
 * <p>Exit codes: 0 success; 1 a failure while running ({@code strata: <message>} on standard
 * error, with the stack trace under {@code --verbose}; an unexpected exception always prints its
 * stack trace), or {@code get} of an absent key; 2 a usage error ({@code strata: <message>} and
 * {@code see 'strata <command> --help'}).
 *
 * <p>An instance is confined to one thread and runs one command line. The database is opened
 * through a {@link DbOpener}, {@link Strata#open} by default, so tests can run every command
 * against a database of their own.
 */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = StrataCli.VersionProvider.class,
    sortOptions = false,
    description = "Reads, writes, loads and benchmarks a Strata database.",
    subcommands = {
      PutCommand.class,
      GetCommand.class,
      DeleteCommand.class,
      ScanCommand.class,
      StatsCommand.class,
      LoadCommand.class,
      CompactCommand.class,
      CheckpointCommand.class,
      BenchCommand.class,
      VerifyCommand.class,
      RepairCommand.class,
      DumpCommand.class,
      SstCommand.class,
      ManifestCommand.class,
      CommandLine.HelpCommand.class
    })
public final class StrataCli implements Callable<Integer> {
  /** Directory of the database when {@code --db} is not given (relative: the working directory). */
  static final Path DEFAULT_DB = Path.of("strata-db");
  /** The SLF4J 2 system property naming the logging provider to use. */
  private static final String SLF4J_PROVIDER_PROPERTY = "slf4j.provider";
  /** The SLF4J 2 system property setting what SLF4J itself reports: INFO, WARN or ERROR. */
  private static final String SLF4J_VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

  /** Directory of {@code bench} when {@code --db} is not given; bench deletes it at start. */
  static final Path DEFAULT_BENCH_DB = Path.of("strata-bench-db");

  @Option(
      names = "--db",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Database directory (default: strata-db in the working directory; for"
          + " bench: strata-bench-db, so that a benchmark never wipes the working database).")
  private Path db;

  @Option(
      names = "--compression",
      paramLabel = "none|snappy|zstd",
      scope = ScopeType.INHERIT,
      converter = CompressionConverter.class,
      description = "Block compression of new tables (default: snappy; for bench: none, as the"
          + " peers it is compared with run uncompressed).")
  private CompressionType compression;

  @Option(
      names = "--compression-per-level",
      paramLabel = "LIST",
      scope = ScopeType.INHERIT,
      split = ",",
      converter = CompressionConverter.class,
      description = "Block compression by level, level 0 first, comma-separated, e.g."
          + " none,none,snappy,zstd; levels past the list's end use its last entry (default:"
          + " --compression at every level).")
  private List<CompressionType> compressionPerLevel;

  @Option(
      names = "--bottommost-compression",
      paramLabel = "none|snappy|zstd",
      scope = ScopeType.INHERIT,
      converter = CompressionConverter.class,
      description = "Block compression of a bottommost compaction's output, which no older file"
          + " overlaps (default: its output level's).")
  private CompressionType bottommostCompression;

  @Option(
      names = "--write-buffer-size",
      paramLabel = "BYTES",
      scope = ScopeType.INHERIT,
      converter = ByteSizeConverter.class,
      description = "Memtable bytes before a flush; suffixes k, m, g (KiB, MiB, GiB) allowed"
          + " (default: 32MiB; 4MiB with --leveldb-defaults).")
  private Long writeBufferSizeBytes;

  @Option(
      names = "--block-cache-size",
      paramLabel = "BYTES",
      scope = ScopeType.INHERIT,
      converter = ByteSizeConverter.class,
      description = "Block cache capacity in bytes, 0 for none (default: 32MiB; 8MiB with"
          + " --leveldb-defaults).")
  private Long blockCacheSizeBytes;

  @Option(
      names = "--leveldb-defaults",
      scope = ScopeType.INHERIT,
      description = "Start from LevelDB's defaults instead of today's: 4MiB write buffer,"
          + " skiplist memtable, 8MiB block cache, and the leveled strategy with 2MiB files,"
          + " level 1 of 10MiB and level-0 triggers 4/8/12 (another --strategy starts from its"
          + " own defaults). The other flags override.")
  private boolean levelDbDefaults;

  @Option(
      names = "--bloom-bits",
      paramLabel = "N",
      scope = ScopeType.INHERIT,
      defaultValue = "10",
      description = "Bloom filter bits per key, 0 for no filter (default: ${DEFAULT-VALUE}).")
  private int bloomBitsPerKey;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "A properties file naming the compaction strategy and its options"
          + " (compaction.strategy=NAME, compaction.option.KEY=VALUE); --strategy and"
          + " --strategy-option override it.")
  private Path config;

  @Option(
      names = "--strategy",
      paramLabel = "NAME",
      scope = ScopeType.INHERIT,
      description = "Compaction strategy plugin, e.g. leveled, tiered or time-window (default:"
          + " the one the database records; leveled for a new database). Naming another"
          + " switches the database to it, and says so on standard error.")
  private String strategy;

  @Option(
      names = "--strategy-option",
      paramLabel = "KEY=VALUE",
      scope = ScopeType.INHERIT,
      converter = StrategyOption.Converter.class,
      description = "An option of the strategy; repeatable, the last value of a key wins."
          + " Given, they replace the options the database records.")
  private List<StrategyOption> strategyOptions = new ArrayList<>();

  @Option(
      names = "--memtable",
      paramLabel = "NAME",
      scope = ScopeType.INHERIT,
      description = "Memtable plugin: skiplist (one object per entry), arena (entries in"
          + " on-heap slabs) or arena-offheap (slabs outside the heap) (default: arena;"
          + " skiplist with --leveldb-defaults).")
  private String memTable;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print the stack trace of a failure, and of the exceptions in the engine's"
          + " warnings and errors (otherwise folded into one line each).")
  private boolean verbose;

  @Spec private CommandSpec spec;

  private final DbOpener opener;
  private final InputStream stdin;
  private final boolean stderrIsTerminal;

  /** A command line that opens databases with {@link Strata#open} and reads the process's stdin. */
  public StrataCli() {
    this(Strata::open, System.in, ProgressMode.stderrIsTerminal());
  }

  /**
   * @param opener opens the database directory
   * @param stdin what {@code load -} reads
   * @param stderrIsTerminal whether standard error is a terminal, where {@code --progress auto}
   *     redraws a bar in place
   */
  StrataCli(DbOpener opener, InputStream stdin, boolean stderrIsTerminal) {
    this.opener = opener;
    this.stdin = stdin;
    this.stderrIsTerminal = stderrIsTerminal;
  }

  /**
   * Runs the command line {@code args} and exits the JVM with its exit code. Logging goes through
   * {@link CliLoggerProvider} (one line per message, see {@link CliLogger}) unless the system
   * property {@code slf4j.provider} names another provider.
   */
  public static void main(String[] args) {
    if (System.getProperty(SLF4J_PROVIDER_PROPERTY) == null) {
      System.setProperty(SLF4J_PROVIDER_PROPERTY, CliLoggerProvider.class.getName());
      // Else SLF4J says on every run that it loads the provider the property names.
      if (System.getProperty(SLF4J_VERBOSITY_PROPERTY) == null) {
        System.setProperty(SLF4J_VERBOSITY_PROPERTY, "WARN");
      }
    }
    System.exit(run(args));
  }

  /**
   * Runs {@code args} against the process's standard streams; returns the exit code (0, 1 or 2, see
   * the class comment). Standard output is buffered and flushed before returning.
   */
  public static int run(String... args) {
    PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(
        new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
    try {
      StrataCli cli = new StrataCli();
      CommandLine cl = cli.newCommandLine();
      cl.setOut(out);
      cl.setErr(err);
      cl.setExecutionStrategy(parseResult -> {
        if (cli.verbose) {
          // The process is this command line's alone, so its logging may follow --verbose.
          System.setProperty(CliLogger.STACK_TRACES_PROPERTY, "true");
        }
        return new CommandLine.RunLast().execute(parseResult);
      });
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * A picocli command line for this instance, with the error handling described in the class
   * comment. Set its output and error writers before {@code execute}.
   */
  CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(this);
    // Added here, not in @Command: its --config differs from the global one (see its class).
    ExperimentCommand.register(cl);
    cl.setCaseInsensitiveEnumValuesAllowed(true); // --progress bar, as the help spells it
    cl.setExecutionExceptionHandler(this::handleFailure);
    cl.setParameterExceptionHandler(StrataCli::handleUsageError);
    return cl;
  }

  /**
   * A usage error: picocli's message, its suggestions for a misspelt option or subcommand, and
   * where the usage is, rather than the whole usage (dozens of lines that push the message out of
   * sight).
   */
  private static int handleUsageError(ParameterException ex, String[] args) {
    CommandLine failed = ex.getCommandLine();
    PrintWriter err = failed.getErr();
    err.println("strata: " + ex.getMessage());
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("see '" + failed.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return failed.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** With no subcommand: the usage on standard error, exit code 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  private int handleFailure(Exception ex, CommandLine failed, ParseResult parseResult) {
    PrintWriter err = failed.getErr();
    if (ex instanceof IOException || ex instanceof UncheckedIOException
        || ex instanceof IllegalArgumentException) {
      err.println("strata: " + describe(ex));
      if (verbose) {
        ex.printStackTrace(err);
      }
    } else {
      // Anything else is a bug in the engine or here: the trace is what a report needs.
      err.println("strata: unexpected error: " + ex);
      ex.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  /** A one-line description of {@code t} naming the file for the file-system exceptions. */
  static String describe(Throwable t) {
    Throwable e = t instanceof UncheckedIOException && t.getCause() != null ? t.getCause() : t;
    if (e instanceof NoSuchFileException) {
      return "no such file or directory: " + ((NoSuchFileException) e).getFile();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + ((AccessDeniedException) e).getFile();
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory: " + ((NotDirectoryException) e).getFile();
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists: " + ((FileAlreadyExistsException) e).getFile();
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** The database directory: {@code --db}, else {@code defaultDirectory}. */
  Path directory(Path defaultDirectory) {
    return db != null ? db : defaultDirectory;
  }

  /** {@code --compression} if given, else {@code defaultCompression}. */
  CompressionType compression(CompressionType defaultCompression) {
    return compression != null ? compression : defaultCompression;
  }

  /**
   * The open options the global options describe.
   *
   * @param compression block compression of new tables
   * @param createIfMissing whether opening creates an absent database
   * @throws ParameterException naming the flag of an option out of range (a usage error)
   * @throws IllegalArgumentException when {@code --config} cannot be read or holds a bad entry
   */
  Options options(CompressionType compression, boolean createIfMissing) {
    Options.Builder b = Options.builder();
    if (levelDbDefaults) {
      b.levelDbDefaults();
    }
    b.createIfMissing(createIfMissing)
        .compression(compression)
        .bloomBitsPerKey(bloomBitsPerKey);
    if (writeBufferSizeBytes != null) {
      b.writeBufferSizeBytes(writeBufferSizeBytes);
    }
    if (blockCacheSizeBytes != null) {
      b.blockCacheSizeBytes(blockCacheSizeBytes);
    }
    if (config != null) {
      java.util.Properties p = new java.util.Properties();
      try (InputStream in = java.nio.file.Files.newInputStream(config)) {
        p.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read --config " + config + ": " + e, e);
      }
      String configured = p.getProperty("compaction.strategy");
      if (levelDbDefaults && configured != null
          && !configured.trim().equals(Options.DEFAULT_COMPACTION_STRATEGY)) {
        b.strategyOptions(java.util.Map.of());
      }
      b.compactionFromProperties(p);
    }
    if (memTable != null) {
      b.memTable(memTable);
    }
    if (strategy != null) {
      if (levelDbDefaults && !strategy.equals(Options.DEFAULT_COMPACTION_STRATEGY)) {
        // LevelDB's shape is leveled's options; another strategy starts from its own defaults.
        b.strategyOptions(java.util.Map.of());
      }
      b.compactionStrategy(strategy);
    }
    for (StrategyOption o : strategyOptions) {
      b.strategyOption(o.key(), o.value());
    }
    try {
      if (compressionPerLevel != null) {
        b.compressionPerLevel(compressionPerLevel);
      }
      if (bottommostCompression != null) {
        b.bottommostCompression(bottommostCompression);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), inFlags(e.getMessage()), e);
    }
  }

  /**
   * {@code message} of {@link Options.Builder#build()} with the {@link Options} field names it
   * holds replaced by the flags that set them, so the message speaks the command line's words.
   */
  private String inFlags(String message) {
    String strategyFlag = strategy != null || config == null
        ? "--strategy" : "compaction.strategy in --config " + config;
    return message
        .replace("writeBufferSizeBytes", "--write-buffer-size")
        .replace("blockCacheSizeBytes", "--block-cache-size")
        .replace("bloomBitsPerKey", "--bloom-bits")
        .replace("compressionPerLevel", "--compression-per-level")
        .replace("compactionStrategy", strategyFlag);
  }

  /**
   * Opens the database of {@code --db} (default {@code strata-db}) with the global options
   * (compression default snappy). The caller closes it.
   *
   * @param createIfMissing true for the commands that write ({@code put}, {@code load}); false for
   *     the others, so that a mistyped directory is an error rather than a new empty database
   * @throws IOException when the database cannot be opened; when it is absent and
   *     {@code createIfMissing} is false, the message says which commands create one
   * @throws ParameterException when an option is out of range
   * @throws IllegalArgumentException when an option names an unknown plugin
   */
  Db openDb(boolean createIfMissing) throws IOException {
    return openDb(directory(DEFAULT_DB), createIfMissing);
  }

  /** As {@link #openDb(boolean)}, for the database in {@code dir}. */
  Db openDb(Path dir, boolean createIfMissing) throws IOException {
    Options options = options(compression(CompressionType.SNAPPY), createIfMissing);
    if (!createIfMissing && !DbDirectories.holdsDatabaseFiles(dir)) {
      // Said here in the command line's terms; the engine would speak of createIfMissing.
      String where = db != null || !dir.equals(DEFAULT_DB)
          ? dir.toString() : dir + " (the default; --db DIR names another)";
      throw new IOException("no database at " + where + ": "
          + (Files.isDirectory(dir) ? "the directory holds none" : "no such directory")
          + "; 'strata put' and 'strata load' create one, the other commands only open one");
    }
    Db opened = opener.open(dir, options);
    reportStrategyChange(opened, spec.commandLine().getErr());
    reportRecovery(opened, spec.commandLine().getErr());
    return opened;
  }

  /** Prints, on {@code err}, what opening {@code db} dropped from its write-ahead logs. */
  static void reportRecovery(Db db, PrintWriter err) {
    String dropped = db.getProperty("strata.recovery").orElse("");
    if (!dropped.isEmpty()) {
      for (String line : dropped.split("\n")) {
        err.println("strata: warning: dropped at open: " + line);
      }
      err.flush();
    }
  }

  /**
   * Prints, on {@code err}, the change of compaction strategy or of its options that opening
   * {@code db} made (asked for with {@code --strategy}, {@code --strategy-option} or
   * {@code --config}), e.g. {@code strata: compaction strategy switched from tiered to leveled}.
   */
  static void reportStrategyChange(Db db, PrintWriter err) {
    db.getProperty("strata.strategy-change").filter(c -> !c.isEmpty()).ifPresent(c -> {
      err.println("strata: " + c);
      err.flush();
    });
  }

  /** The comparator of the databases this command line opens (the options' default). */
  KeyComparator comparator() {
    return Options.defaults().comparator();
  }

  /** How databases are opened. */
  DbOpener opener() {
    return opener;
  }

  /** What {@code load -} reads. */
  InputStream stdin() {
    return stdin;
  }

  /** Whether standard error is a terminal, where {@code --progress auto} redraws a bar. */
  boolean stderrIsTerminal() {
    return stderrIsTerminal;
  }

  /**
   * Prints the build's version, from {@code strata-version.properties}, which Maven's resource
   * filtering fills in: the same in the fat jar, the module's jar and the tests.
   */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    static final String RESOURCE = "strata-version.properties";

    @Override
    public String[] getVersion() throws IOException {
      return new String[] {"strata " + version()};
    }

    /** The version the build wrote into the resource. */
    static String version() throws IOException {
      Properties p = new Properties();
      try (InputStream in = StrataCli.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IOException("missing resource " + RESOURCE + " beside "
              + StrataCli.class.getName());
        }
        p.load(in);
      }
      return p.getProperty("version");
    }
  }
}
