package org.tensorshell.kernel;

import java.util.Map;
import org.tensorshell.display.Display;
import org.tensorshell.display.Displayable;
import org.tensorshell.kernel.spi.DisplayRenderer;

/**
 * Renders cell values with the display module's registry (tensors, figures, tables, images...). Values
 * it has no renderer for are left to the kernel's own toString fallback, so a failing toString is
 * reported as the cell's error.
 */
public final class DisplayBridge implements DisplayRenderer {
    @Override
    public Map<String, Object> render(Object value) {
        if (value == null) return null;
        boolean rich = value instanceof Displayable || offers(value.getClass());
        return rich ? Display.renderData(value) : null;
    }

    /** True if a registered renderer (the library's or the user's) takes values of this class. */
    boolean offers(Class<?> type) {
        return !Display.registry().candidates(type).isEmpty();
    }
}
