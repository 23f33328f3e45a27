package org.tensorshell.data.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Zalando's Fashion-MNIST ({@code torchvision.datasets.FashionMNIST} with {@code ToTensor()}): 60000
 * training and 10000 test images of clothing, float32 [1, 28, 28] in [0, 1], with int64 labels 0-9.
 * {@link #train()} and {@link #test()} read {@link #DEFAULT_DIR}, where Debian's {@code dataset-fashion-mnist}
 * package installs the files; nothing is downloaded implicitly.
 */
public final class FashionMNIST extends IdxDataset {
    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The mirror torchvision uses. */
    public static final List<URI> MIRRORS = List.of(
        URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"));

    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final Spec SPEC = new Spec("FashionMNIST", new int[] {60000, 10000}, MIRRORS, List.of(
        new Download.Resource(TRAIN_IMAGES + ".gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        new Download.Resource(TRAIN_LABELS + ".gz", "25c81989df183df01b3e8a0aad5dffbe"),
        new Download.Resource(TEST_IMAGES + ".gz", "bef4ecab320f06d8554ea6380940ec79"),
        new Download.Resource(TEST_LABELS + ".gz", "bb300cfdad3c16e7a12a480ee83cd310")));

    private FashionMNIST(Loaded loaded, boolean train, Path root) { super(loaded, train, root); }

    /** The 60000 training images from {@link #DEFAULT_DIR}. */
    public static FashionMNIST train() { return train(DEFAULT_DIR); }

    /** The 10000 test images from {@link #DEFAULT_DIR}. */
    public static FashionMNIST test() { return test(DEFAULT_DIR); }

    public static FashionMNIST train(Path dir) { return load(dir, true); }

    public static FashionMNIST test(Path dir) { return load(dir, false); }

    public static FashionMNIST train(String dir) { return train(Path.of(dir)); }

    public static FashionMNIST test(String dir) { return test(Path.of(dir)); }

    /** {@code FashionMNIST(root=dir, train=train)}. */
    public static FashionMNIST load(Path dir, boolean train) {
        if (dir.equals(DEFAULT_DIR) && !java.nio.file.Files.isDirectory(dir)) {
            throw new org.tensorshell.core.TensorError("FashionMNIST: " + dir + " does not exist; install Debian's "
                + "dataset-fashion-mnist package (apt-get install dataset-fashion-mnist), pass the directory holding "
                + "the IDX files, or call FashionMNIST.download(dir)");
        }
        return new FashionMNIST(read(SPEC, dir, train), train, dir);
    }

    /** Downloads the four files into {@code dir}, verifying torchvision's MD5 checksums; see {@link MNIST#download}. */
    public static List<Path> download(Path dir) { return download(dir, MIRRORS); }

    public static List<Path> download(Path dir, List<URI> mirrors) {
        return Download.fetch(SPEC.name(), dir, mirrors, SPEC.resources());
    }

    @Override
    public List<String> classes() { return CLASSES; }
}
