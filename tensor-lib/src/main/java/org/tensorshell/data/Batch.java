package org.tensorshell.data;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;

/**
 * A collated batch: the tuple of tensors the default collate function builds by stacking each position of
 * the items along a new dim 0 (PyTorch's {@code for x, y in loader}). {@link #input()} and {@link #target()}
 * name the usual pair; {@link #get(int)} reaches any position.
 */
public record Batch(List<Tensor> tensors) {
    public Batch {
        tensors = List.copyOf(tensors);
    }

    public Batch(Tensor... tensors) { this(List.of(tensors)); }

    /** The tensor at position {@code i} of the tuple. */
    public Tensor get(int i) { return at("Batch", tensors, i); }

    /** Number of tensors in the tuple. */
    public int size() { return tensors.size(); }

    /** The first tensor (the inputs, e.g. images [B, 1, 28, 28]). */
    public Tensor input() { return get(0); }

    /** The second tensor (the targets, e.g. labels [B]). */
    public Tensor target() {
        if (tensors.size() < 2) {
            throw new TensorError("Batch.target(): this batch holds " + tensors.size()
                + " tensor(s); target() is the second of an (input, target) pair");
        }
        return tensors.get(1);
    }

    /** Number of items in the batch: the size of dim 0 of its first tensor. */
    public long batchSize() {
        if (tensors.isEmpty() || tensors.get(0).dim() == 0) return 0;
        return tensors.get(0).size(0);
    }

    static Tensor at(String what, List<Tensor> tensors, int i) {
        int n = tensors.size();
        int k = i < 0 ? i + n : i;
        if (k < 0 || k >= n) {
            throw new TensorError(what + ".get(" + i + "): index out of range for a tuple of " + n + " tensor(s)");
        }
        return tensors.get(k);
    }

    static String describe(String what, List<Tensor> tensors) {
        return what + "(" + tensors.stream()
            .map(t -> Arrays.toString(t.shape()) + " " + t.dtype())
            .collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public String toString() { return describe("Batch", tensors); }
}
