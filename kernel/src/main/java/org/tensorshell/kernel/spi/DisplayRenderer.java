package org.tensorshell.kernel.spi;

import java.util.Map;

/**
 * The hook through which a display module gives notebook values rich output.
 *
 * <p>Register an implementation as a {@link java.util.ServiceLoader} provider, i.e. list its
 * class name in {@code META-INF/services/org.tensorshell.kernel.spi.DisplayRenderer} of a jar on
 * the kernel's class path. The kernel loads all providers once at start-up and asks them in
 * ServiceLoader order for every value it shows (a cell's result, {@code display(x)},
 * {@code updateDisplay(id, x)}); the first non-null bundle wins. Without a provider, or when all
 * decline, a value is shown as {@code text/plain} from {@code toString()}; {@code text/plain} is
 * added from {@code toString()} to any bundle that lacks it.
 *
 * <p>Renderers run on the cell's thread, so a slow one can be interrupted like cell code.
 */
public interface DisplayRenderer {
    /**
     * A MIME bundle for {@code value}, or null to let the next renderer (or the toString
     * fallback) handle it. Keys are MIME types ({@code text/html}, {@code image/png}, ...);
     * values are Strings (binary types base64-encoded) or, for JSON types, Maps and Lists.
     */
    Map<String, Object> render(Object value);
}
