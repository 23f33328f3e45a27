package org.tensorshell.nn;

import static org.tensorshell.Torch.*;

import org.tensorshell.GradMode;
import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/**
 * ms per training step of API.md's MNIST model (batch 32): forward, CrossEntropyLoss(SUM), backward and a
 * plain SGD update (the optimizer lives in optim). Run with the OpenBLAS backend on the class path;
 * {@code src/test/python/nn_step_timing.py} is PyTorch's side.
 */
public final class TrainStepTiming {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        setNumThreads(threads);
        manualSeed(0);
        var model = new ModuleTest.MyModel();
        var lossObject = new CrossEntropyLoss(Reduction.SUM);
        Tensor x = rand(32, 1, 28, 28);
        Tensor y = randint(0, 10, 32);
        int steps = 110;
        double[] phase = new double[3];
        double[] total = new double[steps - 10];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            Tensor loss = lossObject.forward(model.forward(x), y);
            long t1 = System.nanoTime();
            loss.backward();
            long t2 = System.nanoTime();
            try (GradMode g = noGrad()) {
                for (Tensor p : model.parameters()) p.sub_(p.grad().mul(1e-4));
            }
            model.zeroGrad();
            long t3 = System.nanoTime();
            if (i >= 10) {
                phase[0] += (t1 - t0) / 1e6;
                phase[1] += (t2 - t1) / 1e6;
                phase[2] += (t3 - t2) / 1e6;
                total[i - 10] = (t3 - t0) / 1e6;
            }
        }
        int n = steps - 10;
        java.util.Arrays.sort(total);
        System.out.printf("threads %d: mean forward %.2f ms, backward %.2f ms, update+zeroGrad %.2f ms; step median %.2f ms, "
            + "min %.2f ms%n", threads, phase[0] / n, phase[1] / n, phase[2] / n, total[n / 2], total[0]);
    }
}
