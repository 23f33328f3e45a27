package org.tensorshell.data.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.Storage;
import org.tensorshell.core.TensorError;

/**
 * Reader of LeCun's IDX files (optionally gzipped): a big-endian header {@code 0, 0, type, ndim}, then
 * {@code ndim} 32-bit sizes, then the elements. Only unsigned bytes (type 0x08) occur in (Fashion-)MNIST.
 */
final class Idx {
    private Idx() {}

    private static final int UBYTE = 0x08;
    private static final float[] SCALE = new float[256];

    static {
        for (int i = 0; i < 256; i++) SCALE[i] = i / 255f; // ToTensor: uint8 / 255 in float32
    }

    /** The pixels of {@code [N, rows, cols]} unsigned-byte images, row-major; {@code rows} and {@code cols} are required. */
    static byte[] images(String dataset, Path file, int rows, int cols) {
        try (InputStream in = open(file)) {
            int[] dims = header(dataset, file, in, 3);
            if (dims[1] != rows || dims[2] != cols) {
                throw error(dataset, file, "images are " + dims[1] + "x" + dims[2] + ", expected " + rows + "x" + cols);
            }
            long total = (long) dims[0] * rows * cols;
            if (total > Integer.MAX_VALUE - 16) throw error(dataset, file, dims[0] + " images are too many for one dataset");
            requireSize(dataset, file, 16, total);
            return payload(dataset, file, in, (int) total);
        } catch (IOException e) {
            throw ioError(dataset, file, e);
        }
    }

    /** Pixels {@code [from, from + n)} as floats in [0, 1] (ToTensor: uint8 / 255 in float32), into {@code s} at {@code at}. */
    static void toFloats(byte[] pixels, int from, int n, Storage s, int at) {
        float[] tile = new float[Math.min(n, 1 << 14)];
        for (int done = 0; done < n; done += tile.length) {
            int m = Math.min(tile.length, n - done);
            for (int k = 0; k < m; k++) tile[k] = SCALE[pixels[from + done + k] & 0xff];
            s.writeFloat(at + done, 1, tile, 0, m);
        }
    }

    /** Labels as int64 [N], each checked to lie in {@code [0, classes)}. */
    static Tensor labels(String dataset, Path file, int classes) {
        try (InputStream in = open(file)) {
            int[] dims = header(dataset, file, in, 1);
            requireSize(dataset, file, 8, dims[0]);
            byte[] raw = payload(dataset, file, in, dims[0]);
            long[] labels = new long[raw.length];
            for (int i = 0; i < raw.length; i++) {
                int v = raw[i] & 0xff;
                if (v >= classes) {
                    throw error(dataset, file, "label " + v + " at index " + i + " is outside [0, " + classes + ")");
                }
                labels[i] = v;
            }
            return Torch.tensor(labels);
        } catch (IOException e) {
            throw ioError(dataset, file, e);
        }
    }

    /**
     * Checks the decompressed size before anything is allocated: a plain file's length, or for gzip the
     * trailer's ISIZE (the uncompressed length mod 2^32), so a damaged header cannot ask for gigabytes.
     */
    private static void requireSize(String dataset, Path file, int headerBytes, long dataBytes) throws IOException {
        long expected = headerBytes + dataBytes;
        if (!file.getFileName().toString().endsWith(".gz")) {
            long size = Files.size(file);
            if (size < expected) {
                throw error(dataset, file, "truncated: the header promises " + dataBytes + " bytes of data, the file holds "
                    + (size - headerBytes));
            }
            return;
        }
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            long len = ch.size();
            if (len < 18) return; // the stream itself reports the damage
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(b, len - 4);
            long isize = b.getInt(0) & 0xffffffffL;
            if (isize == (expected & 0xffffffffL)) return;
            if (isize >= headerBytes && isize < expected) {
                throw error(dataset, file, "truncated: the header promises " + dataBytes + " bytes of data, the file holds "
                    + (isize - headerBytes));
            }
            throw error(dataset, file, "corrupt or truncated gzip data: the gzip trailer records " + isize
                + " decompressed bytes, the IDX header describes " + expected);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return file.getFileName().toString().endsWith(".gz")
                ? new GZIPInputStream(raw, 1 << 16)
                : new BufferedInputStream(raw, 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static int[] header(String dataset, Path file, InputStream in, int ndim) throws IOException {
        byte[] h = in.readNBytes(4 + 4 * ndim);
        if (h.length < 4 + 4 * ndim) {
            throw error(dataset, file, "truncated header: " + h.length + " bytes, expected " + (4 + 4 * ndim));
        }
        int magic = be(h, 0);
        int expected = UBYTE << 8 | ndim;
        if (magic != expected) {
            String what = (magic & ~0xff) == UBYTE << 8 ? " (an IDX file with " + (magic & 0xff) + " dims: images have 3, labels 1)" : "";
            throw error(dataset, file, String.format("bad magic number 0x%08X%s, expected 0x%08X (unsigned bytes, %d dim%s)",
                magic, what, expected, ndim, ndim == 1 ? "" : "s"));
        }
        int[] dims = new int[ndim];
        for (int d = 0; d < ndim; d++) {
            dims[d] = be(h, 4 + 4 * d);
            if (dims[d] < 0) throw error(dataset, file, "negative size " + dims[d] + " in dimension " + d);
        }
        return dims;
    }

    private static byte[] payload(String dataset, Path file, InputStream in, int n) throws IOException {
        byte[] data = new byte[n];
        int got = 0;
        while (got < n) { // straight into the array: readNBytes would inflate into 8 KiB pieces and copy them
            int r = in.read(data, got, n - got);
            if (r < 0) {
                throw error(dataset, file, "truncated: the header promises " + n + " bytes of data, the file holds " + got);
            }
            got += r;
        }
        requireEnd(dataset, file, in, n);
        return data;
    }

    private static void requireEnd(String dataset, Path file, InputStream in, long n) throws IOException {
        if (in.read() != -1) {
            throw error(dataset, file, "unexpected data after the " + n + " bytes the header describes");
        }
    }

    private static int be(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    static TensorError error(String dataset, Path file, String what) {
        return new TensorError(dataset + ": " + file + ": " + what);
    }

    private static TensorError ioError(String dataset, Path file, IOException e) {
        String why = e instanceof EOFException || e instanceof ZipException
            ? "corrupt or truncated gzip data (" + e.getMessage() + ")"
            : "cannot read: " + e;
        return new TensorError(dataset + ": " + file + ": " + why, e);
    }
}
