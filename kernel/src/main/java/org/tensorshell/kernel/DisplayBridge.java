package org.tensorshell.kernel;

import java.util.Map;
import org.tensorshell.kernel.spi.DisplayRenderer;

/** Renders cell values with the display module's registry (tensors, figures, tables, images...). */
public final class DisplayBridge implements DisplayRenderer {
    @Override
    public Map<String, Object> render(Object value) {
        return org.tensorshell.display.Display.renderData(value);
    }
}
