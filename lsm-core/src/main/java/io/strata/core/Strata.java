package io.strata.core;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.Db;
import io.strata.api.Options;
import io.strata.api.SharedResources;
import io.strata.core.inject.Providers;
import io.strata.core.shared.SharedResourcesImpl;
import io.strata.core.ttl.TtlDb;
import io.strata.core.ttl.TtlValues;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens Strata databases: the entry point of the engine.
 *
 * <pre>{@code
 * try (Db db = Strata.open(Path.of("data"), Options.defaults())) {
 *   db.put(key, value);
 * }
 * }</pre>
 *
 * Every call builds a new, independent engine (its own threads, caches and plugins); several
 * databases, with different strategies, may be open in one JVM. Thread-safe.
 */
public final class Strata {
  private Strata() {}

  /**
   * Opens the database in {@code directory}, recovering what its logs hold, and creating it when
   * absent and {@code options.createIfMissing()}. Plugins are found on the class path through
   * {@code ServiceLoader} by the names in {@code options}.
   *
   * @param directory the database's directory
   * @param options how to open it and which plugins to use
   * @return the open database, which the caller closes
   * @throws IllegalArgumentException for an unknown plugin name (the names found are listed, and
   *     for a built-in, the artifact that provides it), a plugin option the plugin does not
   *     know, a comparator other than the database's, or a TTL set for a database written
   *     without one or missing for a database written with one ({@link Options#ttl()})
   * @throws io.strata.api.DbLockedException if the database is open already, here or elsewhere
   * @throws io.strata.api.CorruptionException if a file needed to open is damaged; nothing was
   *     changed
   * @throws IOException for other disk trouble, or when the database is missing and
   *     {@code createIfMissing} is false, or exists and {@code errorIfExists} is true
   */
  public static Db open(Path directory, Options options) throws IOException {
    checkNotNull(directory, "directory");
    checkNotNull(options, "options");
    DbImpl db = DaggerDbComponent.factory().create(directory, options).db();
    db.open();
    return withTtl(db, directory, options);
  }

  /**
   * As {@link #open(Path, Options)}, with exactly the given providers and no class-path scan.
   *
   * @param directory the database's directory
   * @param options how to open it; its plugin names are looked up in {@code providers}
   * @param providers the plugins to choose from
   * @return the open database, which the caller closes
   * @throws IllegalArgumentException as {@link #open(Path, Options)} does
   * @throws IOException as {@link #open(Path, Options)} does
   */
  public static Db open(Path directory, Options options, Providers providers) throws IOException {
    checkNotNull(directory, "directory");
    checkNotNull(options, "options");
    checkNotNull(providers, "providers");
    DbImpl db = DaggerStaticDbComponent.factory().create(directory, options, providers).db();
    db.open();
    return withTtl(db, directory, options);
  }

  /**
   * Creates one block cache, one write-buffer budget and one pool of background threads for many
   * databases of this JVM, and starts the threads; hand it to each through
   * {@link Options.Builder#sharedResources(SharedResources)}, and close it after the last of them
   * is closed. See {@link SharedResources} for what is shared and how.
   *
   * <pre>{@code
   * try (SharedResources shared = Strata.newSharedResources(256 << 20, 64 << 20, 4)) {
   *   Options options = Options.builder().sharedResources(shared).build();
   *   try (Db a = Strata.open(dirA, options); Db b = Strata.open(dirB, options)) {
   *     ...
   *   }
   * }
   * }</pre>
   *
   * @param blockCacheBytes capacity of the shared block cache, in bytes
   * @param writeBufferBytes bytes the memtables of all databases using it may hold together
   * @param backgroundThreads threads running every flush and compaction of those databases
   * @return the resources, open, used by no database yet; the caller closes them
   * @throws IllegalArgumentException if a value is not positive
   */
  public static SharedResources newSharedResources(long blockCacheBytes, long writeBufferBytes,
      int backgroundThreads) {
    return SharedResourcesImpl.create(blockCacheBytes, writeBufferBytes, backgroundThreads);
  }

  /** {@code db} as the caller sees it: under a {@link TtlDb} when the options set a TTL. */
  private static Db withTtl(DbImpl db, Path directory, Options options) {
    if (options.ttl().isEmpty()) {
      return db;
    }
    return new TtlDb(db, new TtlValues(options.ttl().get(), options.clock()),
        directory.toString());
  }
}
