package org.tensorshell.openblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.Backend;
import org.tensorshell.core.Backends;
import org.tensorshell.core.ReferenceBackend;
import org.tensorshell.core.Storage;

/**
 * The OpenBLAS backend against the reference backend (the spec): random sizes, transposes, leading
 * dimensions, offsets, heap and off-heap storages, alpha and beta, float32 and float64. Skipped, with
 * the reason, where OpenBLAS cannot load.
 */
class OpenBlasConformanceTest {
    private static final OpenBlasBackend BLAS = new OpenBlasBackend();

    @BeforeAll
    static void requireOpenBlas() {
        String reason = BLAS.unavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "OpenBLAS backend unavailable: " + reason);
    }

    /** One gemm problem laid out in storages, C's surroundings filled with a sentinel. */
    private record Problem(DType dt, boolean ta, boolean tb, int m, int n, int k, double alpha, double beta,
                           Storage a, int ao, int lda, Storage b, int bo, int ldb, Storage c, int co, int ldc) {

        Storage run(Backend.Gemm g) {
            Storage out = Storage.allocate(dt, c.size());
            out.copyFrom(c, 0, 0, c.size());
            g.gemm(dt, ta, tb, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, out, co, ldc);
            return out;
        }

        /** |alpha| * sum_l |a_il| |b_lj| + |beta c_ij|: the scale of the rounding error. */
        double scale(int i, int j) {
            double s = 0;
            for (int l = 0; l < k; l++) {
                double x = a.getDouble(ta ? ao + l * lda + i : ao + i * lda + l);
                double y = b.getDouble(tb ? bo + j * ldb + l : bo + l * ldb + j);
                s += Math.abs(x * y);
            }
            return Math.abs(alpha) * s + (beta == 0 ? 0 : Math.abs(beta * c.getDouble(co + i * ldc + j)));
        }
    }

    private static Storage filled(Random rnd, DType dt, int n, boolean offHeap) {
        int size = offHeap ? Math.max(n, Storage.DIRECT_THRESHOLD_BYTES / dt.itemSize()) : n;
        Storage s = Storage.allocate(dt, size);
        assertEquals(offHeap || (long) n * dt.itemSize() >= Storage.DIRECT_THRESHOLD_BYTES, s.directBuffer() != null);
        for (int i = 0; i < size; i++) s.setDouble(i, rnd.nextDouble() * 2 - 1);
        return s;
    }

    private static Problem random(Random rnd, DType dt, int maxDim) {
        int m = rnd.nextInt(maxDim + 1), n = rnd.nextInt(maxDim + 1), k = rnd.nextInt(maxDim + 1);
        return problem(rnd, dt, m, n, k, rnd.nextBoolean(), rnd.nextBoolean());
    }

    private static Problem problem(Random rnd, DType dt, int m, int n, int k, boolean ta, boolean tb) {
        int lda = Math.max(1, ta ? m : k) + (rnd.nextBoolean() ? 0 : rnd.nextInt(5));
        int ldb = Math.max(1, tb ? k : n) + (rnd.nextBoolean() ? 0 : rnd.nextInt(5));
        int ldc = Math.max(1, n) + (rnd.nextBoolean() ? 0 : rnd.nextInt(5));
        int ao = rnd.nextInt(4), bo = rnd.nextInt(4), co = rnd.nextInt(4);
        int aRows = ta ? k : m, bRows = tb ? n : k;
        // The operand fits the storage exactly when it is on the heap (BLAS must not read past it).
        Storage a = filled(rnd, dt, ao + aRows * lda + 3, rnd.nextBoolean());
        Storage b = filled(rnd, dt, bo + bRows * ldb + 3, rnd.nextBoolean());
        double beta = switch (rnd.nextInt(3)) {
            case 0 -> 0;
            case 1 -> 1;
            default -> rnd.nextDouble() * 2 - 1;
        };
        double alpha = rnd.nextBoolean() ? 1 : rnd.nextDouble() * 4 - 2;
        Storage c = filled(rnd, dt, co + m * ldc + 3, rnd.nextBoolean());
        if (beta == 0) { // C starts as NaN: with beta 0 a backend must overwrite it, never read it
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c.setDouble(co + i * ldc + j, Double.NaN);
        }
        return new Problem(dt, ta, tb, m, n, k, alpha, beta, a, ao, lda, b, bo, ldb, c, co, ldc);
    }

    @Test
    void randomProblemsAgreeWithTheReference() {
        Random rnd = new Random(2024);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int trial = 0; trial < 300; trial++) {
                agree(dt, trial, random(rnd, dt, trial < 280 ? 20 : 130));
            }
        }
    }

    /**
     * Products of a few million multiply-adds, in every transpose combination, odd sizes and leading dimensions;
     * from {@link OpenBlasBackend#SPLIT_WORK} on they are split by C's columns (n > m) or rows, staged heap operands
     * (the small ones: a [32, 128] gradient, a [4000, 2] or [600, 2] matrix) included.
     */
    @Test
    void midSizeProductsAgree() {
        Random rnd = new Random(7);
        int[][] sizes = {{64, 256, 784}, {784, 256, 64}, {97, 301, 101}, {301, 97, 101}, {2, 1100, 1000}, {1100, 3, 700},
            {97, 301, 200}, {301, 97, 200}, {65, 67, 1000}, {32, 2048, 128}, {600, 2, 4000}};
        int trial = 0;
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] s : sizes) {
                for (int t = 0; t < 4; t++) agree(dt, trial++, problem(rnd, dt, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0));
            }
        }
    }

    private static void agree(DType dt, int trial, Problem p) {
        double eps = dt == DType.FLOAT32 ? 1e-6 : 1e-14;
        Storage want = p.run(ReferenceBackend.INSTANCE), got = p.run(BLAS);
        for (int idx = 0; idx < want.size(); idx++) {
            int rel = idx - p.co;
            int i = rel >= 0 ? rel / p.ldc : -1, j = rel >= 0 ? rel % p.ldc : -1;
            boolean inside = i >= 0 && i < p.m && j < p.n;
            int at = idx;
            java.util.function.Supplier<String> where = () -> dt + " trial " + trial + " " + p.m + "x" + p.n + "x" + p.k
                + " ta=" + p.ta + " tb=" + p.tb + " ld=" + p.lda + "/" + p.ldb + "/" + p.ldc + " beta=" + p.beta + " at " + at;
            if (!inside) {
                assertEquals(p.c.getDouble(idx), got.getDouble(idx), 0.0, () -> "element outside C changed: " + where.get());
                continue;
            }
            double tol = eps * (p.k + 2) * (p.scale(i, j) + 1e-30);
            assertEquals(want.getDouble(idx), got.getDouble(idx), tol, where);
        }
    }

    @Test
    void bigProductsGoToOpenBlasSmallAndIntegerOnesStayInJava() {
        assertInstanceOf(OpenBlasBackend.class, Backends.gemm(DType.FLOAT32, 256, 256, 256));
        assertInstanceOf(OpenBlasBackend.class, Backends.gemm(DType.FLOAT64, 64, 1, 4096));
        assertSame(ReferenceBackend.INSTANCE, Backends.gemm(DType.FLOAT32, 2, 2, 2));
        assertSame(ReferenceBackend.INSTANCE, Backends.gemm(DType.INT64, 512, 512, 512));
        assertThrows(IllegalArgumentException.class, () -> BLAS.gemm(DType.INT64, false, false, 1, 1, 1, 1,
            Storage.allocate(DType.INT64, 1), 0, 1, Storage.allocate(DType.INT64, 1), 0, 1, 0, Storage.allocate(DType.INT64, 1), 0, 1));
    }

    @Test
    void operandsOutsideTheirStorageAreRefusedBeforeTheNativeCall() {
        Storage small = Storage.allocate(DType.FLOAT32, 4), c = Storage.allocate(DType.FLOAT32, 4);
        assertThrows(IllegalArgumentException.class,
            () -> BLAS.gemm(DType.FLOAT32, false, false, 2, 2, 3, 1, small, 0, 3, small, 0, 2, 0, c, 0, 2));
        assertThrows(IllegalArgumentException.class,
            () -> BLAS.gemm(DType.FLOAT32, false, false, 2, 2, 2, 1, small, 1, 2, small, 0, 2, 0, c, 0, 2));
        assertThrows(IllegalArgumentException.class,
            () -> BLAS.gemm(DType.FLOAT32, false, false, 2, 2, 2, 1, small, 0, 1, small, 0, 2, 0, c, 0, 2));
    }

    @Test
    void tensorMatmulThroughOpenBlasHandlesViews() {
        Torch.manualSeed(5);
        Tensor base = Torch.randn(300, 301);
        Tensor a = base.narrow(0, 3, 200).narrow(1, 1, 150);       // offset, row-major with lda 301
        Tensor b = Torch.randn(120, 150).t();                        // a transposed view
        Tensor batchA = Torch.randn(3, 150, 40).transpose(1, 2);      // [3, 40, 150], transposed matrices
        Tensor strided = base.slice(1, 0, 300, 2).narrow(0, 0, 150);  // column stride 2: copied
        check(a, b);
        check(batchA, b);
        check(a.toDouble(), b.toDouble());
        check(strided.t(), Torch.randn(150, 33));
        check(Torch.randn(500), Torch.randn(500));
        check(Torch.randn(70, 500), Torch.randn(500));
    }

    @Test
    void smallMatricesOfABatchRunConcurrentlyThroughOpenBlas() {
        Torch.manualSeed(9);
        Tensor a = Torch.randn(64, 20, 30), b = Torch.randn(64, 30, 12);
        assertInstanceOf(OpenBlasBackend.class, Backends.gemm(DType.FLOAT32, 20, 12, 30));
        Tensor r = a.bmm(b);
        for (int q = 0; q < 64; q++) {
            Tensor one = a.select(0, q).mm(b.select(0, q));
            check(a.select(0, q), b.select(0, q));
            org.junit.jupiter.api.Assertions.assertArrayEquals(one.toFloatArray(), r.select(0, q).toFloatArray());
        }
    }

    /** a ([q,] n, k or k) @ b (k, p or k) against a naive product in double. */
    private static void check(Tensor a, Tensor b) {
        double[] g = a.matmul(b).toDoubleArray();
        int k = (int) b.size(0), p = b.dim() == 2 ? (int) b.size(1) : 1;
        int rows = (int) (a.numel() / k);
        double[] x = a.toDoubleArray(), y = b.toDoubleArray(), w = new double[rows * p];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < p; j++) {
                double acc = 0;
                for (int l = 0; l < k; l++) acc += x[i * k + l] * y[l * p + j];
                w[i * p + j] = acc;
            }
        assertEquals(w.length, g.length);
        double tol = a.dtype() == DType.FLOAT32 ? 2e-4 : 1e-10;
        for (int i = 0; i < w.length; i++) assertEquals(w[i], g[i], tol * Math.max(1, Math.abs(w[i])) * 10, "at " + i);
    }

    @Test
    void setNumThreadsReachesOpenBlas() {
        int before = Torch.getNumThreads();
        try {
            Torch.setNumThreads(1);
            assertEquals(1, OpenBlasBackend.numThreads());
            Tensor r = Torch.ones(300, 300).matmul(Torch.ones(300, 300));
            assertEquals(300.0, r.toDoubleArray()[0]);
        } finally {
            Torch.setNumThreads(before);
        }
        assertEquals(before, OpenBlasBackend.numThreads());
        assertTrue(before >= 1);
    }
}
