package io.strata.api;

import java.io.IOException;

/**
 * A file's contents are not what they must be: a checksum mismatch, a bad length, a record that
 * does not decode. Names the file and the byte offset where the damage was found.
 *
 * <p>Corruption is never returned as data: whatever read the damaged bytes fails with this
 * exception.
 */
public class CorruptionException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The damaged file's name or path. */
  private final String file;
  /** Byte offset of the damage in {@code file}; -1 when unknown. */
  private final long offset;

  /**
   * The message reads {@code FILE at offset N: MESSAGE}, or {@code FILE: MESSAGE} when the offset
   * is unknown.
   *
   * @param file the file's name or path, as the engine knows it
   * @param offset byte offset in the file where the damage starts; -1 when unknown
   * @param message what is wrong
   */
  public CorruptionException(String file, long offset, String message) {
    super(file + (offset >= 0 ? " at offset " + offset : "") + ": " + message);
    this.file = file;
    this.offset = offset;
  }

  /**
   * As {@link #CorruptionException(String, long, String)}, with the failure that revealed the
   * damage.
   *
   * @param file the file's name or path, as the engine knows it
   * @param offset byte offset in the file where the damage starts; -1 when unknown
   * @param message what is wrong
   * @param cause the failure that revealed the damage, e.g. a decompression error
   */
  public CorruptionException(String file, long offset, String message, Throwable cause) {
    this(file, offset, message);
    initCause(cause);
  }

  /** {@return the damaged file's name or path} */
  public String file() {
    return file;
  }

  /** {@return the byte offset of the damage in {@link #file()}; -1 when unknown} */
  public long offset() {
    return offset;
  }
}
