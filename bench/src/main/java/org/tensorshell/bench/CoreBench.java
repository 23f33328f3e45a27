package org.tensorshell.bench;

import static org.tensorshell.Torch.*;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.tensorshell.Tensor;
import org.tensorshell.core.Backends;

/**
 * Issue 2's figures: matmul, a large add, a tiny add and softmax, each next to PyTorch at its best
 * thread setting and to the physical limit measured in the same run (bare cblas_sgemm, memcpy). The matmul
 * rounds also call PyTorch's own OpenBLAS (Debian's build) bare from this JVM on the same buffers, on JDK 22
 * and later: the row under the bare call says how the two OpenBLAS builds compare when called alike.
 */
public final class CoreBench {
    public static void main(String[] args) throws Exception {
        manualSeed(0);
        System.out.println("Tensorshell core benchmarks (threads: " + getNumThreads() + ", gemm backend for 2048^3: "
            + Backends.gemm(FLOAT32, 2048, 2048, 2048).name() + "); " + TorchPeer.openBlasEnvironment());

        // matmul float32 2048x2048, and a bare cblas_sgemm on the same buffers
        Tensor a = randn(2048, 2048), b = randn(2048, 2048), c = zeros(2048, 2048);
        double flops = 2.0 * 2048 * 2048 * 2048;
        FloatPointer pa = new FloatPointer((FloatBuffer) a.untypedStorage().directBuffer());
        FloatPointer pb = new FloatPointer((FloatBuffer) b.untypedStorage().directBuffer());
        FloatPointer pc = new FloatPointer((FloatBuffer) c.untypedStorage().directBuffer());
        Runnable ourMatmul = () -> a.matmul(b);
        // the bare call runs on OpenBLAS's own threads (see oursThenBare)
        Runnable bareMatmul = () -> openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans,
            openblas.CblasNoTrans, 2048, 2048, 2048, 1f, pa, 2048, pb, 2048, 0f, pc, 2048);

        // elementwise add of 16M floats (bytes moved: 2 reads + 1 write), and memcpy of the same size
        int n = 16 << 20;
        Tensor x = randn(n), y = randn(n);
        FloatBuffer src = (FloatBuffer) x.untypedStorage().directBuffer();
        FloatBuffer dst = (FloatBuffer) y.clone().untypedStorage().directBuffer();
        Runnable add = () -> x.add(y);
        Runnable copy = () -> dst.put(0, src, 0, n);
        // the same add in place: its output lines are read anyway, so no write-allocate (see the note printed below)
        Tensor xi = x.clone();
        Runnable addInPlace = () -> xi.add_(y);

        // a tiny add: per-op overhead
        Tensor s1 = randn(8), s2 = randn(8);
        Runnable add8 = () -> s1.add(s2);

        // softmax over dim 1 of 4096x1000
        Tensor z = randn(4096, 1000);
        Runnable softmax = () -> z.softmax(1);

        // Rounds of ours and PyTorch's alternate, so that a slow phase of the shared machine falls on both;
        // within a round ours and the physical limit alternate too (memcpy call by call; bare cblas_sgemm five
        // calls at a time, as it needs OpenBLAS's thread count changed).
        double[] bare = new double[ROUNDS], memcpy = new double[ROUNDS], vsBare = new double[ROUNDS], vsCopy = new double[ROUNDS];
        double[] peerBare = new double[ROUNDS], vsPeerBare = new double[ROUNDS];
        int[] round = {0, 0};
        try (TorchPeer.Server torch = TorchPeer.Server.start("torch_bench.py")) {
            // PyTorch's own OpenBLAS called bare on the same buffers, where it is one and this JDK can call it
            String peerLibrary = torch == null ? null : torch.blasLibrary();
            PeerBlas peerBlas = peerLibrary == null ? null : PeerBlas.load();
            Runnable peerMatmul = peerBlas == null ? null : peerBlas.sgemm(peerLibrary, (FloatBuffer) a.untypedStorage().directBuffer(),
                (FloatBuffer) b.untypedStorage().directBuffer(), (FloatBuffer) c.untypedStorage().directBuffer(), 2048, getNumThreads());
            // each workload warms up (until steady, see Timing) just before its rounds
            if (peerMatmul != null) {
                Timing.median(peerMatmul, 3, 1);
                Thread.sleep(SPIN_MILLIS);
            }
            Timing.median(ourMatmul, 3, 1);
            oursThenBare(ourMatmul, bareMatmul);
            TorchPeer.Pair mm = TorchPeer.bySide(torch, "matmul_gflops", true, ROUNDS, () -> {
                double[] t = oursThenBare(ourMatmul, bareMatmul);
                bare[round[0]] = flops / t[1] / 1e9;
                vsBare[round[0]] = t[1] / t[0];
                if (peerMatmul != null) {
                    // not interleaved call by call: each library's threads spin for a while after a call, and
                    // would take the cores from the other's
                    Thread.sleep(SPIN_MILLIS);
                    double tp = Timing.measured(peerMatmul, 5, 1);
                    peerBare[round[0]] = flops / tp / 1e9;
                    vsPeerBare[round[0]] = tp / t[1];
                }
                round[0]++;
                return flops / t[0] / 1e9;
            });
            Timing.medians(add, copy, 3);
            TorchPeer.Pair addPair = TorchPeer.bySide(torch, "add16m_gbps", true, ROUNDS, () -> {
                double[] t = Timing.measuredPair(add, copy, 9);
                memcpy[round[1]] = 8.0 * n / t[1] / 1e9;
                vsCopy[round[1]++] = (12.0 * n / t[0]) / (8.0 * n / t[1]);
                return 12.0 * n / t[0] / 1e9;
            });
            double[] inPlace = Timing.medians(addInPlace, copy, 9);
            TorchPeer.Pair small = TorchPeer.timeBySide(torch, "add8_us", add8, 20_000, 1e6);
            TorchPeer.Pair soft = TorchPeer.timeBySide(torch, "softmax_ms", softmax, 1, 1e3);

            System.out.println();
            TorchPeer.header(WIDTH);
            TorchPeer.row(WIDTH, "matmul f32 2048^2 (GFLOP/s)", mm, ">= 1.0x pytorch");
            row("  vs bare cblas_sgemm (GFLOP/s)", mm.ours(), TorchPeer.median(bare), vsBare, ">= 0.95 of bare");
            if (peerMatmul != null) {
                row("  bare: ours / PyTorch's OpenBLAS", TorchPeer.median(bare), TorchPeer.median(peerBare), vsPeerBare,
                    "(the two builds, called alike)");
            }
            TorchPeer.row(WIDTH, "add 16M f32 (GB/s)", addPair, ">= 1.0x pytorch");
            row("  vs memcpy (GB/s)", addPair.ours(), TorchPeer.median(memcpy), vsCopy, ">= 0.80 of memcpy");
            TorchPeer.row(WIDTH, "add 8 elements (us/op)", small, "<= 0.35x pytorch time");
            TorchPeer.row(WIDTH, "softmax 4096x1000 dim 1 (ms)", soft, "<= 1.0x pytorch time");
            System.out.println();
            System.out.printf("pytorch at 1 / 2 threads (medians of %d rounds): matmul %.1f / %.1f GFLOP/s, add %.2f / %.2f GB/s, "
                + "add8 %.3f / %.3f us, softmax %.3f / %.3f ms%n", ROUNDS, mm.peer1(), mm.peer2(), addPair.peer1(),
                addPair.peer2(), small.peer1(), small.peer2(), soft.peer1(), soft.peer2());
            // An add's fresh output is written with ordinary stores, and the processor reads each line before writing
            // it (write-allocate): 4 transfers for the 3 counted. Where the JDK's bulk copy streams its stores (no
            // read of the destination), an add can reach at most 3/4 of memcpy; in place, nothing is read twice.
            System.out.printf("add_ in place (no write-allocate): %.1f GB/s, %.3f of memcpy (%.1f GB/s) in the same rounds%n",
                12.0 * n / inPlace[0] / 1e9, (12.0 * n / inPlace[0]) / (8.0 * n / inPlace[1]), 8.0 * n / inPlace[1] / 1e9);
        }
    }

    private static final int ROUNDS = TorchPeer.ROUNDS, WIDTH = 34;
    /** Longer than OpenBLAS's threads spin after a call (about 2^28 cycles). */
    private static final long SPIN_MILLIS = 300;

    /**
     * Median seconds of 5 calls of ours, then of 5 bare calls with OpenBLAS on all of {@link #getNumThreads}'s
     * threads: our backend leaves OpenBLAS on one thread a call and splits a large product across its own
     * threads instead, so the bare call gets the library's own threading, its best here. The thread count is
     * set back to one after (which stops OpenBLAS's second thread), outside the timed calls.
     */
    private static double[] oursThenBare(Runnable ours, Runnable bare) throws InterruptedException {
        double t0 = Timing.measured(ours, 5, 1);
        openblas.blas_set_num_threads(getNumThreads());
        bare.run();
        double t1 = Timing.measured(bare, 5, 1);
        openblas.blas_set_num_threads(1);
        Thread.sleep(SPIN_MILLIS);
        return new double[] {t0, t1};
    }

    /** A row against a limit measured in the same rounds as ours: the ratio is the median round's. */
    private static void row(String name, double ours, double limit, double[] roundRatios, String target) {
        double[] r = roundRatios.clone();
        java.util.Arrays.sort(r);
        TorchPeer.row(WIDTH, name, ours, limit, TorchPeer.median(r), r[0], r[r.length - 1], target);
    }
}
