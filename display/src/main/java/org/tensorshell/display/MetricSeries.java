package org.tensorshell.display;

import java.util.Arrays;

/** One metric's history as growable primitive arrays: appending is an array store, no boxing. */
final class MetricSeries {
    final String name;
    long[] steps = new long[256];
    double[] values = new double[256];
    int n;

    MetricSeries(String name) { this.name = name; }

    void add(long step, double value) {
        if (n == steps.length) {
            steps = Arrays.copyOf(steps, 2 * n);
            values = Arrays.copyOf(values, 2 * n);
        }
        steps[n] = step;
        values[n++] = value;
    }

    double last() { return values[n - 1]; }

    double[] x() {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = steps[i];
        return x;
    }

    double[] y() { return Arrays.copyOf(values, n); }

    /** Debiased exponential moving average (as TensorBoard's smoothing): no pull towards 0 at the start. */
    double[] smoothed(double weight) {
        double[] out = new double[n];
        double ema = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                out[i] = Double.NaN;
                continue;
            }
            ema = weight * ema + (1 - weight) * v;
            norm = weight * norm + (1 - weight);
            out[i] = ema / norm;
        }
        return out;
    }

    /** Whether larger is better: accuracies and scores; losses and errors are minimised. */
    boolean maximise() {
        String s = name.toLowerCase(java.util.Locale.ROOT);
        for (String k : new String[] {"acc", "auc", "f1", "precision", "recall", "score", "iou", "map"}) {
            if (s.contains(k)) return true;
        }
        return false;
    }

    /** The metric without its validation or training prefix: {@code val_loss} and {@code loss} share a chart. */
    static String base(String name) {
        for (String p : new String[] {"val_", "val/", "valid_", "validation_", "test_", "train_", "train/"}) {
            if (name.startsWith(p) && name.length() > p.length()) return name.substring(p.length());
        }
        return name;
    }

    static boolean isValidation(String name) {
        return !base(name).equals(name) && !name.startsWith("train");
    }
}
