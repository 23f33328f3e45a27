package org.tensorshell.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Axis scales: "nice" tick positions (1, 2, 5 x 10^k steps) and their labels. */
final class Ticks {
    private Ticks() {}

    /** A range padded so that its ends fall on nice ticks (lo < hi guaranteed). */
    static double[] niceRange(double lo, double hi, int target) {
        if (!(hi > lo)) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double step = step(lo, hi, target);
        return new double[] {Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step};
    }

    static double step(double lo, double hi, int target) {
        double raw = (hi - lo) / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return nice * mag;
    }

    /** Tick values inside [lo, hi]. */
    static double[] linear(double lo, double hi, int target) {
        double step = step(lo, hi, target);
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
            out.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Ticks for a log axis over [lo, hi] (both > 0): decades, or 1-2-5 within a short range. */
    static double[] log(double lo, double hi) {
        List<Double> out = new ArrayList<>();
        int e0 = (int) Math.floor(Math.log10(lo)), e1 = (int) Math.ceil(Math.log10(hi));
        int every = Math.max(1, (e1 - e0) / 6);
        for (int e = e0; e <= e1; e += every) {
            double v = Math.pow(10, e);
            if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.add(v);
        }
        if (out.size() < 3) {
            out.clear();
            for (int e = e0; e <= e1; e++) {
                for (double m : new double[] {1, 2, 5}) {
                    double v = m * Math.pow(10, e);
                    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.add(v);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Labels with as many decimals as the tick step needs; scientific for very large or small values. */
    static String[] labels(double[] ticks, boolean log) {
        String[] out = new String[ticks.length];
        double maxAbs = 0, step = Double.POSITIVE_INFINITY;
        for (int i = 0; i < ticks.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(ticks[i]));
            if (i > 0) step = Math.min(step, ticks[i] - ticks[i - 1]);
        }
        boolean sci = maxAbs >= 1e6 || (maxAbs > 0 && maxAbs < 1e-3) || (log && (maxAbs >= 1e5 || minPositive(ticks) < 1e-4));
        int decimals = Double.isFinite(step) && step > 0 ? Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9)) : 0;
        // Enough mantissa digits that neighbouring ticks differ: 2.10e6, 2.15e6, ...
        int digits = !log && Double.isFinite(step) && step > 0 && maxAbs > 0
            ? Math.max(0, (int) Math.floor(Math.log10(maxAbs)) - (int) Math.floor(Math.log10(step) + 1e-9)) : 0;
        for (int i = 0; i < ticks.length; i++) {
            double v = ticks[i];
            if (sci && v != 0) out[i] = String.format(Locale.ROOT, "%." + Math.min(digits, 8) + "e", v).replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
            else if (log) out[i] = trim(String.format(Locale.ROOT, "%.4f", v));
            else out[i] = String.format(Locale.ROOT, "%." + Math.min(decimals, 10) + "f", v);
        }
        return out;
    }

    private static double minPositive(double[] t) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : t) if (v > 0) m = Math.min(m, v);
        return m;
    }

    private static String trim(String s) {
        if (!s.contains(".")) return s;
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
