package org.tensorshell.optim;

import java.util.Arrays;
import java.util.List;
import org.tensorshell.core.TensorError;

/**
 * The 1cycle policy (Smith): the rate rises from {@code maxLr/divFactor} to {@code maxLr} over
 * {@code pctStart} of the steps, then falls to {@code initialLr/finalDivFactor}; with {@code threePhase}
 * it first returns to the initial rate. Momentum (SGD/RMSprop) or beta1 (Adam) cycles inversely.
 * Stepped once per batch. {@code new OneCycleLR(opt, 0.01, totalSteps, OneCycleLR.options().threePhase(true))}.
 */
public final class OneCycleLR extends LRScheduler {

    /** The keyword arguments after {@code max_lr} and {@code total_steps}, with PyTorch's defaults. */
    public static final class Options {
        double pctStart = 0.3;
        String annealStrategy = "cos";
        boolean cycleMomentum = true;
        double baseMomentum = 0.85, maxMomentum = 0.95, divFactor = 25, finalDivFactor = 1e4;
        boolean threePhase;
        int lastEpoch = -1;

        public Options pctStart(double v) { pctStart = v; return this; }

        /** "cos" or "linear". */
        public Options annealStrategy(String v) { annealStrategy = v; return this; }

        public Options cycleMomentum(boolean v) { cycleMomentum = v; return this; }

        public Options baseMomentum(double v) { baseMomentum = v; return this; }

        public Options maxMomentum(double v) { maxMomentum = v; return this; }

        public Options divFactor(double v) { divFactor = v; return this; }

        public Options finalDivFactor(double v) { finalDivFactor = v; return this; }

        public Options threePhase(boolean v) { threePhase = v; return this; }

        public Options lastEpoch(int v) { lastEpoch = v; return this; }
    }

    public static Options options() { return new Options(); }

    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {}

    private final int totalSteps;
    private final List<Phase> phases;
    private final boolean linear;
    private final boolean cycleMomentum;
    private final boolean useBeta1;

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) { this(optimizer, maxLr, totalSteps, options()); }

    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, Options o) {
        this(optimizer, filled(maxLr, optimizer), totalSteps, o);
    }

    /** {@code epochs * stepsPerEpoch} steps. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int epochs, int stepsPerEpoch, Options o) {
        this(optimizer, filled(maxLr, optimizer), checkedProduct(epochs, stepsPerEpoch), o);
    }

    /** One maximum rate per group. */
    public OneCycleLR(Optimizer optimizer, double[] maxLrs, int totalSteps, Options o) {
        super(optimizer);
        if (totalSteps <= 0) throw new TensorError("OneCycleLR: Expected positive integer total_steps, but got " + totalSteps);
        this.totalSteps = totalSteps;
        double pct = o.pctStart;
        if (o.threePhase) {
            phases = List.of(
                new Phase(pct * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                new Phase(2 * pct * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                new Phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"));
        } else {
            phases = List.of(
                new Phase(pct * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                new Phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"));
        }
        if (pct < 0 || pct > 1) throw new TensorError("OneCycleLR: Expected float between 0 and 1 pct_start, but got " + pct);
        if (!o.annealStrategy.equals("cos") && !o.annealStrategy.equals("linear")) {
            throw new TensorError("OneCycleLR: anneal_strategy must by one of 'cos' or 'linear', instead got " + o.annealStrategy);
        }
        linear = o.annealStrategy.equals("linear");
        List<ParamGroup> groups = optimizer.paramGroups();
        if (maxLrs.length != groups.size()) {
            throw new TensorError("OneCycleLR: expected " + groups.size() + " values for max_lr, got " + maxLrs.length);
        }
        if (o.lastEpoch == -1) {
            for (int i = 0; i < groups.size(); i++) {
                ParamGroup g = groups.get(i);
                g.set("initial_lr", maxLrs[i] / o.divFactor);
                g.set("max_lr", maxLrs[i]);
                g.set("min_lr", g.getDouble("initial_lr") / o.finalDivFactor);
            }
        }
        cycleMomentum = o.cycleMomentum;
        useBeta1 = optimizer.defaults().containsKey("betas");
        if (cycleMomentum) {
            if (!optimizer.defaults().containsKey("momentum") && !useBeta1) {
                throw new TensorError("OneCycleLR: optimizer must support momentum with `cycle_momentum` option enabled");
            }
            if (o.lastEpoch == -1) {
                for (ParamGroup g : groups) {
                    if (useBeta1) g.set("betas", o.maxMomentum, g.getDoubles("betas")[1]);
                    else g.set("momentum", o.maxMomentum);
                    g.set("max_momentum", o.maxMomentum);
                    g.set("base_momentum", o.baseMomentum);
                }
            }
        }
        initialStep(o.lastEpoch);
    }

    private static double[] filled(double v, Optimizer optimizer) {
        double[] r = new double[optimizer.paramGroups().size()];
        Arrays.fill(r, v);
        return r;
    }

    private static int checkedProduct(int epochs, int stepsPerEpoch) {
        if (epochs <= 0) throw new TensorError("OneCycleLR: Expected positive integer epochs, but got " + epochs);
        if (stepsPerEpoch <= 0) {
            throw new TensorError("OneCycleLR: Expected positive integer steps_per_epoch, but got " + stepsPerEpoch);
        }
        return Math.multiplyExact(epochs, stepsPerEpoch);
    }

    private double anneal(double start, double end, double pct) {
        if (linear) return (end - start) * pct + start;
        return end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
    }

    @Override
    protected double[] computeLr() {
        int stepNum = lastEpoch;
        if (stepNum > totalSteps) {
            throw new TensorError("OneCycleLR: Tried to step " + (stepNum + 1) + " times. The specified number of total steps is "
                + totalSteps);
        }
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int gi = 0; gi < groups.size(); gi++) {
            ParamGroup g = groups.get(gi);
            double start = 0;
            double lr = 0, momentum = 0;
            for (int i = 0; i < phases.size(); i++) {
                Phase ph = phases.get(i);
                if (stepNum <= ph.endStep || i == phases.size() - 1) {
                    double pct = (stepNum - start) / (ph.endStep - start);
                    lr = anneal(g.getDouble(ph.startLr), g.getDouble(ph.endLr), pct);
                    if (cycleMomentum) momentum = anneal(g.getDouble(ph.startMomentum), g.getDouble(ph.endMomentum), pct);
                    break;
                }
                start = ph.endStep;
            }
            lrs[gi] = lr;
            if (cycleMomentum) {
                if (useBeta1) g.set("betas", momentum, g.getDoubles("betas")[1]);
                else g.set("momentum", momentum);
            }
        }
        return lrs;
    }
}
