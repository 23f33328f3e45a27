package org.tensorshell.data;

/**
 * A dataset that can fetch a whole batch at once (PyTorch's {@code __getitems__}): tensor-backed datasets
 * gather the rows with one {@code indexSelect} per tensor instead of stacking {@code batchSize} items.
 * {@link DataLoader} uses it when no custom collate function is given; the result must equal the default
 * collation of the items at {@code indices}.
 */
public interface Batchable {
    /** The batch of the items at {@code indices}. */
    Batch batch(int[] indices);

    /** Whether {@link #batch} is available (a subset of a plain dataset is not). */
    default boolean batchable() { return true; }
}
