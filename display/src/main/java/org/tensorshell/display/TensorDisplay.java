package org.tensorshell.display;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorshell.DType;
import org.tensorshell.Tensor;

/**
 * How a {@link Tensor} shows in a notebook: {@code text/plain} is exactly {@code toString()}; the HTML has a
 * header (shape, dtype, device), a statistics line, and the values summarised like PyTorch (above 1000
 * elements, 3 edge items per dimension around an ellipsis) with 1-D/2-D values on a heatmap and higher
 * dimensions as nested collapsible {@code <details>} slices.
 *
 * <p>Automatic pictures, only where cheap and unambiguous: a tensor of shape {@code [C, H, W]} or
 * {@code [N, C, H, W]} with C in {1, 3}, N at most 64, H and W between 8 and 1024, at most 2^20 pixels
 * in all, whose values are all floats in [0, 1] (float dtypes) or integers in [0, 255] (int dtypes),
 * also gets an {@code image/png} grid. A 2-D tensor is a matrix, never a picture on its own: use
 * {@link Plots#showImages} or {@link Plots#imshow}.
 */
public final class TensorDisplay implements Renderer<Tensor> {
    static final int THRESHOLD = 1000;
    static final int EDGE = 3;

    @Override
    public Class<Tensor> type() { return Tensor.class; }

    @Override
    public MimeBundle render(Tensor t) { return bundle(t); }

    public static MimeBundle bundle(Tensor t) {
        // Looking at a tensor must not grow its autograd graph.
        try (var noGrad = org.tensorshell.Torch.noGrad()) {
            return unrecorded(t);
        }
    }

    private static MimeBundle unrecorded(Tensor t) {
        String text = t.toString();
        t = t.cpu(); // statistics and cells read host memory
        TensorStats stats = TensorStats.of(t);
        MimeBundle.Builder b = MimeBundle.builder(text);
        String picture = "";
        if (looksLikeImage(t, stats)) {
            BufferedImage img = new ImageGrid(t, null, 0).image();
            String png = Png.base64(img);
            b.png(png, img.getWidth(), img.getHeight());
            picture = "<div>" + Png.imgTag(png, img.getWidth(), img.getHeight(), "tensor as image") + "</div>";
        }
        return b.html(html(t, stats, picture)).build();
    }

    /** The automatic-picture rule documented on this class. */
    public static boolean looksLikeImage(Tensor t, TensorStats stats) {
        long[] s = t.shape();
        if (s.length != 3 && s.length != 4) return false;
        int k = s.length - 3;
        long n = k == 1 ? s[0] : 1, c = s[k], h = s[k + 1], w = s[k + 2];
        if (c != 1 && c != 3) return false;
        if (n > 64 || h < 8 || w < 8 || h > 1024 || w > 1024 || n * h * w > (1 << 20)) return false;
        DType dt = t.dtype();
        if (dt.isFloatingPoint()) return stats.within(0, 1);
        return dt.isIntegral() && stats.within(0, 255);
    }

    /**
     * Facts about gradient tracking for the header, as PyTorch names them: {@code requires_grad=True},
     * {@code grad_fn=<MulBackward0>} for results of recorded ops, {@code leaf} for tensors the user made,
     * and whether a gradient is stored ({@code grad=[2, 3]}). Nothing for tensors that track no gradient.
     */
    static List<String> autogradFacts(Tensor t) {
        List<String> facts = new ArrayList<>();
        if (!t.requiresGrad()) return facts;
        facts.add("requires_grad=True");
        if (t.gradFn() != null) facts.add("grad_fn=<" + t.gradFn().name() + ">");
        else facts.add("leaf");
        if (t.grad() != null) facts.add("grad=" + Arrays.toString(t.grad().shape()));
        return facts;
    }

    static String html(Tensor t, TensorStats st, String picture) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<div style=\"").append(Html.FONT).append("\">");
        sb.append("<div><b>Tensor</b> shape=").append(Arrays.toString(t.shape()))
            .append(" &middot; dtype=").append(t.dtype()).append(" &middot; device=").append(t.device())
            .append(" &middot; numel=").append(t.numel());
        for (String fact : autogradFacts(t)) sb.append(" &middot; ").append(Html.escape(fact));
        sb.append("</div>");
        sb.append("<div style=\"").append(Html.MUTED).append("\">").append(Html.escape(statsLine(st))).append("</div>");
        sb.append(picture);
        if (t.numel() == 0) {
            sb.append("<div style=\"").append(Html.MUTED).append("\">(no elements)</div>");
        } else {
            new Cells(t, st).write(sb);
        }
        return sb.append("</div>").toString();
    }

    /** min, max, mean, std and the non-finite counts (bool: the count of True; int: no NaN/Inf). */
    static String statsLine(TensorStats st) {
        if (st.count() == 0) return "empty";
        if (st.dtype() == DType.BOOL) {
            long trues = st.count() - st.zeros();
            return "True: " + trues + " of " + st.count() + " (" + NumberText.brief(100.0 * trues / st.count()) + "%)";
        }
        String s = "min " + NumberText.brief(st.min()) + " · max " + NumberText.brief(st.max())
            + " · mean " + NumberText.brief(st.mean()) + " · std " + NumberText.brief(st.std());
        if (st.dtype().isFloatingPoint()) s += " · nan " + st.nan() + " · inf " + (st.posInf() + st.negInf());
        return s + " · zeros " + st.zeros();
    }

    /** The value tables: one pass collects the shown values for the number style, a second writes HTML. */
    private static final class Cells {
        private final Tensor t;
        private final boolean summarize;
        private final NumberText numbers;
        private final double lo, hi;
        private final boolean diverging;

        Cells(Tensor t, TensorStats st) {
            this.t = t;
            this.summarize = t.numel() > THRESHOLD;
            List<Double> shown = new ArrayList<>();
            collect(new long[t.dim()], 0, shown);
            double[] v = shown.stream().mapToDouble(Double::doubleValue).toArray();
            this.numbers = new NumberText(t.dtype(), v, v.length);
            this.diverging = st.min() < 0 && st.max() > 0;
            double m = Math.max(Math.abs(st.min()), Math.abs(st.max()));
            this.lo = diverging ? -m : st.min();
            this.hi = diverging ? m : st.max();
        }

        /** Positions shown along a dimension of this size; -1 stands for the ellipsis. */
        private long[] positions(long size) {
            if (!summarize || size <= 2L * EDGE) {
                long[] p = new long[(int) size];
                for (int i = 0; i < size; i++) p[i] = i;
                return p;
            }
            long[] p = new long[2 * EDGE + 1];
            for (int i = 0; i < EDGE; i++) {
                p[i] = i;
                p[EDGE + 1 + i] = size - EDGE + i;
            }
            p[EDGE] = -1;
            return p;
        }

        private void collect(long[] idx, int d, List<Double> out) {
            if (d == idx.length) {
                out.add(Values.at(t, idx));
                return;
            }
            for (long p : positions(t.size(d))) {
                if (p < 0) continue;
                idx[d] = p;
                collect(idx, d + 1, out);
            }
        }

        void write(StringBuilder sb) {
            long[] idx = new long[t.dim()];
            switch (t.dim()) {
                case 0 -> {
                    sb.append("<table style=\"").append(Html.TABLE).append("\"><tr>");
                    cell(sb, new long[0]);
                    sb.append("</tr></table>");
                }
                case 1 -> vector(sb);
                default -> slices(sb, idx, 0);
            }
        }

        private void slices(StringBuilder sb, long[] idx, int d) {
            if (t.dim() - d == 2) {
                matrix(sb, idx, d);
                return;
            }
            boolean first = true;
            for (long p : positions(t.size(d))) {
                if (p < 0) {
                    sb.append("<div style=\"").append(Html.MUTED).append("padding-left:1em\">&hellip;</div>");
                    continue;
                }
                idx[d] = p;
                sb.append(first ? "<details open>" : "<details>").append("<summary>").append(label(idx, d)).append("</summary>")
                    .append("<div style=\"padding-left:1em\">");
                slices(sb, idx, d + 1);
                sb.append("</div></details>");
                first = false;
            }
        }

        /** {@code [0, 2, :, :]} for the slice at idx[0..d]. */
        private String label(long[] idx, int d) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < t.dim(); i++) s.append(i > 0 ? ", " : "").append(i <= d ? Long.toString(idx[i]) : ":");
            return s.append(']').toString();
        }

        private void vector(StringBuilder sb) {
            long[] cols = positions(t.size(0));
            sb.append("<table style=\"").append(Html.TABLE).append("\"><tr>");
            for (long c : cols) header(sb, c);
            sb.append("</tr><tr>");
            for (long c : cols) {
                if (c < 0) ellipsis(sb);
                else cell(sb, new long[] {c});
            }
            sb.append("</tr></table>");
        }

        private void matrix(StringBuilder sb, long[] idx, int d) {
            long[] rows = positions(t.size(d)), cols = positions(t.size(d + 1));
            sb.append("<table style=\"").append(Html.TABLE).append("\"><tr><th style=\"").append(Html.HEAD).append("\"></th>");
            for (long c : cols) header(sb, c);
            sb.append("</tr>");
            for (long r : rows) {
                sb.append("<tr>");
                header(sb, r);
                for (long c : cols) {
                    if (r < 0 || c < 0) {
                        ellipsis(sb);
                        continue;
                    }
                    idx[d] = r;
                    idx[d + 1] = c;
                    cell(sb, idx);
                }
                sb.append("</tr>");
            }
            sb.append("</table>");
        }

        private void header(StringBuilder sb, long i) {
            sb.append("<th style=\"").append(Html.HEAD).append(Html.MUTED).append("\">")
                .append(i < 0 ? "&hellip;" : Long.toString(i)).append("</th>");
        }

        private void ellipsis(StringBuilder sb) {
            sb.append("<td style=\"").append(Html.CELL).append(Html.MUTED).append("\">&hellip;</td>");
        }

        private void cell(StringBuilder sb, long[] idx) {
            double v = Values.at(t, idx);
            String text = t.dtype().isFloatingPoint() ? numbers.format(v) : numbers.format(Values.atLong(t, idx));
            int bg = colour(v);
            String fg = Colors.luminance(bg) > 0.55 ? "#000" : "#fff";
            sb.append("<td style=\"").append(Html.CELL).append("background:").append(Html.hex(bg)).append(";color:").append(fg)
                .append("\">").append(text).append("</td>");
        }

        private int colour(double v) {
            if (t.dtype() == DType.BOOL) return v != 0 ? 0x4292c6 : 0xf7fbff;
            if (Double.isNaN(v)) return 0xbbbbbb;
            if (Double.isInfinite(v)) return v > 0 ? (diverging ? 0x67001f : 0x08306b) : (diverging ? 0x053061 : 0xf7fbff);
            double f = hi > lo ? (v - lo) / (hi - lo) : 0.5;
            // Sequential colours stop short of the darkest blue so that every value stays readable.
            return diverging ? Colors.diverging(f) : Colors.blues(0.05 + 0.8 * f);
        }
    }
}
