package io.strata.api.spi.version;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.spi.InternalKey;

/**
 * A live table file as the MANIFEST records it (google/leveldb db/version_edit.h). Immutable.
 *
 * @param fileNumber the number in the file's name {@code NNNNNN.ldb}, unique in the database
 * @param fileSizeBytes the file's size in bytes
 * @param smallest the smallest internal key in the file (closed range)
 * @param largest the largest internal key in the file (closed range)
 */
public record FileMetaData(long fileNumber, long fileSizeBytes, InternalKey smallest,
    InternalKey largest) {
  public FileMetaData {
    checkArgument(fileNumber > 0, "fileNumber must be > 0, was %s", fileNumber);
    checkArgument(fileSizeBytes >= 0, "fileSizeBytes must be >= 0, was %s", fileSizeBytes);
    checkNotNull(smallest, "smallest");
    checkNotNull(largest, "largest");
  }
}
