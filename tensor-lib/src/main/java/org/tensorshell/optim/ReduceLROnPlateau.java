package org.tensorshell.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;

/**
 * Reduces each group's rate by {@code factor} when a metric has stopped improving for {@code patience}
 * epochs, PyTorch 1.13's rules: {@code new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().patience(2))},
 * then {@code scheduler.step(valLoss)} once per epoch.
 */
public final class ReduceLROnPlateau {

    /** Keyword arguments with PyTorch's defaults. */
    public static final class Options {
        String mode = "min", thresholdMode = "rel";
        double factor = 0.1, threshold = 1e-4, eps = 1e-8;
        int patience = 10, cooldown;
        double[] minLrs;
        double minLr;

        /** "min" (a falling metric is better) or "max". */
        public Options mode(String v) { mode = v; return this; }

        public Options factor(double v) { factor = v; return this; }

        public Options patience(int v) { patience = v; return this; }

        public Options threshold(double v) { threshold = v; return this; }

        /** "rel" or "abs". */
        public Options thresholdMode(String v) { thresholdMode = v; return this; }

        public Options cooldown(int v) { cooldown = v; return this; }

        public Options minLr(double v) { minLr = v; minLrs = null; return this; }

        /** One lower bound per group. */
        public Options minLr(double... v) { minLrs = v.clone(); return this; }

        public Options eps(double v) { eps = v; return this; }
    }

    public static Options options() { return new Options(); }

    private final Optimizer optimizer;
    private final Options o;
    private final double[] minLrs;
    private double best;
    private int numBadEpochs, cooldownCounter, lastEpoch;
    private List<Double> lastLr = List.of();

    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, options()); }

    public ReduceLROnPlateau(Optimizer optimizer, Options options) {
        if (options.factor >= 1.0) throw new TensorError("ReduceLROnPlateau: Factor should be < 1.0, got " + options.factor);
        if (!options.mode.equals("min") && !options.mode.equals("max")) {
            throw new TensorError("ReduceLROnPlateau: mode " + options.mode + " is unknown! (expected min or max)");
        }
        if (!options.thresholdMode.equals("rel") && !options.thresholdMode.equals("abs")) {
            throw new TensorError("ReduceLROnPlateau: threshold mode " + options.thresholdMode + " is unknown! (expected rel or abs)");
        }
        this.optimizer = optimizer;
        int n = optimizer.paramGroups().size();
        if (options.minLrs != null) {
            if (options.minLrs.length != n) {
                throw new TensorError("ReduceLROnPlateau: expected " + n + " min_lrs, got " + options.minLrs.length);
            }
            minLrs = options.minLrs.clone();
        } else {
            minLrs = new double[n];
            Arrays.fill(minLrs, options.minLr);
        }
        this.o = options;
        reset();
    }

    private void reset() {
        best = o.mode.equals("min") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        cooldownCounter = 0;
        numBadEpochs = 0;
    }

    /** Records one epoch's metric (a 0-dim tensor is read with item()). */
    public void step(Tensor metric) { step(metric.item()); }

    public void step(double current) {
        lastEpoch++;
        if (isBetter(current, best)) {
            best = current;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > o.patience) {
            reduceLr();
            cooldownCounter = o.cooldown;
            numBadEpochs = 0;
        }
        List<Double> last = new ArrayList<>();
        for (ParamGroup g : optimizer.paramGroups()) last.add(g.lr());
        lastLr = List.copyOf(last);
    }

    private void reduceLr() {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            double old = groups.get(i).lr();
            double fresh = Math.max(old * o.factor, minLrs[i]);
            if (old - fresh > o.eps) groups.get(i).setLr(fresh);
        }
    }

    private boolean isBetter(double a, double best) {
        boolean min = o.mode.equals("min"), rel = o.thresholdMode.equals("rel");
        if (min && rel) return a < best * (1. - o.threshold);
        if (min) return a < best - o.threshold;
        if (rel) return a > best * (o.threshold + 1.);
        return a > best + o.threshold;
    }

    /** The rates after the last step (empty before the first). */
    public List<Double> getLastLr() { return lastLr; }

    public double best() { return best; }

    public int numBadEpochs() { return numBadEpochs; }

    public int lastEpoch() { return lastEpoch; }

    /** Progress (PyTorch's keys): best, num_bad_epochs, cooldown_counter, last_epoch, _last_lr. */
    public java.util.Map<String, Object> stateDict() {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("best", best);
        m.put("num_bad_epochs", numBadEpochs);
        m.put("cooldown_counter", cooldownCounter);
        m.put("last_epoch", lastEpoch);
        m.put("_last_lr", lastLr);
        return m;
    }

    public void loadStateDict(java.util.Map<String, Object> sd) {
        if (sd.get("best") instanceof Number n) best = n.doubleValue();
        if (sd.get("num_bad_epochs") instanceof Number n) numBadEpochs = n.intValue();
        if (sd.get("cooldown_counter") instanceof Number n) cooldownCounter = n.intValue();
        if (sd.get("last_epoch") instanceof Number n) lastEpoch = n.intValue();
        if (sd.get("_last_lr") instanceof List<?> l) lastLr = l.stream().map(o -> ((Number) o).doubleValue()).toList();
    }
}
