package io.strata.api.spi.env;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Unmaps a {@link MappedByteBuffer} at once, through {@code sun.misc.Unsafe.invokeCleaner} (module
 * {@code jdk.unsupported}, Java 9 and later; added for this use, and what Apache Lucene's
 * {@code MMapDirectory} called on Java 9 to 18). Where it is not available (a JVM without that
 * module), {@link #unmap} does nothing and the collector unmaps the buffer when it finds it
 * unreachable.
 *
 * <p>The caller must make sure that nothing touches the buffer, or a view of it, after the call:
 * such an access reads unmapped memory and crashes the process. Thread-safe; stateless.
 */
final class Unmapper {
  /** {@code invokeCleaner} bound to the {@code Unsafe} instance; null when unavailable. */
  private static final MethodHandle INVOKE_CLEANER = lookUpInvokeCleaner();

  private Unmapper() {}

  /** Whether {@link #unmap} releases mappings at once. */
  static boolean available() {
    return INVOKE_CLEANER != null;
  }

  /** Releases {@code buffer}'s mapping now; see the class comment for the caller's duty. */
  static void unmap(MappedByteBuffer buffer) {
    if (INVOKE_CLEANER == null) {
      return;
    }
    try {
      INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      // invokeCleaner declares no checked exception.
      throw new IllegalStateException("unmapping failed", e);
    }
  }

  private static MethodHandle lookUpInvokeCleaner() {
    try {
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field field = unsafeClass.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      return MethodHandles.lookup()
          .findVirtual(unsafeClass, "invokeCleaner",
              MethodType.methodType(void.class, ByteBuffer.class))
          .bindTo(field.get(null));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // No jdk.unsupported, or a security policy that hides it: leave unmapping to the GC.
      return null;
    }
  }
}
