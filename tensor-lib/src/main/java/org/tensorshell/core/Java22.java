package org.tensorshell.core;

/**
 * The classes of src/main/java22 (the foreign memory and function API, final in JDK 22), compiled only
 * when the build runs on JDK 22 or later: loaded here, by name, so that the rest of the library runs on
 * JDK 21 without them.
 */
final class Java22 {
    private Java22() {}

    /**
     * A new instance of {@code org.tensorshell.core.<simpleName>} as a {@code type}, or null where it cannot
     * be had: JDK 21, a build without the class, or its constructor failed (no such libc call here).
     */
    static <T> T instance(String simpleName, Class<T> type) {
        if (Runtime.version().feature() < 22) return null;
        try {
            return type.cast(Class.forName("org.tensorshell.core." + simpleName).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }
}
