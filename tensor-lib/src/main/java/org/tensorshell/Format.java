package org.tensorshell;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code toString()} exactly as PyTorch 1.13 prints a tensor: precision 4, integer mode for whole-valued
 * floats, scientific mode for wide ranges, right-aligned columns, summarised with {@code ...} above
 * {@link #threshold} elements, wrapped at {@link #linewidth} characters.
 */
final class Format {
    private Format() {}

    static volatile int precision = 4;
    static volatile int threshold = 1000;
    static volatile int edgeitems = 3;
    static volatile int linewidth = 80;

    static String tensor(Tensor t) {
        String prefix = "tensor(";
        int indent = prefix.length();
        List<String> suffixes = new ArrayList<>();
        String body;
        boolean defaultDtype = t.dtype() == Torch.defaultDtype() || t.dtype() == DType.INT64 || t.dtype() == DType.BOOL;
        if (t.numel() == 0) {
            if (t.dim() != 1) suffixes.add("size=" + pyTuple(t.shape));
            if (t.dtype() != Torch.defaultDtype()) suffixes.add("dtype=" + t.dtype());
            body = "[]";
        } else {
            if (!defaultDtype) suffixes.add("dtype=" + t.dtype());
            body = body(t, indent);
        }
        if (t.gradFn != null) suffixes.add("grad_fn=<" + t.gradFn.name() + ">");
        else if (t.requiresGrad) suffixes.add("requires_grad=True");
        return addSuffixes(prefix + body, suffixes, indent);
    }

    /** The bracketed values alone, as {@code _tensor_str} produces them. */
    static String body(Tensor t, int indent) {
        if (t.numel() == 0) return "[]";
        boolean summarize = t.numel() > threshold;
        Formatter f = new Formatter(summarize ? summarized(t) : t);
        StringBuilder sb = new StringBuilder();
        write(sb, t, indent, summarize, f);
        return sb.toString();
    }

    private static String pyTuple(int[] s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) sb.append(i > 0 ? ", " : "").append(s[i]);
        return sb.append(s.length == 1 ? ",)" : ")").toString();
    }

    private static String addSuffixes(String str, List<String> suffixes, int indent) {
        StringBuilder sb = new StringBuilder(str);
        int lastLineLen = str.length() - str.lastIndexOf('\n') + 1;
        for (String s : suffixes) {
            if (lastLineLen + s.length() + 2 > linewidth) {
                sb.append(",\n").append(" ".repeat(indent)).append(s);
                lastLineLen = indent + s.length();
            } else {
                sb.append(", ").append(s);
                lastLineLen += s.length() + 2;
            }
        }
        return sb.append(')').toString();
    }

    /** The values the formatter sees when summarising: the edge items of every dimension. */
    private static Tensor summarized(Tensor t) {
        if (t.dim() == 0) return t;
        long n = t.size(0);
        if (t.dim() == 1) {
            return n > 2L * edgeitems ? Torch.cat(List.of(t.slice(0, 0, edgeitems, 1), t.slice(0, n - edgeitems, n, 1)), 0) : t;
        }
        List<Tensor> parts = new ArrayList<>();
        if (n > 2L * edgeitems) {
            for (int i = 0; i < edgeitems; i++) parts.add(summarized(t.select(0, i)));
            for (long i = n - edgeitems; i < n; i++) parts.add(summarized(t.select(0, i)));
        } else {
            for (long i = 0; i < n; i++) parts.add(summarized(t.select(0, i)));
        }
        return Torch.stack(parts, 0);
    }

    private static void write(StringBuilder sb, Tensor t, int indent, boolean summarize, Formatter f) {
        int dim = t.dim();
        if (dim == 0) {
            sb.append(f.format(t.storage, t.offset));
            return;
        }
        long n = t.size(0);
        if (dim == 1) {
            int elementLength = f.maxWidth + 2;
            int perLine = Math.max(1, (linewidth - indent) / elementLength);
            List<String> data = new ArrayList<>();
            if (summarize && n > 2L * edgeitems) {
                for (int i = 0; i < edgeitems; i++) data.add(f.format(t.storage, t.offset + i * t.stride[0]));
                data.add(" ...");
                for (long i = n - edgeitems; i < n; i++) data.add(f.format(t.storage, t.offset + (int) i * t.stride[0]));
            } else {
                for (int i = 0; i < n; i++) data.add(f.format(t.storage, t.offset + i * t.stride[0]));
            }
            sb.append('[');
            for (int i = 0; i < data.size(); i++) {
                if (i > 0) sb.append(i % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
                sb.append(data.get(i));
            }
            sb.append(']');
            return;
        }
        String sep = "," + "\n".repeat(dim - 1) + " ".repeat(indent + 1);
        sb.append('[');
        boolean first = true;
        if (summarize && n > 2L * edgeitems) {
            for (int i = 0; i < edgeitems; i++) {
                if (!first) sb.append(sep);
                first = false;
                write(sb, t.select(0, i), indent + 1, true, f);
            }
            sb.append(sep).append("...");
            for (long i = n - edgeitems; i < n; i++) {
                sb.append(sep);
                write(sb, t.select(0, i), indent + 1, true, f);
            }
        } else {
            for (long i = 0; i < n; i++) {
                if (!first) sb.append(sep);
                first = false;
                write(sb, t.select(0, i), indent + 1, summarize, f);
            }
        }
        sb.append(']');
    }

    /** PyTorch's _Formatter: decides int/sci mode and the column width from the (summarised) values. */
    static final class Formatter {
        final boolean floating;
        final boolean isBool;
        boolean intMode = true;
        boolean sciMode = false;
        int maxWidth = 1;

        Formatter(Tensor t) {
            floating = t.dtype().isFloatingPoint();
            isBool = t.dtype() == DType.BOOL;
            long n = t.numel();
            if (!floating) {
                for (long i = 0; i < n; i++) {
                    maxWidth = Math.max(maxWidth, plain(t.storage, t.storageIndex(i)).length());
                }
                return;
            }
            double min = Double.POSITIVE_INFINITY, max = 0;
            List<Double> vals = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                double v = t.flatGet(i);
                if (Double.isFinite(v) && v != 0) {
                    vals.add(v);
                    double a = Math.abs(v);
                    min = Math.min(min, a);
                    max = Math.max(max, a);
                    if (v != Math.ceil(v)) intMode = false;
                }
            }
            if (vals.isEmpty()) return;
            if (intMode) {
                if (max / min > 1000. || max > 1.e8) {
                    sciMode = true;
                    for (double v : vals) maxWidth = Math.max(maxWidth, sci(v).length());
                } else {
                    for (double v : vals) maxWidth = Math.max(maxWidth, fixed(v, 0).length() + 1);
                }
            } else if (max / min > 1000. || max > 1.e8 || min < 1.e-4) {
                sciMode = true;
                for (double v : vals) maxWidth = Math.max(maxWidth, sci(v).length());
            } else {
                for (double v : vals) maxWidth = Math.max(maxWidth, fixed(v, precision).length());
            }
        }

        String format(org.tensorshell.core.Storage s, int index) {
            String ret;
            if (floating) {
                double v = s.getDouble(index);
                if (sciMode) {
                    ret = sci(v);
                } else if (intMode) {
                    ret = fixed(v, 0);
                    if (Double.isFinite(v)) ret += ".";
                } else {
                    ret = fixed(v, precision);
                }
            } else {
                ret = plain(s, index);
            }
            return ret.length() >= maxWidth ? ret : " ".repeat(maxWidth - ret.length()) + ret;
        }

        private String plain(org.tensorshell.core.Storage s, int index) {
            if (isBool) return s.getLong(index) != 0 ? "True" : "False";
            return Long.toString(s.getLong(index));
        }
    }

    /** Python's '{:.Nf}': the exact binary value rounded half-even, with nan/inf spelled as Python does. */
    static String fixed(double v, int digits) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        String s = new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = v < 0 || (v == 0 && 1 / v < 0);
        return negative && !s.startsWith("-") ? "-" + s : s;
    }

    /** Python's '{:.Ne}': mantissa with {@link #precision} decimals, exponent with sign and two digits. */
    static String sci(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (1 / v < 0 ? "-" : "") + "0." + "0".repeat(precision) + "e+00";
        BigDecimal b = new BigDecimal(v).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
        int exp = b.precision() - b.scale() - 1;
        BigDecimal mant = b.movePointLeft(exp).setScale(precision, RoundingMode.HALF_EVEN);
        String e = Math.abs(exp) < 10 ? "0" + Math.abs(exp) : Integer.toString(Math.abs(exp));
        return mant.toPlainString() + "e" + (exp < 0 ? "-" : "+") + e;
    }
}
