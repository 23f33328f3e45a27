package org.tensorshell.nn;

/** How a loss combines its per-element values ({@code reduction='none'|'mean'|'sum'}; 'batchmean' for KLDivLoss). */
public enum Reduction {
    NONE, MEAN, SUM, BATCHMEAN;

    /** PyTorch's spelling, for printing. */
    public String torchName() {
        return switch (this) {
            case NONE -> "none";
            case MEAN -> "mean";
            case SUM -> "sum";
            case BATCHMEAN -> "batchmean";
        };
    }
}
