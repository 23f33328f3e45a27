package org.tensorshell.display;

import java.util.Locale;
import org.tensorshell.DType;

/**
 * One number style for a set of values, chosen the way PyTorch's formatter chooses it: whole-valued
 * floats print as {@code 3.}, wide ranges (max/min > 1000, max > 1e8, min < 1e-4) in scientific
 * notation, otherwise fixed with 4 decimals.
 */
final class NumberText {
    private final DType dtype;
    private final boolean intMode;
    private final boolean sciMode;

    NumberText(DType dtype, double[] values, int n) {
        this.dtype = dtype;
        boolean ints = true;
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!Double.isFinite(v) || v == 0) continue;
            double a = Math.abs(v);
            min = Math.min(min, a);
            max = Math.max(max, a);
            if (v != Math.ceil(v)) ints = false;
        }
        boolean any = max > 0;
        intMode = ints;
        sciMode = any && (max / min > 1000. || max > 1.e8 || (!ints && min < 1.e-4));
    }

    /** Integral and bool values, exactly. */
    String format(long v) {
        if (dtype == DType.BOOL) return v != 0 ? "True" : "False";
        return Long.toString(v);
    }

    String format(double v) {
        if (dtype == DType.BOOL) return v != 0 ? "True" : "False";
        if (!dtype.isFloatingPoint()) return Long.toString((long) v);
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (sciMode) return String.format(Locale.ROOT, "%.4e", v);
        if (intMode) return String.format(Locale.ROOT, "%.0f.", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** A short form for statistics lines: 4 significant digits, scientific when far from 1. */
    static String brief(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) return String.format(Locale.ROOT, "%.3e", v);
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".") && !s.contains("e")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}
