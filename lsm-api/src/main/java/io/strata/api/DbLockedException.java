package io.strata.api;

import java.io.IOException;

/**
 * The database directory is already open, by this process or another: its {@code LOCK} file is
 * held. Nothing was read or changed.
 */
public class DbLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  public DbLockedException(String message) {
    super(message);
  }

  public DbLockedException(String message, Throwable cause) {
    super(message, cause);
  }
}
