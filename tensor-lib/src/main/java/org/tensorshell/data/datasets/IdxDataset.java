package org.tensorshell.data.datasets;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.Parallel;
import org.tensorshell.core.Storage;
import org.tensorshell.core.TensorError;
import org.tensorshell.data.Batch;
import org.tensorshell.data.Batchable;
import org.tensorshell.data.Dataset;
import org.tensorshell.data.Sample;

/**
 * An MNIST-style image classification set read from IDX files: item {@code i} is
 * {@code (image float32 [1, 28, 28] in [0, 1], label int64 [])}, i.e. torchvision's dataset with the
 * {@code ToTensor()} transform. Like torchvision, the images stay as bytes (47 MB for the 60000 training
 * images, not 188 MB of floats) and are scaled as batches are gathered, which costs microseconds per batch.
 * The loader fetches whole batches through {@link Batchable}. Safe for concurrent readers.
 */
public abstract class IdxDataset implements Dataset<Sample>, Batchable {
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    static final int SIDE = 28;
    private static final int PIXELS = SIDE * SIDE;

    private final byte[] pixels;
    private final Tensor targets;
    private final int size;
    private final boolean train;
    private final Path root;
    private volatile Tensor data;

    IdxDataset(Loaded loaded, boolean train, Path root) {
        this.pixels = loaded.pixels();
        this.targets = loaded.targets();
        this.size = (int) targets.size(0);
        this.train = train;
        this.root = root;
    }

    @Override
    public int size() { return size; }

    /** Image {@code index} (float32 [1, 28, 28]) and its label (int64 []); negative counts from the end. */
    @Override
    public Sample get(int index) {
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new TensorError(getClass().getSimpleName() + ": index " + index + " is out of range for a dataset of size " + size);
        }
        Tensor image = Torch.empty(new long[] {1, SIDE, SIDE}, DType.FLOAT32);
        Idx.toFloats(pixels, i * PIXELS, PIXELS, image.untypedStorage(), 0);
        return new Sample(image, targets.select(0, i));
    }

    /** Images float32 [B, 1, 28, 28] and labels int64 [B] of the items at {@code indices}. */
    @Override
    public Batch batch(int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= size) {
                throw new TensorError(getClass().getSimpleName() + ": index " + i + " is out of range for a dataset of size " + size);
            }
        }
        Tensor images = Torch.empty(new long[] {indices.length, 1, SIDE, SIDE}, DType.FLOAT32);
        Storage s = images.untypedStorage();
        for (int k = 0; k < indices.length; k++) Idx.toFloats(pixels, indices[k] * PIXELS, PIXELS, s, k * PIXELS);
        return new Batch(images, targets.indexSelect(0, Torch.tensor(indices)));
    }

    /** All images, float32 [N, 1, 28, 28] in [0, 1], built on first use (torchvision's {@code .data} is the uint8 form). */
    public Tensor data() {
        Tensor d = data;
        if (d == null) {
            synchronized (this) {
                d = data;
                if (d == null) {
                    d = Torch.empty(new long[] {size, 1, SIDE, SIDE}, DType.FLOAT32);
                    Storage s = d.untypedStorage();
                    Parallel.range(pixels.length, 1 << 16, (from, to) -> Idx.toFloats(pixels, from, to - from, s, from));
                    data = d;
                }
            }
        }
        return d;
    }

    /** All labels, int64 [N]. */
    public Tensor targets() { return targets; }

    /** {@code "train"} or {@code "test"} (torchvision's {@code train} flag). */
    public String split() { return train ? "train" : "test"; }

    /** The directory the files were read from. */
    public Path root() { return root; }

    /** The class names, indexed by label. */
    public abstract List<String> classes();

    record Loaded(byte[] pixels, Tensor targets) {}

    /** What the loader needs to know about one dataset: its name, where torchvision keeps it, its mirrors. */
    record Spec(String name, int[] expectedSizes, List<URI> mirrors, List<Download.Resource> resources) {}

    /**
     * Reads a split from {@code dir}, looking for each file (gzipped or not) in {@code dir}, {@code dir/raw}
     * and torchvision's {@code dir/<Name>/raw}. Images and labels are read in parallel.
     */
    static Loaded read(Spec spec, Path dir, boolean train) {
        Path images = locate(spec, dir, train ? TRAIN_IMAGES : TEST_IMAGES);
        Path labels = locate(spec, dir, train ? TRAIN_LABELS : TEST_LABELS);
        CompletableFuture<Tensor> y = CompletableFuture.supplyAsync(() -> Idx.labels(spec.name(), labels, 10));
        byte[] x = Idx.images(spec.name(), images, SIDE, SIDE);
        long count = x.length / PIXELS;
        Tensor t;
        try {
            t = y.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (count != t.size(0)) {
            throw new TensorError(spec.name() + ": " + images + " holds " + count + " images but " + labels + " holds "
                + t.size(0) + " labels; the files belong to different splits or one is damaged");
        }
        int expected = spec.expectedSizes()[train ? 0 : 1];
        if (count != expected) {
            throw new TensorError(spec.name() + ": " + images + " holds " + count + " images, expected " + expected
                + " for the " + (train ? "training" : "test") + " split");
        }
        return new Loaded(x, t);
    }

    private static Path locate(Spec spec, Path dir, String base) {
        if (dir == null) throw new TensorError(spec.name() + ": the data directory is null");
        List<Path> tried = new ArrayList<>();
        for (Path d : List.of(dir, dir.resolve("raw"), dir.resolve(spec.name()).resolve("raw"))) {
            for (String name : List.of(base + ".gz", base)) {
                Path p = d.resolve(name);
                if (Files.isRegularFile(p)) return p;
                tried.add(p);
            }
        }
        throw new TensorError(spec.name() + ": " + base + ".gz not found in " + dir.toAbsolutePath()
            + " (also looked for " + tried.subList(1, tried.size()) + "); " + spec.name()
            + ".download(dir) fetches the files from " + spec.mirrors().get(0));
    }

    @Override
    public String toString() {
        return "Dataset " + getClass().getSimpleName() + "\n    Number of datapoints: " + size()
            + "\n    Root location: " + root + "\n    Split: " + (train ? "Train" : "Test");
    }
}
