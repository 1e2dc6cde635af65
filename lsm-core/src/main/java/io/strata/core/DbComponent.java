package io.strata.core;

import dagger.BindsInstance;
import dagger.Component;
import io.strata.api.Options;
import io.strata.core.inject.DbScope;
import io.strata.core.inject.EngineModule;
import io.strata.core.inject.ServiceLoaderModule;
import java.nio.file.Path;

/**
 * The object graph of one open database: its directory and options bound as instances, plugins
 * found through {@link ServiceLoaderModule}. A new component per {@code open}; nothing is shared
 * between databases.
 */
@DbScope
@Component(modules = {EngineModule.class, ServiceLoaderModule.class})
interface DbComponent {
  DbImpl db();

  /** Makes a component for one database. */
  @Component.Factory
  interface Factory {
    DbComponent create(@BindsInstance Path directory, @BindsInstance Options options);
  }
}
