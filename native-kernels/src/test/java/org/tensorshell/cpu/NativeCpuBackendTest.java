package org.tensorshell.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.Backends;
import org.tensorshell.core.BinaryOp;
import org.tensorshell.core.Storage;

/**
 * The streaming-store kernels give bit for bit what Java's float arithmetic gives (special values, odd
 * offsets and lengths included), decline what they must not do, and large out-of-place float32 ops use them.
 * The softmax kernel is within float32 rounding of the exact result (computed in double), handles -inf, +inf
 * and NaN as PyTorch does, writes nothing outside its rows, and float32 softmax uses it. Skipped where the jar
 * was built without a C compiler; where the library is in the jar it must load.
 */
class NativeCpuBackendTest {
    private final NativeCpuBackend backend = new NativeCpuBackend();

    @BeforeEach
    void libraryBuilt() {
        boolean built = NativeCpuBackend.class.getResource("linux-x86_64/libtskernels.so") != null;
        Assumptions.assumeTrue(built, "libtskernels was not built (no C compiler at build time)");
        assertNull(backend.unavailableReason(), "libtskernels is in the jar but does not load");
    }

    private static FloatBuffer buffer(int n) {
        return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static float apply(BinaryOp op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            default -> throw new AssertionError(op);
        };
    }

    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-39f, 3.4e38f};

    @Test
    void bitForBitAsJavaArithmetic() {
        Random rnd = new Random(7);
        int cap = 100_050;
        FloatBuffer a = buffer(cap), b = buffer(cap), out = buffer(cap);
        for (int i = 0; i < cap; i++) {
            a.put(i, i % 7 == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : (float) rnd.nextGaussian() * 100);
            b.put(i, i % 5 == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : (float) rnd.nextGaussian());
        }
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV}) {
            for (int n : new int[] {1, 3, 15, 16, 17, 63, 1000, 100_003}) {
                for (int[] off : new int[][] {{0, 0, 0}, {1, 0, 0}, {3, 2, 1}, {2, 5, 7}}) {
                    if (n + 7 > cap) continue;
                    for (int i = 0; i < cap; i++) out.put(i, -12345f);
                    assertTrue(backend.binary(op, out, off[0], a, off[1], b, off[2], n), op + " declined");
                    for (int i = 0; i < n; i++) {
                        float want = apply(op, a.get(off[1] + i), b.get(off[2] + i)), got = out.get(off[0] + i);
                        if (Float.floatToIntBits(want) != Float.floatToIntBits(got)) {
                            fail(op + " n=" + n + " offsets " + java.util.Arrays.toString(off) + " at " + i + ": "
                                + a.get(off[1] + i) + ", " + b.get(off[2] + i) + " -> " + got + ", want " + want);
                        }
                    }
                    // nothing written outside the n outputs
                    if (off[0] > 0) assertEquals(-12345f, out.get(off[0] - 1));
                    assertEquals(-12345f, out.get(off[0] + n));
                }
            }
        }
    }

    @Test
    void declinesWhatItHasNoKernelForAndOverlaps() {
        FloatBuffer a = buffer(64), b = buffer(64), out = buffer(64);
        assertFalse(backend.binary(BinaryOp.MAXIMUM, out, 0, a, 0, b, 0, 64));
        assertFalse(backend.binary(BinaryOp.ADD, a, 1, a, 0, b, 0, 32), "output overlapping an input");
        assertFalse(backend.binary(BinaryOp.ADD, out, 0, a, 0, out, 8, 16), "output overlapping an input");
        FloatBuffer heap = FloatBuffer.allocate(64);
        assertFalse(backend.binary(BinaryOp.ADD, heap, 0, a, 0, b, 0, 64), "heap buffer");
    }

    @Test
    void largeOutOfPlaceOpsStreamAndInPlaceOnesDoNot() {
        assertSame(backend.getClass(), Backends.streaming().getClass());
        int n = (8 << 20) + 5; // at the threshold (32 MiB of output), with a tail
        Torch.manualSeed(3);
        Tensor x = Torch.randn(n), y = Torch.randn(n);
        long before = NativeCpuBackend.streamCalls();
        Tensor z = x.add(y);
        assertTrue(NativeCpuBackend.streamCalls() > before, "a " + n + "-float add did not stream");
        float[] xs = x.toFloatArray(), ys = y.toFloatArray(), zs = z.toFloatArray();
        for (int i = 0; i < n; i++) {
            if (zs[i] != xs[i] + ys[i]) fail("add at " + i + ": " + zs[i] + " != " + xs[i] + " + " + ys[i]);
        }
        long afterAdd = NativeCpuBackend.streamCalls();
        x.mul_(y); // in place: the output is an input, so the Java kernel writes it
        assertEquals(afterAdd, NativeCpuBackend.streamCalls());
        float[] prod = x.toFloatArray();
        for (int i = 0; i < n; i += 9973) assertEquals(xs[i] * ys[i], prod[i]);
        Tensor small = Torch.randn(1000).add(Torch.randn(1000));
        assertEquals(afterAdd, NativeCpuBackend.streamCalls(), "small outputs stay with the Java kernels");
        assertEquals(1000, small.numel());
    }

    /** Softmax (or log_softmax) of row {@code a[off, off + n)} in double, from the float differences x - max as the kernels compute them. */
    private static double[] exact(Storage a, int off, int n, boolean log) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, a.getFloat(off + i));
        double sum = 0;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) sum += Math.exp((double) (a.getFloat(off + i) - m));
        for (int i = 0; i < n; i++) {
            double d = (double) (a.getFloat(off + i) - m);
            r[i] = log ? d - Math.log(sum) : Math.exp(d) / sum;
        }
        return r;
    }

    /** A float32 storage of at least n elements, off-heap or on the heap. */
    private static Storage storage(int n, boolean direct) {
        Storage s = Storage.allocate(DType.FLOAT32, direct ? Math.max(n, Storage.DIRECT_THRESHOLD_BYTES / 4) : n);
        assertEquals(direct, s.directBuffer() != null);
        return s;
    }

    private void assumeSoftmaxKernel() {
        Assumptions.assumeTrue(backend.softmax(storage(2, false), 0, storage(2, false), 0, 1, 2, false),
            "this processor lacks AVX2 and FMA");
    }

    @Test
    void softmaxWithinFloatRoundingOfExact() {
        assumeSoftmaxKernel();
        Random rnd = new Random(11);
        int cap = 3 * 5000 + 20;
        for (boolean direct : new boolean[] {true, false}) {
            Storage in = storage(cap, direct), out = storage(cap, !direct);
            for (boolean log : new boolean[] {false, true}) {
                for (int cols : new int[] {1, 2, 7, 8, 9, 15, 16, 17, 31, 100, 1000, 4095, 4096, 4097, 5000}) {
                    for (double spread : new double[] {0.1, 5, 60, 300}) {
                        int rows = 3, off = cols % 3 + 1, outOff = cols % 5;
                        for (int i = 0; i < cap; i++) {
                            in.setFloat(i, (float) ((rnd.nextDouble() - 0.5) * spread));
                            out.setFloat(i, -12345f);
                        }
                        assertTrue(backend.softmax(out, outOff, in, off, rows, cols, log), "declined");
                        for (int r = 0; r < rows; r++) {
                            double[] want = exact(in, off + r * cols, cols, log);
                            for (int i = 0; i < cols; i++) {
                                double got = out.getFloat(outOff + r * cols + i), w = want[i];
                                // relative to the value, or to the smallest normal float where the value is subnormal
                                double tol = log ? 2e-7 * Math.max(1, Math.abs(w))
                                    : 5e-7 * Math.max(Math.abs(w), Float.MIN_NORMAL) + Float.MIN_VALUE;
                                if (!(Math.abs(got - w) <= tol)) {
                                    fail((log ? "log_softmax" : "softmax") + " cols=" + cols + " spread=" + spread + " row "
                                        + r + " at " + i + ": " + got + ", want " + w);
                                }
                            }
                        }
                        if (outOff > 0) assertEquals(-12345f, out.getFloat(outOff - 1));
                        assertEquals(-12345f, out.getFloat(outOff + rows * cols), "written past the last row");
                    }
                }
            }
        }
    }

    @Test
    void softmaxSpecialValuesAsPyTorch() {
        assumeSoftmaxKernel();
        float inf = Float.POSITIVE_INFINITY, nan = Float.NaN;
        float[][] rows = {
            {-inf, 0f, 1f, -inf, 2f, -inf, 0f, 0f, 0f, -inf}, // masked entries: exactly 0
            {nan, 0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f},        // a NaN: all NaN
            {inf, 0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f},        // +inf: all NaN (inf - inf)
            {-inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf}, // nothing left: all NaN
            {0f, -100f, -200f, -87.5f, -103f, -104f, -1e30f, 0f, 0f, 0f}, // subnormal and zero results
        };
        int cols = 10;
        Storage in = storage(rows.length * cols, false), out = storage(rows.length * cols, true);
        for (int r = 0; r < rows.length; r++) for (int i = 0; i < cols; i++) in.setFloat(r * cols + i, rows[r][i]);
        for (boolean log : new boolean[] {false, true}) {
            assertTrue(backend.softmax(out, 0, in, 0, rows.length, cols, log));
            for (int i : new int[] {0, 3, 5}) assertEquals(log ? -inf : 0f, out.getFloat(i), "masked entry " + i);
            for (int r = 1; r <= 3; r++) for (int i = 0; i < cols; i++) assertTrue(Float.isNaN(out.getFloat(r * cols + i)), "row " + r + " at " + i);
            double[] want = exact(in, 4 * cols, cols, log);
            for (int i = 0; i < cols; i++) {
                double got = out.getFloat(4 * cols + i);
                double tol = log ? 1e-6 * Math.max(1, Math.abs(want[i])) : 1e-6 * Math.max(want[i], Float.MIN_NORMAL) + Float.MIN_VALUE;
                assertTrue(Math.abs(got - want[i]) <= tol, "row 4 at " + i + ": " + got + ", want " + want[i]);
            }
            if (!log) assertEquals(0f, out.getFloat(4 * cols + 6), "exp(-1e30) is 0");
        }
    }

    @Test
    void softmaxDeclinesOverlapAndChecksBounds() {
        assumeSoftmaxKernel();
        for (boolean direct : new boolean[] {true, false}) {
            Storage a = storage(64, direct), out = storage(64, direct);
            assertFalse(backend.softmax(a, 4, a, 0, 2, 8, false), "output overlapping the input");
            assertTrue(backend.softmax(a, 16, a, 0, 2, 8, false), "the same storage, rows apart");
            int end = a.size();
            assertThrows(IndexOutOfBoundsException.class, () -> backend.softmax(out, 0, a, end - 4, 1, 8, false), "past the end");
            assertThrows(IndexOutOfBoundsException.class, () -> backend.softmax(out, end - 4, a, 0, 1, 8, false), "past the end");
        }
        Storage d = Storage.allocate(DType.FLOAT64, 64);
        assertFalse(backend.softmax(d, 0, d, 32, 2, 8, false), "float64");
    }

    @Test
    void float32SoftmaxUsesTheKernelAndAgreesWithFloat64() {
        assumeSoftmaxKernel();
        assertSame(backend.getClass(), Backends.softmaxRows().getClass());
        Torch.manualSeed(5);
        Tensor x = Torch.randn(513, 1000).mul(4);
        long before = NativeCpuBackend.softmaxCalls();
        Tensor s = x.softmax(1), ls = x.logSoftmax(1), s0 = x.softmax(0);
        assertTrue(NativeCpuBackend.softmaxCalls() > before, "float32 softmax did not use the native kernel");
        long large = NativeCpuBackend.softmaxCalls();
        Tensor small = Torch.randn(4, 10);
        close("small softmax (on the heap)", small.softmax(1), small.to(DType.FLOAT64).softmax(1), 5e-6, 1e-12);
        assertTrue(NativeCpuBackend.softmaxCalls() > large, "a heap tensor's softmax did not use the native kernel");
        // float64 computes x - max exactly, float32 rounds it: up to 2e-6 of difference here (|x - max| < 40)
        Tensor x64 = x.to(DType.FLOAT64);
        close("softmax dim 1", s, x64.softmax(1), 5e-6, 1e-12);
        close("log_softmax dim 1", ls, x64.logSoftmax(1), 5e-6, 5e-6);
        close("softmax dim 0", s0, x64.softmax(0), 5e-6, 1e-12);
    }

    private static void close(String what, Tensor got, Tensor want, double rtol, double atol) {
        float[] g = got.toFloatArray();
        double[] w = want.toDoubleArray();
        assertEquals(w.length, g.length, what);
        for (int i = 0; i < g.length; i++) {
            if (!(Math.abs(g[i] - w[i]) <= atol + rtol * Math.abs(w[i]))) fail(what + " at " + i + ": " + g[i] + ", want " + w[i]);
        }
    }
}
