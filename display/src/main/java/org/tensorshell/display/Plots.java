package org.tensorshell.display;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;

/**
 * Matplotlib-style one-liners that return a {@link Figure} (or an {@link ImageGrid}), which the notebook
 * shows as PNG + SVG. As in matplotlib, {@code plot(y)} plots against the index and {@code plot(x, y1, y2, ...)}
 * plots several series over one x. Tensors are 1-D, or 2-D with one series per column.
 */
public final class Plots {
    private Plots() {}

    // ------------------------------------------------------------------ line plots

    public static Figure plot(double[] y) { return plot(index(y.length), y); }

    public static Figure plot(double[] x, double[] y) { return plot(x, new double[][] {y}); }

    public static Figure plot(double[] x, double[]... ys) {
        Figure f = new Figure();
        for (int i = 0; i < ys.length; i++) {
            if (ys[i].length != x.length) {
                throw new TensorError("plot: x has " + x.length + " values but series " + i + " has " + ys[i].length);
            }
            f.axes().add(new Series.Line(x.clone(), ys[i].clone(), ys.length > 1 ? "y" + i : null, Colors.series(i), 1, 1.8));
        }
        return f;
    }

    /** A list of numbers (e.g. losses collected in a loop) against its index. */
    public static Figure plot(List<? extends Number> y) { return plot(numbers(y)); }

    public static Figure plot(Tensor y) {
        double[][] cols = columns("plot", y);
        return plot(index(cols.length == 0 ? 0 : cols[0].length), cols);
    }

    public static Figure plot(Tensor x, Tensor y) { return plot(x, new Tensor[] {y}); }

    public static Figure plot(Tensor x, Tensor... ys) {
        double[] xs = vector("plot", x);
        List<double[]> all = new ArrayList<>();
        for (Tensor y : ys) all.addAll(Arrays.asList(columns("plot", y)));
        return plot(xs, all.toArray(double[][]::new));
    }

    // ------------------------------------------------------------------ autograd graphs

    /** The autograd graph that produced {@code t} (like torchviz's make_dot); see {@link AutogradGraph}. */
    public static AutogradGraph drawGraph(Tensor t) { return AutogradGraph.of(t); }

    /** The autograd graph of {@code t}, parameters labelled with their path in {@code model} ({@code d1.weight}). */
    public static AutogradGraph drawGraph(Tensor t, org.tensorshell.nn.Module model) { return AutogradGraph.of(t, model); }

    // ------------------------------------------------------------------ scatter

    public static Figure scatter(double[] x, double[] y) { return scatter(x, y, null); }

    /** Points coloured by an integer class per point (e.g. the labels of an embedding), or one colour if null. */
    public static Figure scatter(double[] x, double[] y, int[] classes) {
        if (x.length != y.length) throw new TensorError("scatter: x has " + x.length + " values but y has " + y.length);
        if (classes != null && classes.length != x.length) {
            throw new TensorError("scatter: " + classes.length + " classes for " + x.length + " points");
        }
        double r = x.length > 5000 ? 1.5 : x.length > 500 ? 2.5 : 3.5;
        Figure f = new Figure();
        f.axes().add(new Series.Points(x.clone(), y.clone(), classes == null ? null : classes.clone(), null, Colors.series(0), r, 0.75));
        return f;
    }

    public static Figure scatter(Tensor x, Tensor y) { return scatter(vector("scatter", x), vector("scatter", y)); }

    public static Figure scatter(Tensor x, Tensor y, Tensor classes) {
        double[] c = vector("scatter", classes);
        int[] k = new int[c.length];
        for (int i = 0; i < c.length; i++) k[i] = (int) c[i];
        return scatter(vector("scatter", x), vector("scatter", y), k);
    }

    // ------------------------------------------------------------------ histograms

    /** A histogram with max(10, min(50, sqrt(n))) bins over the finite values. */
    public static Figure hist(double[] values) {
        return hist(values, (int) Math.max(10, Math.min(50, Math.ceil(Math.sqrt(values.length)))));
    }

    public static Figure hist(double[] values, int bins) {
        if (bins < 1) throw new TensorError("hist: bins must be at least 1, got " + bins);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        }
        if (lo > hi) { lo = 0; hi = 1; }
        if (lo == hi) { lo -= 0.5; hi += 0.5; }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = lo + (hi - lo) * i / bins;
        double[] counts = new double[bins];
        for (double v : values) {
            if (!Double.isFinite(v)) continue;
            // As numpy.histogram: the last bin includes its right edge.
            counts[(int) Math.min(bins - 1, Math.floor((v - lo) / (hi - lo) * bins))]++;
        }
        Figure f = new Figure();
        f.axes().add(new Series.Bars(edges, counts, null, Colors.series(0), 0.85)).ylabel("count");
        return f;
    }

    public static Figure hist(List<? extends Number> values) { return hist(numbers(values)); }

    public static Figure hist(Tensor values) { return hist(Values.all(values)); }

    public static Figure hist(Tensor values, int bins) { return hist(Values.all(values), bins); }

    // ------------------------------------------------------------------ images

    /**
     * A 2-D tensor as a viridis heatmap (min to max), or a {@code [C, H, W]} (C in 1, 3) tensor as a picture,
     * with pixel axes (row 0 at the top).
     */
    public static Figure imshow(Tensor t) {
        BufferedImage img;
        long[] s = t.shape();
        if (s.length == 2) {
            img = heatmap(t);
        } else if (s.length == 3 && (s[0] == 1 || s[0] == 3)) {
            img = new ImageGrid(t, null, 1).single();
        } else {
            throw new TensorError("imshow: expected [H, W] or [C, H, W] with C in {1, 3}, got " + Arrays.toString(s));
        }
        return imshow(img);
    }

    public static Figure imshow(double[][] values) {
        return imshow(org.tensorshell.Torch.tensor(values, DType.FLOAT64));
    }

    private static Figure imshow(BufferedImage img) {
        int h = img.getHeight(), w = img.getWidth();
        double s = 360.0 / Math.max(h, w);
        Figure f = new Figure().size((int) Math.max(160, w * s + 70), (int) Math.max(120, h * s + 50));
        Axes a = f.axes();
        a.invertY = true;
        a.legend(false).add(new Series.Picture(img, w, h));
        return f;
    }

    private static BufferedImage heatmap(Tensor t) {
        int h = (int) t.size(0), w = (int) t.size(1);
        if (h == 0 || w == 0) throw new TensorError("imshow: " + Arrays.toString(t.shape()) + " has no values");
        TensorStats st = TensorStats.of(t);
        double[] v = Values.all(t);
        double lo = st.min(), span = st.max() > st.min() ? st.max() - st.min() : 1;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) img.setRGB(x, y, Colors.viridis((v[y * w + x] - lo) / span));
        }
        return img;
    }

    /**
     * A labelled grid of images: {@code [H, W]}, {@code [C, H, W]}, {@code [N, H, W]} or {@code [N, C, H, W]}
     * (C in 1, 3); floats in [0, 1] or ints in [0, 255], anything else scaled min-max.
     */
    public static ImageGrid showImages(Tensor images) { return new ImageGrid(images, null, 0); }

    public static ImageGrid showImages(Tensor images, String... labels) { return new ImageGrid(images, List.of(labels), 0); }

    public static ImageGrid showImages(Tensor images, List<String> labels) { return new ImageGrid(images, labels, 0); }

    /** Labels from a tensor of class indices (e.g. a batch's targets). */
    public static ImageGrid showImages(Tensor images, Tensor labels) {
        List<String> l = new ArrayList<>();
        for (double v : Values.all(labels)) l.add(v == Math.rint(v) ? Long.toString((long) v) : NumberText.brief(v));
        return new ImageGrid(images, l, 0);
    }

    public static ImageGrid showImages(Tensor images, List<String> labels, int columns) {
        return new ImageGrid(images, labels, columns);
    }

    // ------------------------------------------------------------------ helpers

    // ------------------------------------------------------------------ model summary

    /** torchinfo's {@code summary(model)}: the parameter table, no forward run. */
    public static ModelSummary summary(org.tensorshell.nn.Module model) { return ModelSummary.of(model); }

    /** torchinfo's {@code summary(model, input_data=x)}: output shapes from one forward; see {@link ModelSummary#of(org.tensorshell.nn.Module, Tensor...)}. */
    public static ModelSummary summary(org.tensorshell.nn.Module model, Tensor... sampleInputs) { return ModelSummary.of(model, sampleInputs); }

    /** torchinfo's {@code summary(model, input_size=(1, 1, 28, 28))}: a zero input of that shape, batch included. */
    public static ModelSummary summary(org.tensorshell.nn.Module model, long... inputShape) { return ModelSummary.of(model, inputShape); }

    private static double[] numbers(List<? extends Number> list) {
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) v[i] = list.get(i) == null ? Double.NaN : list.get(i).doubleValue();
        return v;
    }

    private static double[] index(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i;
        return x;
    }

    private static double[] vector(String op, Tensor t) {
        if (t.dim() > 1) throw new TensorError(op + ": expected a 1-D tensor, got shape " + Arrays.toString(t.shape()));
        return Values.all(t);
    }

    /** A 1-D tensor as one series, a 2-D [n, k] tensor as k series (one per column, as matplotlib). */
    private static double[][] columns(String op, Tensor t) {
        if (t.dim() <= 1) return new double[][] {Values.all(t)};
        if (t.dim() != 2) throw new TensorError(op + ": expected a 1-D or 2-D tensor, got shape " + Arrays.toString(t.shape()));
        double[][] out = new double[(int) t.size(1)][];
        for (int j = 0; j < out.length; j++) out[j] = Values.all(t.select(1, j));
        return out;
    }
}
