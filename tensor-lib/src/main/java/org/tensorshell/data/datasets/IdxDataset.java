package org.tensorshell.data.datasets;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;
import org.tensorshell.data.TensorDataset;

/**
 * An MNIST-style image classification set read from IDX files: item {@code i} is
 * {@code (image float32 [1, 28, 28] in [0, 1], label int64 [])}, i.e. torchvision's dataset with the
 * {@code ToTensor()} transform already applied to the whole set (batches then come from one
 * {@code indexSelect}).
 */
public abstract class IdxDataset extends TensorDataset {
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    static final int SIDE = 28;

    private final boolean train;
    private final Path root;

    IdxDataset(Tensor data, Tensor targets, boolean train, Path root) {
        super(data, targets);
        this.train = train;
        this.root = root;
    }

    /** All images, float32 [N, 1, 28, 28] in [0, 1]. */
    public Tensor data() { return tensors().get(0); }

    /** All labels, int64 [N]. */
    public Tensor targets() { return tensors().get(1); }

    /** {@code "train"} or {@code "test"} (torchvision's {@code train} flag). */
    public String split() { return train ? "train" : "test"; }

    /** The directory the files were read from. */
    public Path root() { return root; }

    /** The class names, indexed by label. */
    public abstract List<String> classes();

    /** What the loader needs to know about one dataset: its name, where torchvision keeps it, its mirrors. */
    record Spec(String name, int[] expectedSizes, List<URI> mirrors, List<Download.Resource> resources) {}

    /**
     * Reads a split from {@code dir}, looking for each file (gzipped or not) in {@code dir}, {@code dir/raw}
     * and torchvision's {@code dir/<Name>/raw}. Images and labels are read in parallel.
     */
    static Tensor[] read(Spec spec, Path dir, boolean train) {
        Path images = locate(spec, dir, train ? TRAIN_IMAGES : TEST_IMAGES);
        Path labels = locate(spec, dir, train ? TRAIN_LABELS : TEST_LABELS);
        CompletableFuture<Tensor> y = CompletableFuture.supplyAsync(() -> Idx.labels(spec.name(), labels, 10));
        Tensor x = Idx.images(spec.name(), images, SIDE, SIDE);
        Tensor t;
        try {
            t = y.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (x.size(0) != t.size(0)) {
            throw new TensorError(spec.name() + ": " + images + " holds " + x.size(0) + " images but " + labels + " holds "
                + t.size(0) + " labels; the files belong to different splits or one is damaged");
        }
        int expected = spec.expectedSizes()[train ? 0 : 1];
        if (x.size(0) != expected) {
            throw new TensorError(spec.name() + ": " + images + " holds " + x.size(0) + " images, expected " + expected
                + " for the " + (train ? "training" : "test") + " split");
        }
        return new Tensor[] {x, t};
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
