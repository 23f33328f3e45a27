package org.tensorshell.data;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorshell.Generator;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

/**
 * The loading engine behind {@link DataLoader}, for any batch type {@code B}: cuts the (shuffled) index order
 * into batches and hands each batch's indices to a fetch function, on background workers when asked.
 * Obtain one with {@link DataLoader#withCollate}; {@link DataLoader} is the {@link Batch} case.
 */
public class BatchLoader<B> implements Iterable<B> {
    private final Dataset<?> dataset;
    private final Function<int[], B> fetch;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final Generator generator;
    private final int numWorkers;
    private final int prefetchFactor;
    private final Duration timeout;

    BatchLoader(Dataset<?> dataset, DataLoader.Options o, Function<int[], B> fetch) {
        java.util.Objects.requireNonNull(dataset, "dataset");
        this.dataset = dataset;
        this.fetch = fetch;
        this.batchSize = o.batchSize;
        this.shuffle = o.shuffle;
        this.dropLast = o.dropLast;
        this.generator = o.generator;
        this.numWorkers = o.numWorkers;
        this.prefetchFactor = o.prefetchFactor;
        this.timeout = o.timeout;
    }

    public Dataset<?> dataset() { return dataset; }

    public int batchSize() { return batchSize; }

    public boolean shuffle() { return shuffle; }

    public boolean dropLast() { return dropLast; }

    public int numWorkers() { return numWorkers; }

    /** Number of batches per iteration ({@code len(loader)}). */
    public int size() {
        long n = dataset.size();
        return (int) (dropLast ? n / batchSize : (n + batchSize - 1) / batchSize);
    }

    /**
     * Starts an iteration: draws this epoch's order (consuming the generator when shuffling) and starts the
     * workers. A for-each loop calls this once per epoch.
     */
    @Override
    public BatchIterator<B> iterator() {
        int n = dataset.size();
        int[] order = new int[n];
        if (shuffle) {
            Generator g = generator != null ? generator : Torch.defaultGenerator();
            long[] perm = Torch.randperm(n, g).toLongArray();
            for (int i = 0; i < n; i++) order[i] = (int) perm[i];
        } else {
            for (int i = 0; i < n; i++) order[i] = i;
        }
        int batches = size();
        int[][] plan = new int[batches][];
        for (int b = 0; b < batches; b++) {
            int from = b * batchSize;
            plan[b] = java.util.Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
        }
        return new BatchIterator<>(plan, fetch, numWorkers, Math.max(1, numWorkers) * prefetchFactor, timeout);
    }

    /** The items at {@code indices}, in order, for a collate function. */
    static <T> List<T> items(Dataset<T> dataset, int[] indices) {
        List<T> items = new ArrayList<>(indices.length);
        for (int i : indices) items.add(dataset.get(i));
        return items;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(dataset=" + dataset.getClass().getSimpleName() + " of " + dataset.size()
            + ", batchSize=" + batchSize + ", shuffle=" + shuffle + ", dropLast=" + dropLast
            + ", numWorkers=" + numWorkers + ", batches=" + size() + ")";
    }

    static TensorError timedOut(int batch, Duration timeout) {
        return new TensorError("DataLoader timed out after " + timeout.toMillis() + " ms waiting for batch " + batch);
    }
}
