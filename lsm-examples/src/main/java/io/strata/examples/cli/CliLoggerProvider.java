package io.strata.examples.cli;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.simple.SimpleLoggerFactory;
import org.slf4j.simple.SimpleServiceProvider;

/**
 * The SLF4J provider of the command line: slf4j-simple's, with {@link CliLogger}s. Not listed in
 * {@code META-INF/services}, where slf4j-simple's own provider is: {@link StrataCli#main} names it
 * in the system property {@code slf4j.provider}, so that only the command line uses it.
 *
 * <p>Thread-safe after {@link #initialize()}, which SLF4J calls once.
 */
public final class CliLoggerProvider extends SimpleServiceProvider {
  private ILoggerFactory loggerFactory;

  @Override
  public void initialize() {
    super.initialize();
    loggerFactory = new CliLoggerFactory();
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  /** slf4j-simple's factory, making {@link CliLogger}s. */
  private static final class CliLoggerFactory extends SimpleLoggerFactory {
    @Override
    protected Logger createLogger(String name) {
      return new CliLogger(name);
    }
  }
}
