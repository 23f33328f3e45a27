package org.tensorshell.display;

import java.util.Map;

/**
 * The one entry point: {@link #render} turns any value into a {@link MimeBundle}. Order: null shows
 * nothing; a {@link Displayable} renders itself; then the registry's renderers (built-ins and
 * ServiceLoader providers); otherwise {@code text/plain} from {@code toString()}.
 *
 * <p>A notebook kernel calls {@code Display.render(value).data()} for every cell result and
 * {@code display(x)}, and installs its {@link DisplaySink} once with {@link #installSink} so that live
 * objects (e.g. {@link TrainingMonitor}) can publish and update outputs.
 */
public final class Display {
    static {
        // Java2D must never try to open a window: notebook kernels and CI have no display.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private static final DisplayRegistry REGISTRY = DisplayRegistry.withServiceLoader(Display.class.getClassLoader());
    private static volatile DisplaySink sink;

    private Display() {}

    /** The shared registry: register renderers for your own foreign types here. */
    public static DisplayRegistry registry() { return REGISTRY; }

    /** The bundle for a value, or null for null. A renderer that throws falls back to toString. */
    public static MimeBundle render(Object value) {
        if (value == null) return null;
        try {
            if (value instanceof Displayable d) {
                MimeBundle b = d.toMimeBundle();
                if (b != null) return b;
            }
            MimeBundle b = REGISTRY.render(value);
            if (b != null) return b;
        } catch (RuntimeException e) {
            return MimeBundle.text(plain(value) + "\n(rich display failed: " + e + ")");
        }
        return MimeBundle.text(plain(value));
    }

    /** toString, or a note naming the class when toString itself throws. */
    private static String plain(Object value) {
        try {
            return String.valueOf(value);
        } catch (RuntimeException e) {
            return value.getClass().getName() + " (toString() threw " + e + ")";
        }
    }

    /** {@link #render} as the plain map a kernel's display hook returns (MIME type to data); null for null. */
    public static Map<String, Object> renderData(Object value) {
        MimeBundle b = render(value);
        return b == null ? null : b.data();
    }

    /** Installs the notebook's sink (null to remove it). The kernel calls this once at start-up. */
    public static void installSink(DisplaySink s) { sink = s; }

    /** The installed sink, or null outside a notebook. */
    public static DisplaySink sink() { return sink; }

    /**
     * Shows a value now: through the sink in a notebook (returns the display id), else its text on
     * System.out (returns null).
     */
    public static String show(Object value) {
        MimeBundle b = render(value);
        if (b == null) return null;
        DisplaySink s = sink;
        if (s != null) return s.display(b);
        System.out.println(b.text());
        return null;
    }
}
