package io.strata.api;

import java.io.IOException;

/**
 * The database directory is already open, by this process or another: its {@code LOCK} file is
 * held. Nothing was read or changed.
 */
public class DbLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message naming the lock file.
   *
   * @param message what is locked, and by whom if known
   */
  public DbLockedException(String message) {
    super(message);
  }

  /**
   * An exception with a message naming the lock file, and the failure of the lock attempt.
   *
   * @param message what is locked, and by whom if known
   * @param cause the failure of the attempt to take the lock
   */
  public DbLockedException(String message, Throwable cause) {
    super(message, cause);
  }
}
