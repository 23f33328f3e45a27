package org.tensorshell.bench;

import static org.tensorshell.Torch.*;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.tensorshell.Tensor;
import org.tensorshell.core.Backends;

/**
 * Issue 2's figures: matmul, a large add, a tiny add and softmax, each next to PyTorch at its best
 * thread setting and to the physical limit measured in the same run (bare cblas_sgemm, memcpy).
 */
public final class CoreBench {
    public static void main(String[] args) throws Exception {
        manualSeed(0);
        System.out.println("Tensorshell core benchmarks (threads: " + getNumThreads() + ", gemm backend for 2048^3: "
            + Backends.gemm(FLOAT32, 2048, 2048, 2048).name() + ")");

        // matmul float32 2048x2048, and a bare cblas_sgemm on the same buffers
        Tensor a = randn(2048, 2048), b = randn(2048, 2048), c = zeros(2048, 2048);
        double flops = 2.0 * 2048 * 2048 * 2048;
        FloatPointer pa = new FloatPointer((FloatBuffer) a.untypedStorage().directBuffer());
        FloatPointer pb = new FloatPointer((FloatBuffer) b.untypedStorage().directBuffer());
        FloatPointer pc = new FloatPointer((FloatBuffer) c.untypedStorage().directBuffer());
        // ours and the bare call alternate, so the wrapper's ratio is not the drift of a shared machine
        double[] mm = Timing.medians(() -> a.matmul(b), () -> openblas.cblas_sgemm(openblas.CblasRowMajor,
            openblas.CblasNoTrans, openblas.CblasNoTrans, 2048, 2048, 2048, 1f, pa, 2048, pb, 2048, 0f, pc, 2048), 11);
        double ours = flops / mm[0] / 1e9, bare = flops / mm[1] / 1e9;

        // elementwise add of 16M floats (bytes moved: 2 reads + 1 write), and memcpy of the same size
        int n = 16 << 20;
        Tensor x = randn(n), y = randn(n);
        double addGbps = 12.0 * n / Timing.median(() -> x.add(y), 15, 1) / 1e9;
        FloatBuffer src = (FloatBuffer) x.untypedStorage().directBuffer();
        FloatBuffer dst = (FloatBuffer) y.clone().untypedStorage().directBuffer();
        double copyGbps = 8.0 * n / Timing.median(() -> dst.put(0, src, 0, n), 15, 1) / 1e9;

        // a tiny add: per-op overhead
        Tensor s1 = randn(8), s2 = randn(8);
        double add8 = Timing.median(() -> s1.add(s2), 15, 20_000) * 1e6;

        // softmax over dim 1 of 4096x1000
        Tensor z = randn(4096, 1000);
        double softmax = Timing.median(() -> z.softmax(1), 15, 1) * 1e3;

        Map<String, double[]> torch = TorchPeer.run("torch_bench.py", List.of());
        double tMatmul = TorchPeer.best(torch, "matmul_gflops", true);
        double tAdd = TorchPeer.best(torch, "add16m_gbps", true);
        double tAdd8 = TorchPeer.best(torch, "add8_us", false);
        double tSoftmax = TorchPeer.best(torch, "softmax_ms", false);

        System.out.println();
        System.out.printf("%-34s %12s %12s %10s %s%n", "workload", "tensorshell", "pytorch", "ratio", "target");
        row("matmul f32 2048^2 (GFLOP/s)", ours, tMatmul, ours / tMatmul, ">= 1.0x pytorch");
        row("  vs bare cblas_sgemm (GFLOP/s)", ours, bare, ours / bare, ">= 0.95 of bare");
        row("add 16M f32 (GB/s)", addGbps, tAdd, addGbps / tAdd, ">= 1.0x pytorch");
        row("  vs memcpy (GB/s)", addGbps, copyGbps, addGbps / copyGbps, ">= 0.80 of memcpy");
        row("add 8 elements (us/op)", add8, tAdd8, add8 / tAdd8, "<= 0.35x pytorch time");
        row("softmax 4096x1000 dim 1 (ms)", softmax, tSoftmax, softmax / tSoftmax, "<= 1.0x pytorch time");
        System.out.println();
        System.out.println("pytorch per thread count (1, 2): " + describe(torch));
    }

    private static void row(String name, double ours, double peer, double ratio, String target) {
        System.out.printf("%-34s %12.3f %12.3f %9.3fx %s%n", name, ours, peer, ratio, target);
    }

    private static String describe(Map<String, double[]> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(String.format("%s=[%.3f, %.3f] ", k, v[1], v[2])));
        return sb.toString();
    }
}
