package io.strata.manifest;

import static com.google.common.base.Preconditions.checkNotNull;

import io.strata.api.Bytes;
import io.strata.api.CorruptionException;
import io.strata.api.spi.env.FileSystem;
import io.strata.api.spi.env.ReadableFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes {@code CURRENT}, the file naming the live MANIFEST (google/leveldb
 * {@code db/filename.cc}, {@code SetCurrentFile}; {@code VersionSet::Recover}). The one reader
 * shared by open ({@link ManifestVersionSet#recover()}) and {@code verify}, with one error for
 * each kind of damage, each a {@link CorruptionException} of file {@code CURRENT} at offset 0:
 *
 * <ul>
 *   <li>longer than {@value #MAX_BYTES} bytes: "is N bytes long; it must hold one MANIFEST name";
 *   <li>no final newline: "does not end with a newline";
 *   <li>the text before it is not a MANIFEST name: "does not name a MANIFEST file: 'TEXT'";
 *   <li>the MANIFEST it names is missing ({@link #namesMissingManifest}): "names NAME, which
 *       does not exist".
 * </ul>
 *
 * <pre>
 * field   encoding          width
 * name    ASCII MANIFEST-NNNNNN  15 or more
 * end     '\n'              1
 * </pre>
 *
 * Stateless.
 */
public final class CurrentFile {
  /** CURRENT holds one file name and a newline; anything longer is damage. */
  public static final int MAX_BYTES = 4096;

  private CurrentFile() {}

  /**
   * The number of the MANIFEST that {@code CURRENT} in {@code dir} names.
   *
   * @throws NoSuchFileException if there is no {@code CURRENT}
   * @throws CorruptionException if it is too long, lacks its newline, or does not name a
   *     MANIFEST (see the class comment)
   * @throws IOException if reading fails
   */
  public static long read(FileSystem fs, Path dir) throws IOException {
    checkNotNull(fs, "fs");
    checkNotNull(dir, "dir");
    byte[] bytes;
    try (ReadableFile f = fs.newReadableFile(dir.resolve(FileNames.CURRENT))) {
      long size = f.size();
      if (size > MAX_BYTES) {
        throw new CorruptionException(FileNames.CURRENT, 0, "is " + size
            + " bytes long; it must hold one MANIFEST name");
      }
      bytes = new byte[(int) size];
      f.readFully(0, bytes, 0, bytes.length);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.endsWith("\n")) {
      throw new CorruptionException(FileNames.CURRENT, 0, "does not end with a newline");
    }
    String name = text.substring(0, text.length() - 1);
    FileNames.ParsedFileName parsed = FileNames.parse(name).orElse(null);
    if (parsed == null || parsed.type() != FileNames.FileType.MANIFEST) {
      throw new CorruptionException(FileNames.CURRENT, 0, "does not name a MANIFEST file: '"
          + Bytes.escape(bytes, 0, bytes.length - 1) + "'");
    }
    return parsed.number();
  }

  /**
   * The error for a {@code CURRENT} naming {@code manifestName}, which does not exist.
   *
   * @param cause the failure to open the MANIFEST, or null
   */
  public static CorruptionException namesMissingManifest(String manifestName,
      NoSuchFileException cause) {
    checkNotNull(manifestName, "manifestName");
    return new CorruptionException(FileNames.CURRENT, 0, "names " + manifestName
        + ", which does not exist", cause);
  }

  /**
   * Points {@code CURRENT} at {@code MANIFEST-<manifestNumber>}, atomically; see
   * {@link FileNames#setCurrentFile}.
   *
   * @throws IOException if a step fails; {@code CURRENT} names the old or the new MANIFEST
   */
  public static void write(FileSystem fs, Path dir, long manifestNumber) throws IOException {
    FileNames.setCurrentFile(fs, dir, manifestNumber);
  }
}
