package io.strata.api;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A table file deleted because nothing needs it any more, for
 * {@link EventListener#onTableFileDeleted}.
 *
 * @param fileNumber the table's number
 * @param path the file's path
 * @param succeeded false if the deletion failed (the next pass tries again)
 */
public record TableFileDeletionInfo(long fileNumber, String path, boolean succeeded) {
  /**
   * Checks the path.
   *
   * @param fileNumber the table's number
   * @param path the file's path
   * @param succeeded false if the deletion failed (the next pass tries again)
   * @throws NullPointerException if {@code path} is null
   */
  public TableFileDeletionInfo {
    checkNotNull(path, "path");
  }
}
