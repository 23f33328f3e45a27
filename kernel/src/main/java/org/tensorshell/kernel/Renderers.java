package org.tensorshell.kernel;

import org.tensorshell.kernel.spi.DisplayRenderer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Turns values into MIME bundles: registered {@link DisplayRenderer}s first, then toString. */
final class Renderers {
    static final int MAX_TEXT_CHARS = 1 << 20;

    private final List<DisplayRenderer> renderers;

    Renderers(ClassLoader loader) {
        List<DisplayRenderer> found;
        try {
            found = ServiceLoader.load(DisplayRenderer.class, loader).stream()
                    .map(ServiceLoader.Provider::get).toList();
        } catch (Throwable e) {
            Log.warn("display renderers could not be loaded", e);
            found = List.of();
        }
        renderers = found;
        if (!found.isEmpty()) {
            Log.info("display renderers: " + found.stream().map(r -> r.getClass().getName()).toList());
        }
    }

    private static final java.util.Set<Class<?>> JDK_VALUES = java.util.Set.of(String.class, Integer.class,
            Long.class, Short.class, Byte.class, Double.class, Float.class, Boolean.class, Character.class);

    /**
     * True if rendering {@code value} runs no user code: a JDK string, boxed number, boolean or
     * char (or null) that no renderer offers a richer form for. Such a value (most small cells
     * end in one) is rendered on the kernel's thread rather than on a fresh cell thread.
     */
    boolean runsNoUserCode(Object value) {
        if (value == null) {
            return true;
        }
        if (!JDK_VALUES.contains(value.getClass())) {
            return false;
        }
        for (DisplayRenderer r : renderers) {
            if (!(r instanceof DisplayBridge bridge) || bridge.offers(value.getClass())) {
                return false;
            }
        }
        return true;
    }

    /** May run user code (toString, renderers): call it on a cell thread. */
    Map<String, Object> render(Object value) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        for (DisplayRenderer r : renderers) {
            Map<String, Object> b = r.render(value);
            if (b != null && !b.isEmpty()) {
                bundle.putAll(b);
                break;
            }
        }
        bundle.computeIfAbsent("text/plain", k -> plain(value));
        return bundle;
    }

    static String plain(Object value) {
        String s = value instanceof Object[] a ? java.util.Arrays.deepToString(a)
                : value != null && value.getClass().isArray() ? primitiveArray(value)
                : String.valueOf(value);
        if (s.length() > MAX_TEXT_CHARS) {
            return s.substring(0, MAX_TEXT_CHARS) + "\n... [" + (s.length() - MAX_TEXT_CHARS) + " more characters]";
        }
        return s;
    }

    private static String primitiveArray(Object a) {
        return switch (a) {
            case int[] x -> java.util.Arrays.toString(x);
            case long[] x -> java.util.Arrays.toString(x);
            case double[] x -> java.util.Arrays.toString(x);
            case float[] x -> java.util.Arrays.toString(x);
            case boolean[] x -> java.util.Arrays.toString(x);
            case byte[] x -> java.util.Arrays.toString(x);
            case short[] x -> java.util.Arrays.toString(x);
            case char[] x -> java.util.Arrays.toString(x);
            default -> String.valueOf(a);
        };
    }
}
