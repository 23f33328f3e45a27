package org.tensorshell.optim;

/** Multiplies each group's rate by {@code gamma} every epoch. */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) { this(optimizer, gamma, -1); }

    public ExponentialLR(Optimizer optimizer, double gamma, int lastEpoch) {
        super(optimizer);
        this.gamma = gamma;
        initialStep(lastEpoch);
    }

    @Override
    protected double[] computeLr() { return lastEpoch == 0 ? currentLrs() : scaledLrs(gamma); }
}
