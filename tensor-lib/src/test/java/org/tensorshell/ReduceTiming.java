package org.tensorshell;

/**
 * Not a test: times softmax and sums for comparison with PyTorch
 * ({@code python3 -c "import torch,time; ..."} at torch.set_num_threads(1) and 2).
 * Run: java --add-modules=jdk.incubator.vector -cp target/classes:target/test-classes org.tensorshell.ReduceTiming
 */
public final class ReduceTiming {
    public static void main(String[] args) {
        Torch.manualSeed(0);
        Tensor x = Torch.randn(4096, 1000);
        Tensor big = Torch.randn(16 * 1024 * 1024);
        for (int threads : new int[] {1, 2}) {
            Torch.setNumThreads(threads);
            Tensor out = Tensor.empty(x.shape.clone(), DType.FLOAT32);
            time("softmax kernel (no alloc)", threads, 200, () -> Softmax.kernel(x, out, false));
            time("logSoftmax kernel (no alloc)", threads, 200, () -> Softmax.kernel(x, out, true));
            time("allocate 4096x1000 f32", threads, 50, () -> Tensor.empty(x.shape.clone(), DType.FLOAT32));
            time("softmax(4096x1000, 1)", threads, 200, () -> x.softmax(1));
            time("logSoftmax(4096x1000, 1)", threads, 200, () -> x.logSoftmax(1));
            time("sum(16M)", threads, 50, () -> big.sum());
            time("sum(4096x1000, 1)", threads, 200, () -> x.sum(1));
            time("sum(4096x1000, 0)", threads, 50, () -> x.sum(0));
            time("amax(4096x1000, 1)", threads, 100, () -> x.amax(1));
        }
    }

    private static void time(String what, int threads, int n, Runnable r) {
        for (int i = 0; i < Math.max(10, n / 5); i++) r.run();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) r.run();
        double ms = (System.nanoTime() - t0) / 1e6 / n;
        System.out.printf("%-28s threads=%d  %.3f ms%n", what, threads, ms);
    }
}
