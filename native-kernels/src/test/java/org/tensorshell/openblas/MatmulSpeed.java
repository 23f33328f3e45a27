package org.tensorshell.openblas;

import static org.bytedeco.openblas.global.openblas_nolapack.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.Backend;
import org.tensorshell.core.Backends;
import org.tensorshell.core.ReferenceBackend;
import org.tensorshell.core.Storage;

/**
 * Prints our float32 matmul's GFLOP/s against a bare cblas_sgemm on the same buffers (the wrapper's cost),
 * and the per-call time of the Java and OpenBLAS backends for small products (the accepts() threshold).
 * Run: java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp ... MatmulSpeed [n] [reps]
 */
public final class MatmulSpeed {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String reason = new OpenBlasBackend().unavailableReason();
        if (reason != null) {
            System.out.println("OpenBLAS unavailable: " + reason);
            return;
        }
        System.out.println("threads: ours " + Torch.getNumThreads() + ", OpenBLAS " + OpenBlasBackend.numThreads()
            + "; gemm backend for " + n + "^3: " + Backends.gemm(DType.FLOAT32, n, n, n).name());
        large(n, reps);
        small();
        endToEnd();
    }

    /** Whole-op latency for shapes a notebook meets: tiny products and a Linear layer's. */
    private static void endToEnd() {
        long[][][] cases = {{{8, 8}, {8, 8}}, {{64, 64}, {64, 64}}, {{32, 784}, {784, 128}}, {{32, 128}, {128, 10}},
            {{64, 32, 32}, {64, 32, 32}}, {{256, 256}, {256, 256}}};
        for (long[][] c : cases) {
            Tensor a = Torch.randn(c[0]), b = Torch.randn(c[1]);
            double best = Double.MAX_VALUE;
            long flop = 2L * a.numel() * b.size(-1);
            int iters = (int) Math.max(10, Math.min(20_000, 2e9 / flop / 50));
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < iters; i++) a.matmul(b);
                best = Math.min(best, (System.nanoTime() - t0) / 1e3 / iters);
            }
            System.out.printf("matmul %s @ %s: %.2f us (%.1f GFLOP/s)%n", Arrays.toString(c[0]), Arrays.toString(c[1]), best,
                flop / best / 1e3);
        }
    }

    private static void large(int n, int reps) {
        Tensor a = Torch.rand(n, n), b = Torch.rand(n, n);
        FloatBuffer fa = (FloatBuffer) a.untypedStorage().directBuffer(), fb = (FloatBuffer) b.untypedStorage().directBuffer();
        FloatBuffer fc = ByteBuffer.allocateDirect(n * n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        double flop = 2.0 * n * n * n;
        double[] ours = new double[reps], into = new double[reps], bare = new double[reps];
        Tensor out = Torch.empty(n, n);
        a.matmul(b);
        Torch.matmul(a, b, out);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1f, fa, n, fb, n, 0f, fc, n);
        for (int r = 0; r < reps; r++) { // interleaved, so all see the same machine load
            long t0 = System.nanoTime();
            Tensor c = a.matmul(b);
            long t1 = System.nanoTime();
            Torch.matmul(a, b, out);
            long t2 = System.nanoTime();
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1f, fa, n, fb, n, 0f, fc, n);
            long t3 = System.nanoTime();
            ours[r] = flop / (t1 - t0);
            into[r] = flop / (t2 - t1);
            bare[r] = flop / (t3 - t2);
            if (c.numel() != (long) n * n) throw new AssertionError();
        }
        double[] alloc = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            Tensor c = Torch.empty(n, n);
            alloc[r] = (System.nanoTime() - t0) / 1e6;
            if (c.numel() != (long) n * n) throw new AssertionError();
        }
        Arrays.sort(alloc);
        System.out.printf("allocating the %dx%d result: median %.2f ms%n", n, n, alloc[reps / 2]);
        Arrays.sort(ours);
        Arrays.sort(into);
        Arrays.sort(bare);
        System.out.printf("bare cblas_sgemm %dx%d: best %.1f median %.1f GFLOP/s%n", n, n, bare[reps - 1], bare[reps / 2]);
        System.out.printf("a.matmul(b) (new result): best %.1f median %.1f GFLOP/s = %.3f / %.3f of bare%n",
            ours[reps - 1], ours[reps / 2], ours[reps - 1] / bare[reps - 1], ours[reps / 2] / bare[reps / 2]);
        System.out.printf("matmul(a, b, out):        best %.1f median %.1f GFLOP/s = %.3f / %.3f of bare%n",
            into[reps - 1], into[reps / 2], into[reps - 1] / bare[reps - 1], into[reps / 2] / bare[reps / 2]);
    }

    private static void small() {
        Backend.Gemm blas = new OpenBlasBackend(), java = ReferenceBackend.INSTANCE;
        for (int s : new int[] {2, 4, 8, 12, 16, 24, 32, 48, 64, 128}) {
            for (boolean direct : new boolean[] {false, true}) {
                Storage sa = storage(s * s, direct), sb = storage(s * s, direct), sc = storage(s * s, direct);
                double tb = time(blas, s, sa, sb, sc), tj = time(java, s, sa, sb, sc);
                System.out.printf("%4d^3 %s: java %8.2f us, openblas %8.2f us%n", s, direct ? "off-heap" : "heap    ", tj, tb);
            }
        }
    }

    private static Storage storage(int n, boolean direct) {
        // a view into a big (off-heap) storage, or a small heap one
        Tensor t = direct ? Torch.rand(Math.max(n, 1 << 15)) : Torch.rand(n);
        return t.untypedStorage();
    }

    private static double time(Backend.Gemm g, int s, Storage a, Storage b, Storage c) {
        int iters = (int) Math.max(20, Math.min(100_000, 2e8 / ((double) s * s * s)));
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < iters; i++) g.gemm(DType.FLOAT32, false, false, s, s, s, 1, a, 0, s, b, 0, s, 0, c, 0, s);
            best = Math.min(best, (System.nanoTime() - t0) / 1e3 / iters);
        }
        return best;
    }
}
