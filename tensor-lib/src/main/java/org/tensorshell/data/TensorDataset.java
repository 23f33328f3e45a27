package org.tensorshell.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/**
 * {@code torch.utils.data.TensorDataset}: item {@code i} is the tuple of row {@code i} of each tensor.
 * Batches are gathered with one {@code indexSelect} per tensor (see {@link Batchable}), so a loader over a
 * pre-loaded dataset such as MNIST does no per-item work.
 */
public class TensorDataset implements Dataset<Sample>, Batchable {
    private final List<Tensor> tensors;
    private final int size;

    public TensorDataset(Tensor... tensors) { this(List.of(tensors)); }

    public TensorDataset(List<Tensor> tensors) {
        if (tensors.isEmpty()) throw new TensorError("TensorDataset: expected at least one tensor");
        long n = -1;
        for (int k = 0; k < tensors.size(); k++) {
            Tensor t = tensors.get(k);
            if (t.dim() == 0) {
                throw new TensorError("TensorDataset: tensor " + k + " is 0-dimensional; every tensor needs a dim 0 to index");
            }
            if (n >= 0 && t.size(0) != n) {
                throw new TensorError("TensorDataset: Size mismatch between tensors: dim 0 sizes are "
                    + sizes(tensors) + ", expected all equal");
            }
            n = t.size(0);
        }
        this.tensors = List.copyOf(tensors);
        this.size = (int) n;
    }

    private static String sizes(List<Tensor> tensors) {
        List<Long> s = new ArrayList<>();
        for (Tensor t : tensors) s.add(t.dim() == 0 ? -1 : t.size(0));
        return s.toString();
    }

    /** The tensors, in order ({@code dataset.tensors}). */
    public List<Tensor> tensors() { return tensors; }

    @Override
    public int size() { return size; }

    /** Row {@code index} of each tensor (views that share the dataset's storage, as in PyTorch); negative counts from the end. */
    @Override
    public Sample get(int index) {
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new TensorError("TensorDataset: index " + index + " is out of range for a dataset of size " + size);
        }
        Tensor[] row = new Tensor[tensors.size()];
        for (int k = 0; k < row.length; k++) row[k] = tensors.get(k).select(0, i);
        return new Sample(row);
    }

    @Override
    public Batch batch(int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= size) {
                throw new TensorError("TensorDataset: index " + i + " is out of range for a dataset of size " + size);
            }
        }
        Tensor index = Torch.tensor(indices);
        Tensor[] out = new Tensor[tensors.size()];
        for (int k = 0; k < out.length; k++) out[k] = tensors.get(k).indexSelect(0, index);
        return new Batch(out);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("(size=").append(size);
        for (Tensor t : tensors) sb.append(", ").append(Arrays.toString(t.shape())).append(' ').append(t.dtype());
        return sb.append(')').toString();
    }
}
