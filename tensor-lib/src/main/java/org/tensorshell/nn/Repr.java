package org.tensorshell.nn;

import java.math.BigDecimal;

/** Python's spelling of values in {@code extra_repr}: tuples, floats, booleans. */
final class Repr {
    private Repr() {}

    /** (3, 3), (3,) or a bare int for a single value given as an int. */
    static String tuple(long... v) {
        if (v.length == 1) return "(" + v[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        return sb.append(')').toString();
    }

    static String tuple(int... v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = v[i];
        return tuple(l);
    }

    /** An int when the user gave one value, a tuple when they gave two (as PyTorch's pooling layers print). */
    static String intOrTuple(int[] v) { return v.length == 1 ? Integer.toString(v[0]) : tuple(v); }

    static String bool(boolean b) { return b ? "True" : "False"; }

    /** Python's repr of a float: shortest round-trip digits, scientific below 1e-4 or from 1e16. */
    static String pyFloat(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - d.scale(); // decimal exponent of the leading digit
        String sign = v < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        String plain = d.abs().toPlainString();
        if (!plain.contains(".")) plain += ".0";
        return sign + plain;
    }
}
