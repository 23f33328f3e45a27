package org.tensorshell.bench;

import static org.tensorshell.Torch.*;

import java.util.List;
import java.util.Map;
import org.tensorshell.Tensor;

/** Issue 3's figures: a tiny backward (per-op overhead of the engine) and a 2-layer MLP forward+backward. */
public final class AutogradBench {
    public static void main(String[] args) throws Exception {
        manualSeed(0);
        Tensor a = randn(8).requiresGrad_(true), b = randn(8).requiresGrad_(true);
        double tiny = Timing.median(() -> a.mul(b).sum().backward(), 15, 2000) * 1e6;

        Tensor w1 = randn(784, 256).requiresGrad_(true), b1 = zeros(256).requiresGrad_(true);
        Tensor w2 = randn(256, 10).requiresGrad_(true), b2 = zeros(10).requiresGrad_(true);
        Tensor x = randn(64, 784);
        Tensor y = randint(0, 10, 64);
        Tensor target = y.unsqueeze(1);
        // cross entropy written with primitives: -mean(log_softmax(z)[i, y_i])
        double mlp = Timing.median(() -> {
            Tensor h = x.matmul(w1).add(b1).relu();
            Tensor loss = h.matmul(w2).add(b2).logSoftmax(1).gather(1, target).mean().neg();
            loss.backward();
        }, 15, 20) * 1e3;

        Map<String, double[]> torch = TorchPeer.run("torch_autograd_bench.py", List.of());
        double tTiny = TorchPeer.best(torch, "tiny_backward_us", false);
        double tMlp = TorchPeer.best(torch, "mlp_step_ms", false);
        System.out.printf("%-44s %12s %12s %10s %s%n", "workload", "tensorshell", "pytorch", "ratio", "target");
        System.out.printf("%-44s %12.3f %12.3f %9.3fx %s%n", "(a*b).sum().backward(), 8 elements (us)", tiny, tTiny,
            tiny / tTiny, "<= 0.33x pytorch time");
        System.out.printf("%-44s %12.3f %12.3f %9.3fx %s%n", "MLP 784-256-10, batch 64, fwd+bwd (ms)", mlp, tMlp,
            mlp / tMlp, "<= 1.0x pytorch time");
    }
}
