package org.tensorshell.optim;

import java.util.ArrayList;
import java.util.List;
import org.tensorshell.core.TensorError;

/**
 * Base of the epoch-indexed learning-rate schedules (PyTorch 1.13's {@code _LRScheduler}). Construction
 * records each group's {@code initial_lr} and takes the initial step (epoch 0); every {@link #step()}
 * advances {@code lastEpoch} and writes the new rates into the optimizer's groups, computed recursively
 * from the current rates as PyTorch does, so schedules can be chained.
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected double[] baseLrs;
    protected int lastEpoch;
    private int stepCount;
    private List<Double> lastLr = List.of();

    protected LRScheduler(Optimizer optimizer) {
        if (optimizer == null) throw new TensorError(getClass().getSimpleName() + ": optimizer is null");
        this.optimizer = optimizer;
    }

    /** Records base rates and takes the initial step; subclasses call it last in their constructors. */
    protected final void initialStep(int lastEpoch) {
        List<ParamGroup> groups = optimizer.paramGroups();
        if (lastEpoch == -1) {
            for (ParamGroup g : groups) g.setDefault("initial_lr", g.lr());
        } else {
            for (int i = 0; i < groups.size(); i++) {
                if (!groups.get(i).has("initial_lr")) {
                    throw new TensorError(getClass().getSimpleName() + ": param 'initial_lr' is not specified in param_groups["
                        + i + "] when resuming an optimizer");
                }
            }
        }
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) baseLrs[i] = groups.get(i).getDouble("initial_lr");
        this.lastEpoch = lastEpoch;
        stepCount = 0;
        step();
    }

    /** Advances one epoch (or iteration) and sets the groups' learning rates. */
    public void step() {
        stepCount++;
        lastEpoch++;
        double[] values = computeLr();
        List<ParamGroup> groups = optimizer.paramGroups();
        List<Double> last = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).setLr(values[i]);
            last.add(values[i]);
        }
        lastLr = List.copyOf(last);
    }

    /** The rates for {@link #lastEpoch}, from the groups' current rates (PyTorch's {@code get_lr}). */
    protected abstract double[] computeLr();

    /** The rates set by the last step, one per group. */
    public List<Double> getLastLr() { return lastLr; }

    public int lastEpoch() { return lastEpoch; }

    /** The schedule's progress (PyTorch's keys): base_lrs, last_epoch, _step_count, _last_lr. */
    public java.util.Map<String, Object> stateDict() {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("base_lrs", java.util.Arrays.stream(baseLrs).boxed().toList());
        m.put("last_epoch", lastEpoch);
        m.put("_step_count", stepCount);
        m.put("_last_lr", lastLr);
        return m;
    }

    /** Restores {@link #stateDict()}; the optimizer's rates come from the optimizer's own state dict. */
    public void loadStateDict(java.util.Map<String, Object> sd) {
        if (sd.get("base_lrs") instanceof List<?> l) {
            baseLrs = l.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
        }
        if (sd.get("last_epoch") instanceof Number n) lastEpoch = n.intValue();
        if (sd.get("_step_count") instanceof Number n) stepCount = n.intValue();
        if (sd.get("_last_lr") instanceof List<?> l) lastLr = l.stream().map(o -> ((Number) o).doubleValue()).toList();
    }

    /** How many times step ran, the constructor's initial step included. */
    protected int stepCount() { return stepCount; }

    protected double[] currentLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] r = new double[groups.size()];
        for (int i = 0; i < r.length; i++) r[i] = groups.get(i).lr();
        return r;
    }

    protected double[] scaledLrs(double factor) {
        double[] r = currentLrs();
        for (int i = 0; i < r.length; i++) r[i] *= factor;
        return r;
    }
}
