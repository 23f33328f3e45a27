package org.tensorshell.optim;

import org.tensorshell.core.TensorError;

/**
 * Linear warm-up: scales the rate by a factor moving linearly from {@code startFactor} (default 1/3) to
 * {@code endFactor} (default 1) over {@code totalIters} (default 5) steps.
 */
public final class LinearLR extends LRScheduler {
    private final double startFactor, endFactor;
    private final int totalIters;

    public LinearLR(Optimizer optimizer) { this(optimizer, 1.0 / 3, 1.0, 5); }

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        this(optimizer, startFactor, endFactor, totalIters, -1);
    }

    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters, int lastEpoch) {
        super(optimizer);
        if (startFactor > 1.0 || startFactor < 0) {
            throw new TensorError("LinearLR: Starting multiplicative factor expected to be between 0 and 1, got " + startFactor);
        }
        if (endFactor > 1.0 || endFactor < 0) {
            throw new TensorError("LinearLR: Ending multiplicative factor expected to be between 0 and 1, got " + endFactor);
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep(lastEpoch);
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch == 0) return scaledLrs(startFactor);
        if (lastEpoch > totalIters) return currentLrs();
        return scaledLrs(1.0 + (endFactor - startFactor)
            / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor)));
    }
}
