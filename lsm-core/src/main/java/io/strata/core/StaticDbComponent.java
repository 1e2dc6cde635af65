package io.strata.core;

import dagger.BindsInstance;
import dagger.Component;
import io.strata.api.Options;
import io.strata.core.inject.DbScope;
import io.strata.core.inject.EngineModule;
import io.strata.core.inject.Providers;
import java.nio.file.Path;

/**
 * The object graph of one database assembled without a class-path scan: the caller binds the
 * {@link Providers} itself (a fixed list known at compile time, or test doubles).
 */
@DbScope
@Component(modules = EngineModule.class)
interface StaticDbComponent {
  DbImpl db();

  /** Makes a component for one database from explicit providers. */
  @Component.Factory
  interface Factory {
    StaticDbComponent create(@BindsInstance Path directory, @BindsInstance Options options,
        @BindsInstance Providers providers);
  }
}
