package org.tensorshell.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The classes of a module's src/main/java22 (the foreign memory and function API, final in JDK 22), compiled
 * only when the build runs on JDK 22 or later: loaded here, by name, so that the rest runs on JDK 21 without
 * them. Used by tensor-lib, native-kernels and the kernel; a caller passes its own lookup, so its JDK 22
 * classes can stay package-private.
 */
public final class Java22 {
    private Java22() {}

    /**
     * A new instance of {@code org.tensorshell.core.<simpleName>} as a {@code type}, or null where it cannot
     * be had: JDK 21, a build without the class, or its constructor failed (no such libc call here).
     */
    static <T> T instance(String simpleName, Class<T> type) {
        return orNull(MethodHandles.lookup(), "org.tensorshell.core." + simpleName, type);
    }

    /** As {@link #load}, null where that throws. */
    public static <T> T orNull(MethodHandles.Lookup caller, String className, Class<T> type) {
        try {
            return load(caller, className, type);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /**
     * A new instance of the named class (no-argument constructor, as {@code caller} sees it) as a {@code type};
     * IllegalStateException saying why where it cannot be had: JDK 21, a build without the class, or its
     * constructor failed (then with the constructor's own message).
     */
    public static <T> T load(MethodHandles.Lookup caller, String className, Class<T> type) {
        if (Runtime.version().feature() < 22) {
            throw new IllegalStateException("needs JDK 22 or later (the foreign function API); this is " + Runtime.version());
        }
        MethodHandle constructor;
        try {
            Class<?> c = caller.findClass(className);
            constructor = caller.findConstructor(c.asSubclass(type), MethodType.methodType(void.class));
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new IllegalStateException("not built into this jar (" + e + ")", e);
        }
        try {
            return type.cast(constructor.invoke());
        } catch (Throwable t) {
            throw new IllegalStateException(String.valueOf(t.getMessage()), t);
        }
    }
}
