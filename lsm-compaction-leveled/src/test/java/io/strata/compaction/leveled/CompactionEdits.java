package io.strata.compaction.leveled;

import io.strata.api.spi.compaction.Compaction;
import io.strata.api.spi.version.FileMetaData;
import io.strata.api.spi.version.VersionEdit;

/** Turns a picked compaction into the edit an engine would log, for tests that replay picks. */
final class CompactionEdits {
  private CompactionEdits() {}

  /**
   * The edit of running {@code c} as if the merge output were exactly its input files, relinked
   * to the output level (true of a trivial move; for a merge, the same key ranges and bytes).
   */
  static VersionEdit relink(Compaction c) {
    VersionEdit.Builder e = VersionEdit.builder();
    for (Compaction.LevelInputs in : c.inputs()) {
      for (FileMetaData f : in.files()) {
        e.deleteFile(in.level(), f.fileNumber());
        e.addFile(c.outputLevel(), f);
      }
    }
    c.compactPointer().ifPresent(p -> e.compactPointer(p.level(), p.key()));
    return e.build();
  }
}
