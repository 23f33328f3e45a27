package org.tensorshell.display;

/**
 * Shows values of a type this library does not own (Tablesaw's Table, BufferedImage, Tensor).
 * Providers are found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.tensorshell.display.Renderer}) or registered with
 * {@link DisplayRegistry#register}. The registry asks the renderer whose type is a supertype of the
 * value's class with the highest priority, nearest type first among equals.
 */
public interface Renderer<T> {
    /** The class or interface this renderer handles, subtypes included. */
    Class<T> type();

    /** Larger wins; built-in renderers use 0. */
    default int priority() { return 0; }

    /** The bundle for {@code value}, or null to let the next candidate (or toString) show it. */
    MimeBundle render(T value);

    /** A renderer from a function. */
    static <T> Renderer<T> of(Class<T> type, int priority, java.util.function.Function<? super T, MimeBundle> render) {
        return new Renderer<>() {
            @Override public Class<T> type() { return type; }
            @Override public int priority() { return priority; }
            @Override public MimeBundle render(T value) { return render.apply(value); }
            @Override public String toString() { return "Renderer[" + type.getName() + ", priority " + priority + "]"; }
        };
    }
}
