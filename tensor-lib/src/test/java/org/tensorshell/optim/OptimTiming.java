package org.tensorshell.optim;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;

/**
 * Not a test: times one optimizer step over the API.md model's parameters (Conv2d(1,32,3), Linear(21632,128),
 * Linear(128,10): 2.77M floats) for comparison with src/test/python/optim_timing.py (PyTorch 1.13).
 * Run: java --add-modules=jdk.incubator.vector -cp target/classes:target/test-classes org.tensorshell.optim.OptimTiming
 */
public final class OptimTiming {
    public static void main(String[] args) {
        long[][] shapes = {{32, 1, 3, 3}, {32}, {128, 21632}, {128}, {10, 128}, {10}};
        Torch.manualSeed(0);
        List<Tensor> params = Arrays.stream(shapes).map(s -> Torch.randn(s).requiresGrad_(true)).toList();
        for (Tensor p : params) p.setGrad(Torch.randnLike(p));
        List<String> names = List.of("Adam", "AdamW", "SGD(momentum=0.9)", "RMSprop", "Adagrad", "zeroGrad");
        List<Function<List<Tensor>, Optimizer>> makers = List.of(
            Adam::new, AdamW::new, p -> new SGD(p, SGD.options().lr(0.01).momentum(0.9)), RMSprop::new, Adagrad::new, Adam::new);
        for (int threads : new int[] {1, 2}) {
            Torch.setNumThreads(threads);
            for (int i = 0; i < names.size(); i++) {
                Optimizer opt = makers.get(i).apply(params);
                boolean zero = names.get(i).equals("zeroGrad");
                Runnable r = zero ? () -> { } : opt::step;
                for (int k = 0; k < 30; k++) r.run();
                double[] t = new double[100];
                for (int k = 0; k < t.length; k++) {
                    long t0 = System.nanoTime();
                    if (zero) opt.zeroGrad(); else r.run();
                    t[k] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(t);
                System.out.printf("tensorshell threads=%d %-18s median %.3f ms  min %.3f ms%n", threads, names.get(i), t[50], t[0]);
            }
        }
    }
}
