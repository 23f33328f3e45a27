package org.tensorshell.data;

import java.util.Arrays;
import org.tensorshell.core.TensorError;

/** {@code torch.utils.data.Subset}: the items of {@code dataset} at {@code indices}, in that order. */
public class Subset<T> implements Dataset<T>, Batchable {
    private final Dataset<T> dataset;
    private final int[] indices;

    public Subset(Dataset<T> dataset, int... indices) {
        int n = dataset.size();
        for (int i : indices) {
            if (i < 0 || i >= n) {
                throw new TensorError("Subset: index " + i + " is out of range for a dataset of size " + n);
            }
        }
        this.dataset = dataset;
        this.indices = indices.clone();
    }

    public Subset(Dataset<T> dataset, long... indices) { this(dataset, toInts(indices)); }

    private static int[] toInts(long[] indices) {
        int[] out = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            long i = indices[k];
            out[k] = i < Integer.MIN_VALUE || i > Integer.MAX_VALUE ? -1 : (int) i;
            if (out[k] != i) throw new TensorError("Subset: index " + i + " is out of range");
        }
        return out;
    }

    public Dataset<T> dataset() { return dataset; }

    public int[] indices() { return indices.clone(); }

    @Override
    public T get(int index) {
        if (index < 0 || index >= indices.length) {
            throw new TensorError("Subset: index " + index + " is out of range for a subset of size " + indices.length);
        }
        return dataset.get(indices[index]);
    }

    @Override
    public int size() { return indices.length; }

    /** Batched access reaches through to a tensor-backed dataset, so subsets batch as fast as their parent. */
    @Override
    public boolean batchable() { return dataset instanceof Batchable b && b.batchable(); }

    @Override
    public Batch batch(int[] positions) {
        int[] mapped = new int[positions.length];
        for (int k = 0; k < positions.length; k++) {
            int p = positions[k];
            if (p < 0 || p >= indices.length) {
                throw new TensorError("Subset: index " + p + " is out of range for a subset of size " + indices.length);
            }
            mapped[k] = indices[p];
        }
        if (dataset instanceof Batchable b && b.batchable()) return b.batch(mapped);
        throw new TensorError("Subset.batch: the underlying " + dataset.getClass().getSimpleName() + " has no batched access");
    }

    @Override
    public String toString() {
        return "Subset(size=" + indices.length + ", of=" + dataset.getClass().getSimpleName()
            + (indices.length <= 8 ? ", indices=" + Arrays.toString(indices) : "") + ")";
    }
}
