package org.tensorshell.data;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.tensorshell.Generator;
import org.tensorshell.core.TensorError;

/**
 * {@code torch.utils.data.DataLoader}: iterates a dataset in {@link Batch}es.
 * <pre>{@code
 * var loader = new DataLoader(MNIST.train(dir), 32, true);
 * for (var batch : loader) { model.forward(batch.input()); ... batch.target() ... }
 * }</pre>
 * The order is drawn from the generator when an iteration starts (one {@code randperm} per epoch), and
 * batch {@code k} always holds the same items whatever the number of worker threads. By default one daemon
 * thread prepares the next batches while the caller trains on the current one; {@code numWorkers(0)} loads
 * on the caller's thread. Breaking out of the loop is safe: idle workers exit on their own, and
 * {@link BatchIterator#close()} stops them at once.
 */
public final class DataLoader extends BatchLoader<Batch> {

    public DataLoader(Dataset<?> dataset) { this(dataset, options()); }

    public DataLoader(Dataset<?> dataset, int batchSize) { this(dataset, options().batchSize(batchSize)); }

    public DataLoader(Dataset<?> dataset, int batchSize, boolean shuffle) {
        this(dataset, options().batchSize(batchSize).shuffle(shuffle));
    }

    public DataLoader(Dataset<?> dataset, Options options) {
        super(dataset, options, fetcher(dataset, options.collateFn));
    }

    /** Settings for the long tail: {@code DataLoader.options().batchSize(64).shuffle(true).dropLast(true)}. */
    public static Options options() { return new Options(); }

    /**
     * A loader whose collate function builds any batch type {@code B} from the list of items
     * ({@code DataLoader(ds, collate_fn=...)} where the result is not a tuple of tensors).
     */
    public static <T, B> BatchLoader<B> withCollate(Dataset<T> dataset, Options options,
                                                    Function<? super List<T>, ? extends B> collateFn) {
        java.util.Objects.requireNonNull(collateFn, "collateFn");
        return new BatchLoader<>(dataset, options, indices -> collateFn.apply(BatchLoader.items(dataset, indices)));
    }

    private static Function<int[], Batch> fetcher(Dataset<?> dataset, Function<List<?>, Batch> collateFn) {
        if (collateFn != null) return indices -> collateFn.apply(BatchLoader.items(dataset, indices));
        if (dataset instanceof Batchable b && b.batchable()) return b::batch;
        return indices -> Collate.defaultCollate(BatchLoader.items(dataset, indices));
    }

    /** DataLoader keyword arguments. Defaults: batch size 1, no shuffle, keep the last partial batch, one prefetch worker. */
    public static final class Options {
        int batchSize = 1;
        boolean shuffle;
        boolean dropLast;
        Generator generator;
        int numWorkers = 1;
        int prefetchFactor = 2;
        Duration timeout;
        Function<List<?>, Batch> collateFn;

        Options() {}

        public Options batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new TensorError("DataLoader: batch_size should be a positive integer value, but got batch_size=" + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Reshuffle the items at the start of every iteration. */
        public Options shuffle(boolean shuffle) { this.shuffle = shuffle; return this; }

        /** Drop the last batch when the dataset size is not divisible by the batch size. */
        public Options dropLast(boolean dropLast) { this.dropLast = dropLast; return this; }

        /** The generator the shuffle order is drawn from (default: the global one, {@code Torch.manualSeed}). */
        public Options generator(Generator generator) { this.generator = generator; return this; }

        /** Background threads preparing batches; 0 loads each batch on the iterating thread. */
        public Options numWorkers(int numWorkers) {
            if (numWorkers < 0) {
                throw new TensorError("DataLoader: num_workers option should be non-negative; use num_workers=0 to disable multiprocessing, got " + numWorkers);
            }
            this.numWorkers = numWorkers;
            return this;
        }

        /** Batches prepared ahead per worker. */
        public Options prefetchFactor(int prefetchFactor) {
            if (prefetchFactor <= 0) {
                throw new TensorError("DataLoader: prefetch_factor should be a positive integer, got " + prefetchFactor);
            }
            this.prefetchFactor = prefetchFactor;
            return this;
        }

        /** How long to wait for a worker's batch before failing (default: forever). */
        public Options timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new TensorError("DataLoader: timeout option should be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Builds each batch from the list of items instead of {@link Collate#defaultCollate}. */
        public Options collateFn(Function<List<?>, Batch> collateFn) { this.collateFn = collateFn; return this; }
    }
}
