package org.tensorshell.optim;

import java.util.HashMap;
import java.util.Map;

/** Multiplies each group's rate by {@code gamma} at each milestone epoch (a repeated milestone counts twice). */
public final class MultiStepLR extends LRScheduler {
    private final Map<Integer, Integer> milestones = new HashMap<>();
    private final double gamma;

    public MultiStepLR(Optimizer optimizer, int[] milestones) { this(optimizer, milestones, 0.1); }

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) { this(optimizer, milestones, gamma, -1); }

    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma, int lastEpoch) {
        super(optimizer);
        for (int m : milestones) this.milestones.merge(m, 1, Integer::sum);
        this.gamma = gamma;
        initialStep(lastEpoch);
    }

    @Override
    protected double[] computeLr() {
        Integer count = milestones.get(lastEpoch);
        if (count == null) return currentLrs();
        return scaledLrs(Math.pow(gamma, count));
    }
}
