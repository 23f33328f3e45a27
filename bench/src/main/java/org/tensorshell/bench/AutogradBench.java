package org.tensorshell.bench;

import static org.tensorshell.Torch.*;

import org.tensorshell.Tensor;

/** Issue 3's figures: a tiny backward (per-op overhead of the engine) and a 2-layer MLP forward+backward. */
public final class AutogradBench {
    public static void main(String[] args) throws Exception {
        manualSeed(0);
        System.out.println("Tensorshell autograd benchmarks; " + TorchPeer.openBlasEnvironment());
        Tensor a = randn(8).requiresGrad_(true), b = randn(8).requiresGrad_(true);
        Runnable tinyStep = () -> a.mul(b).sum().backward();

        Tensor w1 = randn(784, 256).requiresGrad_(true), b1 = zeros(256).requiresGrad_(true);
        Tensor w2 = randn(256, 10).requiresGrad_(true), b2 = zeros(10).requiresGrad_(true);
        Tensor x = randn(64, 784);
        Tensor y = randint(0, 10, 64);
        Tensor target = y.unsqueeze(1);
        // cross entropy written with primitives: -mean(log_softmax(z)[i, y_i])
        Runnable mlpStep = () -> {
            Tensor h = x.matmul(w1).add(b1).relu();
            Tensor loss = h.matmul(w2).add(b2).logSoftmax(1).gather(1, target).mean().neg();
            loss.backward();
        };
        // rounds of ours and PyTorch's alternate, so that a slow phase of the shared machine falls on both
        try (TorchPeer.Server torch = TorchPeer.Server.start("torch_autograd_bench.py")) {
            TorchPeer.Pair tiny = TorchPeer.timeBySide(torch, "tiny_backward_us", tinyStep, 2000, 1e6);
            TorchPeer.Pair mlp = TorchPeer.timeBySide(torch, "mlp_step_ms", mlpStep, 20, 1e3);
            TorchPeer.header(WIDTH);
            TorchPeer.row(WIDTH, "(a*b).sum().backward(), 8 elements (us)", tiny, "<= 0.33x pytorch time");
            TorchPeer.row(WIDTH, "MLP 784-256-10, batch 64, fwd+bwd (ms)", mlp, "<= 1.0x pytorch time");
            System.out.printf("%npytorch at 1 / 2 threads (medians): tiny %.3f / %.3f us, MLP %.3f / %.3f ms; %d rounds%n",
                tiny.peer1(), tiny.peer2(), mlp.peer1(), mlp.peer2(), TorchPeer.ROUNDS);
        }
    }

    private static final int WIDTH = 40;
}
