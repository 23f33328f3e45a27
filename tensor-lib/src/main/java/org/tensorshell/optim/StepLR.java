package org.tensorshell.optim;

/** Multiplies each group's rate by {@code gamma} every {@code stepSize} epochs (default gamma 0.1). */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(Optimizer optimizer, int stepSize) { this(optimizer, stepSize, 0.1); }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) { this(optimizer, stepSize, gamma, -1); }

    public StepLR(Optimizer optimizer, int stepSize, double gamma, int lastEpoch) {
        super(optimizer);
        if (stepSize <= 0) throw new org.tensorshell.core.TensorError("StepLR: step_size must be positive, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep(lastEpoch);
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) return currentLrs();
        return scaledLrs(gamma);
    }
}
