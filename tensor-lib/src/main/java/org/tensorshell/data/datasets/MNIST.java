package org.tensorshell.data.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The MNIST handwritten digits ({@code torchvision.datasets.MNIST} with {@code ToTensor()}): 60000 training
 * and 10000 test images, float32 [1, 28, 28] in [0, 1], with int64 labels 0-9.
 * <pre>{@code
 * MNIST.download(dir);          // once, on a machine with a network
 * var train = MNIST.train(dir); // reads dir/train-images-idx3-ubyte.gz and dir/train-labels-idx1-ubyte.gz
 * }</pre>
 * Nothing is downloaded implicitly. Files are found in {@code dir}, {@code dir/raw} or torchvision's
 * {@code dir/MNIST/raw}, gzipped or not.
 */
public final class MNIST extends IdxDataset {
    /** The mirrors torchvision uses, in order. */
    public static final List<URI> MIRRORS = List.of(
        URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        URI.create("http://yann.lecun.com/exdb/mnist/"));

    /** The class names torchvision gives. */
    public static final List<String> CLASSES = List.of("0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
        "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine");

    static final Spec SPEC = new Spec("MNIST", new int[] {60000, 10000}, MIRRORS, List.of(
        new Download.Resource(TRAIN_IMAGES + ".gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        new Download.Resource(TRAIN_LABELS + ".gz", "d53e105ee54ea40749a09fcbcd1e9432"),
        new Download.Resource(TEST_IMAGES + ".gz", "9fb629c4189551a2d022fa330f9573f3"),
        new Download.Resource(TEST_LABELS + ".gz", "ec29112dd5afa0611ce80d1b7f02629c")));

    private MNIST(Loaded loaded, boolean train, Path root) { super(loaded, train, root); }

    /** The 60000 training images of {@code dir}. */
    public static MNIST train(Path dir) { return load(dir, true); }

    /** The 10000 test images of {@code dir}. */
    public static MNIST test(Path dir) { return load(dir, false); }

    /** {@link #train(Path)} with the directory as a string. */
    public static MNIST train(String dir) { return train(Path.of(dir)); }

    /** {@link #test(Path)} with the directory as a string. */
    public static MNIST test(String dir) { return test(Path.of(dir)); }

    /** {@code MNIST(root=dir, train=train)}. */
    public static MNIST load(Path dir, boolean train) { return new MNIST(read(SPEC, dir, train), train, dir); }

    /**
     * Downloads the four files into {@code dir} from the first mirror of {@link #MIRRORS} that serves them,
     * verifying torchvision's MD5 checksums; each file is written atomically and files already present and
     * intact are kept. Returns the paths.
     */
    public static List<Path> download(Path dir) { return download(dir, MIRRORS); }

    /** {@link #download(Path)} from the given mirrors (base URIs ending in '/', e.g. a local {@code file:} copy). */
    public static List<Path> download(Path dir, List<URI> mirrors) {
        return Download.fetch(SPEC.name(), dir, mirrors, SPEC.resources());
    }

    @Override
    public List<String> classes() { return CLASSES; }
}
