package org.tensorshell.data;

import java.util.List;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;

/**
 * One item of a tensor dataset: the tuple {@code (x, y, ...)} that {@code dataset[i]} returns in PyTorch.
 * {@link #input()} and {@link #target()} name the usual pair.
 */
public record Sample(List<Tensor> tensors) {
    public Sample {
        tensors = List.copyOf(tensors);
    }

    public Sample(Tensor... tensors) { this(List.of(tensors)); }

    /** The tensor at position {@code i} of the tuple. */
    public Tensor get(int i) { return Batch.at("Sample", tensors, i); }

    /** Number of tensors in the tuple. */
    public int size() { return tensors.size(); }

    /** The first tensor (the features). */
    public Tensor input() { return get(0); }

    /** The second tensor (the label). */
    public Tensor target() {
        if (tensors.size() < 2) {
            throw new TensorError("Sample.target(): this sample holds " + tensors.size()
                + " tensor(s); target() is the second of an (input, target) pair");
        }
        return tensors.get(1);
    }

    @Override
    public String toString() { return Batch.describe("Sample", tensors); }
}
