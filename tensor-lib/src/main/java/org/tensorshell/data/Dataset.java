package org.tensorshell.data;

import java.util.List;
import org.tensorshell.Generator;

/**
 * A map-style dataset ({@code torch.utils.data.Dataset}): {@code size()} items addressed by index.
 * Items are usually {@link Sample}s (a tuple of tensors), which {@link DataLoader} collates into
 * {@link Batch}es. With background workers, {@link #get} (and {@link Batchable#batch}) may be called from
 * several threads at once, so implementations must be safe to read concurrently (immutable ones are).
 */
public interface Dataset<T> {
    /** The item at {@code index}, in {@code [0, size())}. */
    T get(int index);

    /** Number of items ({@code len(dataset)}). */
    int size();

    /** {@code torch.utils.data.random_split} with absolute lengths that sum to the dataset's size. */
    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, long[] lengths, Generator generator) {
        return Splits.randomSplit(dataset, lengths, generator);
    }

    /** {@code random_split} with the global generator. */
    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, long... lengths) {
        return Splits.randomSplit(dataset, lengths, org.tensorshell.Torch.defaultGenerator());
    }

    /**
     * {@code random_split} with fractions that sum to 1: each part gets {@code floor(n * fraction)} items and the
     * remainder is dealt one at a time to the parts in order, as PyTorch does.
     */
    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] fractions, Generator generator) {
        return Splits.randomSplit(dataset, Splits.lengths(dataset.size(), fractions), generator);
    }

    /** {@code random_split} with fractions and the global generator. */
    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double... fractions) {
        return randomSplit(dataset, fractions, org.tensorshell.Torch.defaultGenerator());
    }
}
