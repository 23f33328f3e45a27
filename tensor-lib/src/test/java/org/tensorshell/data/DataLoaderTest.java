package org.tensorshell.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tensorshell.DType;
import org.tensorshell.Generator;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.Parallel;
import org.tensorshell.core.TensorError;
import org.tensorshell.data.datasets.FashionMNIST;
import org.tensorshell.data.datasets.MNIST;

class DataLoaderTest {
    /** n items: x[i] = [i, i + 0.5] (float32), y[i] = i (int64). */
    static TensorDataset numbered(int n) {
        Tensor y = Torch.arange(n);
        Tensor x = Torch.stack(y.toFloat(), y.toFloat().add(0.5)).t().contiguous();
        return new TensorDataset(x, y);
    }

    /** The same items without batched access, so the loader collates item by item. */
    static <T> Dataset<T> plain(Dataset<T> d) {
        return new Dataset<>() {
            @Override public T get(int index) { return d.get(index); }
            @Override public int size() { return d.size(); }
        };
    }

    static List<Long> labels(Iterable<Batch> loader) {
        List<Long> out = new ArrayList<>();
        for (Batch b : loader) for (long v : b.target().toLongArray()) out.add(v);
        return out;
    }

    /** The API.md training loop's data part compiles as written and sees every item once per epoch. */
    @Test
    void apiMdLoopShape() {
        Assumptions.assumeTrue(Files.isDirectory(FashionMNIST.DEFAULT_DIR), "Debian's dataset-fashion-mnist is not installed");
        Path dataDir = FashionMNIST.DEFAULT_DIR;
        var trainDs = new DataLoader(FashionMNIST.train(dataDir), 32, true);
        assertEquals(1875, trainDs.size());
        for (int epoch = 0; epoch < 2; epoch++) {
            long trainN = 0;
            long t0 = System.nanoTime();
            for (var batch : trainDs) {
                Tensor inputs = batch.input();
                assertEquals(32, inputs.size(0));
                assertEquals(DType.INT64, batch.target().dtype());
                trainN += batch.target().size(0);
            }
            System.out.printf("FashionMNIST epoch of 1875 batches of 32 delivered in %.0f ms%n", (System.nanoTime() - t0) / 1e6);
            assertEquals(60000, trainN);
        }
        // MNIST.train(dataDir) is the same type of dataset; here its files are missing
        assertThrows(TensorError.class, () -> MNIST.train(dataDir.resolve("no-such-dir")));
    }

    @Test
    void batchesInOrderWithPartialLastOrDropLast() {
        var ds = numbered(10);
        var loader = new DataLoader(ds, 3);
        assertEquals(4, loader.size());
        List<Batch> batches = new ArrayList<>();
        loader.forEach(batches::add);
        assertEquals(4, batches.size());
        assertArrayEquals(new long[] {3, 2}, batches.get(0).input().shape());
        assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, batches.get(0).input().toFloatArray());
        assertArrayEquals(new long[] {9}, batches.get(3).target().toLongArray());
        assertEquals(1, batches.get(3).batchSize());

        var dropped = new DataLoader(ds, DataLoader.options().batchSize(3).dropLast(true));
        assertEquals(3, dropped.size());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), labels(dropped));
        assertEquals(0, new DataLoader(numbered(2), DataLoader.options().batchSize(3).dropLast(true)).size());
        assertFalse(new DataLoader(numbered(2), DataLoader.options().batchSize(3).dropLast(true)).iterator().hasNext());
    }

    @Test
    void shuffleIsSeededAndTheSameAtEveryWorkerCount() {
        var ds = numbered(103);
        List<List<Long>> orders = new ArrayList<>();
        for (int workers : new int[] {0, 1, 2, 4}) {
            var loader = new DataLoader(ds, DataLoader.options().batchSize(8).shuffle(true)
                .generator(new Generator(42)).numWorkers(workers).prefetchFactor(3));
            orders.add(labels(loader));
        }
        for (List<Long> o : orders) assertEquals(orders.get(0), o);
        List<Long> first = orders.get(0);
        assertEquals(103, new HashSet<>(first).size());
        assertNotEquals(range(103), first);

        // the same seed on the global generator gives the same order; each epoch draws a new one
        Torch.manualSeed(7);
        var loader = new DataLoader(ds, 8, true);
        List<Long> e1 = labels(loader), e2 = labels(loader);
        Torch.manualSeed(7);
        assertEquals(e1, labels(loader));
        assertNotEquals(e1, e2);
        // the order is randperm's, drawn when iteration starts
        Torch.manualSeed(7);
        assertEquals(Arrays.stream(Torch.randperm(103).toLongArray()).boxed().toList(), e1);
    }

    static List<Long> range(int n) {
        List<Long> l = new ArrayList<>();
        for (long i = 0; i < n; i++) l.add(i);
        return l;
    }

    @Test
    void fastBatchesEqualItemByItemCollation() {
        var ds = numbered(37);
        var fast = new DataLoader(ds, DataLoader.options().batchSize(5).shuffle(true).generator(new Generator(1)));
        var slow = new DataLoader(plain(ds), DataLoader.options().batchSize(5).shuffle(true).generator(new Generator(1)));
        var a = fast.iterator();
        var b = slow.iterator();
        while (a.hasNext()) {
            Batch x = a.next(), y = b.next();
            assertArrayEquals(x.input().shape(), y.input().shape());
            assertArrayEquals(x.input().toFloatArray(), y.input().toFloatArray());
            assertArrayEquals(x.target().toLongArray(), y.target().toLongArray());
            assertEquals(x.target().dtype(), y.target().dtype());
        }
        assertFalse(b.hasNext());
    }

    @Test
    void defaultCollateOfNumbersAndMixedItems() {
        Dataset<Object[]> ds = new Dataset<>() {
            @Override public Object[] get(int i) { return new Object[] {Torch.full(new long[] {2}, (double) i), i, i * 0.5}; }
            @Override public int size() { return 4; }
        };
        Batch b = new DataLoader(ds, 4).iterator().next();
        assertArrayEquals(new long[] {4, 2}, b.input().shape());
        assertEquals(DType.INT64, b.target().dtype());
        assertArrayEquals(new long[] {0, 1, 2, 3}, b.target().toLongArray());
        assertEquals(DType.FLOAT64, b.get(2).dtype());
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5}, b.get(2).toDoubleArray());

        Dataset<Tensor> ragged = new Dataset<>() {
            @Override public Tensor get(int i) { return Torch.zeros(i + 1); }
            @Override public int size() { return 2; }
        };
        TensorError e = assertThrows(TensorError.class, () -> new DataLoader(ragged, 2).iterator().next());
        assertTrue(e.getMessage().startsWith("default_collate: position 0 of the items: "), e.getMessage());
        TensorError one = assertThrows(TensorError.class, () -> new Batch(Torch.zeros(2)).target());
        assertTrue(one.getMessage().contains("holds 1 tensor(s)"), one.getMessage());
    }

    @Test
    void customCollateFunctions() {
        var ds = numbered(6);
        BatchLoader<List<Long>> labelsOnly = DataLoader.withCollate(ds, DataLoader.options().batchSize(4),
            items -> items.stream().map(s -> s.target().itemLong()).toList());
        List<List<Long>> got = new ArrayList<>();
        labelsOnly.forEach(got::add);
        assertEquals(List.of(List.of(0L, 1L, 2L, 3L), List.of(4L, 5L)), got);

        var doubled = new DataLoader(ds, DataLoader.options().batchSize(3)
            .collateFn(items -> Collate.defaultCollate(items).tensors().get(1).mul(2L) instanceof Tensor t ? new Batch(t) : null));
        assertArrayEquals(new long[] {0, 2, 4}, doubled.iterator().next().input().toLongArray());
    }

    @Test
    void workerErrorsAreRethrownOnTheConsumerThread() {
        Dataset<Sample> failing = new Dataset<>() {
            @Override public Sample get(int i) {
                if (i == 13) throw new TensorError("bad item " + i);
                return new Sample(Torch.zeros(2), Torch.tensor(i));
            }
            @Override public int size() { return 40; }
        };
        for (int workers : new int[] {0, 1, 3}) {
            var it = new DataLoader(failing, DataLoader.options().batchSize(4).numWorkers(workers)).iterator();
            int seen = 0;
            TensorError e = null;
            try {
                while (it.hasNext()) {
                    it.next();
                    seen++;
                }
            } catch (TensorError ex) {
                e = ex;
            }
            assertNotNull(e, "workers=" + workers);
            assertEquals("bad item 13", e.getMessage());
            assertEquals(3, seen, "batches 0-2 arrive before the failing batch 3");
            if (workers > 0) assertFalse(it.hasNext(), "a failed pass is closed");
        }
    }

    static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("DataLoader-") && t.isAlive()).count();
    }

    static void awaitNoWorkers() throws InterruptedException {
        for (int i = 0; i < 100 && workerThreads() > 0; i++) Thread.sleep(50);
        assertEquals(0, workerThreads(), "DataLoader worker threads still alive");
    }

    @Test
    void earlyBreakAndCloseStopTheWorkers() throws InterruptedException {
        awaitNoWorkers();
        var ds = numbered(1000);
        var loader = new DataLoader(ds, DataLoader.options().batchSize(10).numWorkers(3));
        int n = 0;
        for (var batch : loader) {
            assertEquals(10, batch.batchSize());
            if (++n == 2) break;
        }
        awaitNoWorkers(); // idle workers exit by themselves

        try (var it = loader.iterator()) {
            it.next();
        }
        awaitNoWorkers();

        // a finished pass leaves no thread behind either
        assertEquals(1000, labels(loader).size());
        awaitNoWorkers();
    }

    @Test
    void interruptingTheConsumerStopsThePass() throws Exception {
        Dataset<Sample> slow = new Dataset<>() {
            @Override public Sample get(int i) {
                try {
                    Thread.sleep(i == 0 ? 0 : 10_000);
                } catch (InterruptedException e) {
                    throw new Parallel.CancellationError("worker interrupted");
                }
                return new Sample(Torch.zeros(1), Torch.tensor(i));
            }
            @Override public int size() { return 4; }
        };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            var it = new DataLoader(slow, DataLoader.options().batchSize(1)).iterator();
            it.next();
            try {
                it.next();
            } catch (Throwable t) {
                thrown.set(t);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        consumer.start();
        Thread.sleep(300);
        consumer.interrupt();
        consumer.join(10_000);
        assertFalse(consumer.isAlive());
        assertInstanceOf(Parallel.CancellationError.class, thrown.get());
        assertTrue(thrown.get().getMessage().contains("interrupted while waiting for batch 1"), thrown.get().getMessage());
        assertTrue(flag.get(), "the interrupt flag is kept for the caller");
        awaitNoWorkers();
    }

    /** While the consumer works on batch k, the worker prepares the next ones. */
    @Test
    void nextBatchesArePrefetchedDuringTheStep() throws InterruptedException {
        AtomicInteger fetched = new AtomicInteger();
        TensorDataset base = numbered(64);
        Dataset<Sample> counting = new Dataset<>() {
            @Override public Sample get(int i) { fetched.incrementAndGet(); return base.get(i); }
            @Override public int size() { return 64; }
        };
        var it = new DataLoader(counting, DataLoader.options().batchSize(4).numWorkers(1).prefetchFactor(2)).iterator();
        it.next();
        for (int i = 0; i < 200 && fetched.get() < 12; i++) Thread.sleep(10); // "the training step"
        assertEquals(12, fetched.get(), "batch 0 handed out, batches 1 and 2 ready, no more");
        long t0 = System.nanoTime();
        it.next();
        assertTrue(System.nanoTime() - t0 < 50_000_000L, "a prefetched batch is handed out without waiting");
        it.close();
        assertFalse(it.hasNext());

        fetched.set(0);
        var sync = new DataLoader(counting, DataLoader.options().batchSize(4).numWorkers(0)).iterator();
        sync.next();
        Thread.sleep(50);
        assertEquals(4, fetched.get(), "numWorkers(0) loads only on demand");
    }

    @Test
    void optionsAreValidated() {
        TensorError e = assertThrows(TensorError.class, () -> new DataLoader(numbered(3), 0));
        assertEquals("DataLoader: batch_size should be a positive integer value, but got batch_size=0", e.getMessage());
        assertThrows(TensorError.class, () -> DataLoader.options().numWorkers(-1));
        assertThrows(TensorError.class, () -> DataLoader.options().prefetchFactor(0));
        assertThrows(java.util.NoSuchElementException.class, () -> {
            var it = new DataLoader(numbered(1), 1).iterator();
            it.next();
            it.next();
        });
    }

    @Test
    void randomSplitAndSubset() {
        var ds = numbered(10);
        List<Subset<Sample>> parts = Dataset.randomSplit(ds, new double[] {0.33, 0.33, 0.34}, new Generator(3));
        assertEquals(List.of(4, 3, 3), parts.stream().map(Subset::size).toList());
        Set<Long> all = new HashSet<>();
        for (Subset<Sample> p : parts) for (int i = 0; i < p.size(); i++) all.add(p.get(i).target().itemLong());
        assertEquals(10, all.size());
        assertEquals(parts.get(0).indices()[0], Dataset.randomSplit(ds, new long[] {4, 3, 3}, new Generator(3)).get(0).indices()[0]);
        assertEquals(List.of(6, 5), Dataset.randomSplit(numbered(11), 0.5, 0.5).stream().map(Subset::size).toList());

        TensorError e = assertThrows(TensorError.class, () -> Dataset.randomSplit(ds, 3L, 3L));
        assertTrue(e.getMessage().contains("Sum of input lengths (6) does not equal the length of the input dataset (10)"), e.getMessage());
        assertThrows(TensorError.class, () -> Dataset.randomSplit(ds, 0.3, 0.3));
        assertThrows(TensorError.class, () -> Dataset.randomSplit(ds, 1.5, -0.5));

        // a subset of a tensor dataset batches through indexSelect, with the parent's rows
        var sub = new Subset<>(ds, 9, 2, 4);
        assertTrue(sub.batchable());
        assertArrayEquals(new long[] {9, 2, 4}, sub.batch(new int[] {0, 1, 2}).target().toLongArray());
        assertEquals(List.of(9L, 2L, 4L), labels(new DataLoader(sub, 2)));
        assertFalse(new Subset<>(plain(ds), 1).batchable());
        assertEquals(List.of(1L), labels(new DataLoader(new Subset<>(plain(ds), 1), 2)));
        assertThrows(TensorError.class, () -> new Subset<>(ds, 10));
    }

    @Test
    void tensorDatasetChecksSizesAndIndexes() {
        TensorError e = assertThrows(TensorError.class, () -> new TensorDataset(Torch.zeros(3, 2), Torch.zeros(4)));
        assertTrue(e.getMessage().contains("Size mismatch between tensors"), e.getMessage());
        var ds = numbered(5);
        assertEquals(4, ds.get(-1).target().itemLong());
        assertThrows(TensorError.class, () -> ds.get(5));
        Sample s = ds.get(2);
        assertArrayEquals(new float[] {2, 2.5f}, s.input().toFloatArray());
        assertEquals("Sample([2] torch.float32, [] torch.int64)", s.toString());
    }
}
