package org.tensorshell.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.core.TensorError;
import org.tensorshell.data.datasets.FashionMNIST;
import org.tensorshell.data.datasets.MNIST;

class MnistTest {
    static final Path FASHION = FashionMNIST.DEFAULT_DIR;

    static void assumeFashion() {
        Assumptions.assumeTrue(Files.isDirectory(FASHION), "Debian's dataset-fashion-mnist is not installed");
    }

    @Test
    void fashionMnistLoadsBothSplitsFast() {
        assumeFashion();
        FashionMNIST.train(); // warm up the JIT and the file cache
        long t0 = System.nanoTime();
        FashionMNIST train = FashionMNIST.train();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("FashionMNIST.train() loaded in " + ms + " ms");
        FashionMNIST test = FashionMNIST.test();
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        assertArrayEquals(new long[] {10000, 1, 28, 28}, test.data().shape());
        assertEquals(DType.FLOAT32, test.data().dtype());
        assertEquals(DType.INT64, train.targets().dtype());
        assertArrayEquals(new long[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, train.targets().get("0:10").toLongArray());
        assertArrayEquals(new long[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, test.targets().get("0:10").toLongArray());
        float[] all = test.data().toFloatArray(); // data() builds the float form of the whole split
        float lo = 1, hi = 0;
        for (float v : all) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        assertEquals(0f, lo);
        assertEquals(1f, hi);
        assertEquals("Ankle boot", train.classes().get(9));
        Batch b = train.batch(new int[] {5, 0, 59999});
        assertArrayEquals(new long[] {3, 1, 28, 28}, b.input().shape());
        assertArrayEquals(new long[] {2, 9, train.get(59999).target().itemLong()}, b.target().toLongArray());
        assertArrayEquals(train.get(5).input().toFloatArray(), b.input().get(0).toFloatArray());
        assertArrayEquals(train.get(59999).input().toFloatArray(), b.input().get(2).toFloatArray());
        assertArrayEquals(test.data().get(9999).toFloatArray(), test.get(9999).input().toFloatArray());
        Sample s = train.get(0);
        assertArrayEquals(new long[] {1, 28, 28}, s.input().shape());
        assertEquals(9, s.target().itemLong());
        // a loose bound: this catches a pathological regression, not a busy machine
        assertTrue(ms < 5000, "loading took " + ms + " ms");
    }

    /** Pixel sums and labels agree with a plain-Python (gzip + struct, no torchvision) parse of the same files. */
    @Test
    void fashionMnistMatchesPythonParse() throws Exception {
        assumeFashion();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
        String script = String.join("\n",
            "import gzip, struct, sys",
            "d = '" + FASHION + "'",
            "for split in ('train', 't10k'):",
            "    img = gzip.open(d + '/' + split + '-images-idx3-ubyte.gz').read()",
            "    lab = gzip.open(d + '/' + split + '-labels-idx1-ubyte.gz').read()",
            "    magic, n, r, c = struct.unpack('>IIII', img[:16])",
            "    px = img[16:]",
            "    sums = [sum(px[i*784:(i+1)*784]) for i in (0, 1, n - 1)]",
            "    print(n, r, c, ' '.join(map(str, lab[8:28])), ' '.join(map(str, sums)), sum(lab[8:]))");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String[] lines = out.strip().split("\n");
        for (int k = 0; k < 2; k++) {
            FashionMNIST ds = k == 0 ? FashionMNIST.train() : FashionMNIST.test();
            int n = ds.size();
            Tensor x = ds.data();
            Tensor y = ds.targets();
            StringBuilder labels = new StringBuilder();
            for (long v : y.get("0:20").toLongArray()) labels.append(labels.isEmpty() ? "" : " ").append(v);
            long[] sums = new long[3];
            int[] at = {0, 1, n - 1};
            for (int j = 0; j < 3; j++) sums[j] = pixelSum(x.get(at[j]));
            String mine = n + " 28 28 " + labels + " " + sums[0] + " " + sums[1] + " " + sums[2] + " "
                + java.util.Arrays.stream(y.toLongArray()).sum();
            assertEquals(lines[k].strip(), mine);
        }
    }

    static long pixelSum(Tensor image) {
        long sum = 0;
        for (float v : image.toFloatArray()) sum += Math.round(v * 255);
        return sum;
    }

    @Test
    void missingDirectoryNamesTheFileAndTheDownload(@TempDir Path dir) {
        TensorError e = assertThrows(TensorError.class, () -> MNIST.train(dir));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz not found in " + dir), e.getMessage());
        assertTrue(e.getMessage().contains("MNIST.download(dir)"), e.getMessage());
    }

    // ---------------------------------------------------------------- synthetic IDX files

    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeInt(b, magic);
        for (int d : dims) writeInt(b, d);
        b.writeBytes(data);
        return b.toByteArray();
    }

    static void writeInt(ByteArrayOutputStream b, int v) {
        b.write(v >>> 24); b.write(v >>> 16); b.write(v >>> 8); b.write(v);
    }

    static void gz(Path file, byte[] content) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) { o.write(content); }
    }

    /** A tiny "MNIST" test split of n images whose pixel (i, r, c) is (i + r + c) % 256 and label i % 10. */
    static void writeSplit(Path dir, int n) throws IOException {
        byte[] px = new byte[n * 784];
        for (int i = 0; i < n; i++) for (int r = 0; r < 28; r++) for (int c = 0; c < 28; c++) px[i * 784 + r * 28 + c] = (byte) (i + r + c);
        byte[] lab = new byte[n];
        for (int i = 0; i < n; i++) lab[i] = (byte) (i % 10);
        gz(dir.resolve("t10k-images-idx3-ubyte.gz"), idx(0x803, new int[] {n, 28, 28}, px));
        gz(dir.resolve("t10k-labels-idx1-ubyte.gz"), idx(0x801, new int[] {n}, lab));
    }

    @Test
    void syntheticSplitRequiresTheRightCount(@TempDir Path dir) throws IOException {
        writeSplit(dir, 3);
        TensorError e = assertThrows(TensorError.class, () -> MNIST.test(dir));
        assertTrue(e.getMessage().contains("holds 3 images, expected 10000"), e.getMessage());
    }

    @Test
    void truncatedAndCorruptFilesFailCleanly(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = dir.resolve("t10k-labels-idx1-ubyte.gz");
        gz(labels, idx(0x801, new int[] {10000}, new byte[10000]));

        gz(images, idx(0x803, new int[] {10000, 28, 28}, new byte[5000]));
        assertMessage(() -> MNIST.test(dir), images + ": truncated: the header promises 7840000 bytes of data, the file holds 5000");

        gz(images, idx(0x801, new int[] {10000, 28, 28}, new byte[0]));
        assertMessage(() -> MNIST.test(dir), "bad magic number 0x00000801");

        gz(images, idx(0x803, new int[] {10000, 32, 32}, new byte[0]));
        assertMessage(() -> MNIST.test(dir), "images are 32x32, expected 28x28");

        gz(images, new byte[] {0, 0, 8});
        assertMessage(() -> MNIST.test(dir), "truncated header");

        // a gzip stream cut in half
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(b)) { o.write(idx(0x803, new int[] {10000, 28, 28}, new byte[7840000])); }
        byte[] whole = b.toByteArray();
        Files.write(images, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertMessage(() -> MNIST.test(dir), "truncated");
        // the same with an intact trailer, so that the inflater finds the damage
        byte[] spliced = whole.clone();
        java.util.Arrays.fill(spliced, whole.length / 2, whole.length / 2 + 64, (byte) 0x55);
        Files.write(images, spliced);
        assertMessage(() -> MNIST.test(dir), "corrupt or truncated gzip data");

        Files.write(images, "not gzip at all".getBytes(StandardCharsets.UTF_8));
        assertMessage(() -> MNIST.test(dir), images + ": corrupt or truncated gzip data");

        gz(images, idx(0x803, new int[] {10000, 28, 28}, new byte[7840000]));
        byte[] bad = new byte[10000];
        bad[17] = 12;
        gz(labels, idx(0x801, new int[] {10000}, bad));
        assertMessage(() -> MNIST.test(dir), "label 12 at index 17 is outside [0, 10)");

        gz(labels, idx(0x801, new int[] {9999}, new byte[9999]));
        assertMessage(() -> MNIST.test(dir), "holds 10000 images but");

        gz(labels, idx(0x801, new int[] {10000}, new byte[10000]));
        MNIST ok = MNIST.test(dir);
        assertEquals(10000, ok.size());
    }

    @Test
    void uncompressedFilesInTorchvisionLayoutAreFound(@TempDir Path dir) throws IOException {
        Path raw = Files.createDirectories(dir.resolve("MNIST").resolve("raw"));
        int n = 10000;
        byte[] px = new byte[n * 784];
        px[784 + 5] = (byte) 255;
        px[2 * 784] = (byte) 51;
        byte[] lab = new byte[n];
        lab[1] = 7;
        Files.write(raw.resolve("t10k-images-idx3-ubyte"), idx(0x803, new int[] {n, 28, 28}, px));
        Files.write(raw.resolve("t10k-labels-idx1-ubyte"), idx(0x801, new int[] {n}, lab));
        MNIST ds = MNIST.test(dir);
        assertEquals(1.0f, ds.data().get(1, 0, 0, 5).item());
        assertEquals(0.2f, (float) ds.data().get(2, 0, 0, 0).item());
        assertEquals(7, ds.targets().get(1).itemLong());
        assertEquals("test", ds.split());
    }

    /** The data lines of API.md's training loop, verbatim, on a full-size (blank) MNIST training split. */
    @Test
    void apiMdTrainingLoopDataLines(@TempDir Path dataDir) throws IOException {
        int n = 60000;
        byte[] lab = new byte[n];
        for (int i = 0; i < n; i++) lab[i] = (byte) (i % 10);
        byte[] px = new byte[n * 784];
        px[784 * 59999 + 783] = (byte) 255;
        gz(dataDir.resolve("train-images-idx3-ubyte.gz"), idx(0x803, new int[] {n, 28, 28}, px));
        gz(dataDir.resolve("train-labels-idx1-ubyte.gz"), idx(0x801, new int[] {n}, lab));

        var trainDs = new DataLoader(MNIST.train(dataDir), 32, true);
        for (int epoch = 0; epoch < 1; epoch++) {
            long trainN = 0;
            long labelSum = 0;
            for (var batch : trainDs) {
                Tensor input = batch.input();
                assertEquals(4, input.dim());
                trainN += batch.target().size(0);
                for (long v : batch.target().toLongArray()) labelSum += v;
            }
            assertEquals(60000, trainN);
            assertEquals(6000L * 45, labelSum);
        }
        MNIST ds = MNIST.train(dataDir.toString());
        assertEquals(1.0f, ds.data().get(59999, 0, 27, 27).item());
        assertEquals(9, ds.get(59999).target().itemLong());
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        TensorError e = assertThrows(TensorError.class, call);
        assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("MNIST: "), e.getMessage());
    }

    // ---------------------------------------------------------------- download

    @Test
    void downloadVerifiesChecksumsAndWritesAtomically(@TempDir Path tmp) throws IOException {
        Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        Path target = tmp.resolve("data");
        // a mirror serving wrong content: nothing may appear in the target directory
        for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            Files.writeString(mirror.resolve(f), "corrupted " + f);
        }
        TensorError e = assertThrows(TensorError.class, () -> MNIST.download(target, List.of(mirror.toUri())));
        assertTrue(e.getMessage().contains("checksum mismatch: MD5 "), e.getMessage());
        assertTrue(e.getMessage().contains("expected f68b3c2dcbeaaa9fbdd348bbdeb94873"), e.getMessage());
        try (var files = Files.list(target)) { assertEquals(List.of(), files.toList()); }

        // a missing mirror is reported next to the bad one
        Path absent = tmp.resolve("nowhere");
        TensorError e2 = assertThrows(TensorError.class, () -> MNIST.download(target, List.of(absent.toUri(), mirror.toUri())));
        assertTrue(e2.getMessage().contains("nowhere/train-images-idx3-ubyte.gz"), e2.getMessage());
        try (var files = Files.list(target)) { assertEquals(List.of(), files.toList()); }
    }
}
