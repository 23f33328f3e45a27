package org.tensorshell.bench;

import static org.tensorshell.Torch.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorshell.Tensor;
import org.tensorshell.data.DataLoader;
import org.tensorshell.data.datasets.FashionMNIST;
import org.tensorshell.nn.CrossEntropyLoss;
import org.tensorshell.nn.Reduction;
import org.tensorshell.optim.Adam;

/**
 * Issue 4, acceptance 4: 300 steps of the API.md training loop on Fashion-MNIST (batch 32), median ms/step
 * after warm-up and peak resident memory (VmHWM), next to PyTorch 1.13 at 1 and 2 threads, one process per
 * thread setting. Usage: {@code TrainBench [steps] [warmup] [--no-torch]}.
 */
public final class TrainBench {
    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        manualSeed(0);
        var model = new MnistTrain.MyModel();
        var optimizer = new Adam(model.parameters());
        var lossObject = new CrossEntropyLoss(Reduction.SUM);
        var trainDs = new DataLoader(FashionMNIST.train(), 32, true);
        model.train();
        double[] times = new double[steps];
        int step = 0;
        while (step < steps) {
            var it = trainDs.iterator();
            while (step < steps) {
                long t0 = System.nanoTime();
                if (!it.hasNext()) break;
                var batch = it.next();
                Tensor predictions = model.forward(batch.input());
                Tensor loss = lossObject.forward(predictions, batch.target());
                loss.item();
                loss.backward();
                optimizer.step();
                optimizer.zeroGrad();
                times[step++] = (System.nanoTime() - t0) / 1e6;
            }
            it.close();
        }
        double ms = median(Arrays.copyOfRange(times, Math.min(warmup, steps - 1), steps));
        double mb = vmHwmMb();

        boolean peer = !List.of(args).contains("--no-torch");
        Map<String, double[]> torch = new HashMap<>();
        for (int threads = 1; peer && threads <= 2; threads++) {
            TorchPeer.run("torch_train_bench.py", List.of(String.valueOf(threads), String.valueOf(steps),
                String.valueOf(warmup))).forEach((k, v) -> {
                    double[] all = torch.computeIfAbsent(k, key -> new double[] {Double.NaN, Double.NaN, Double.NaN});
                    for (int i = 0; i < v.length; i++) if (!Double.isNaN(v[i])) all[i] = v[i];
                });
        }
        double[] tMs = torch.getOrDefault("step_ms", new double[] {Double.NaN, Double.NaN, Double.NaN});
        double[] tMb = torch.getOrDefault("peak_rss_mb", new double[] {Double.NaN, Double.NaN, Double.NaN});
        // PyTorch's best thread setting is the faster one; its memory is compared from that same run
        int best = Double.isNaN(tMs[2]) || tMs[1] <= tMs[2] ? 1 : 2;

        System.out.printf("API.md model, Fashion-MNIST, batch 32, %d steps (median after %d warm-up steps)%n", steps, warmup);
        System.out.printf("%-36s %12s %12s%n", "", "ms/step", "peak RSS MB");
        System.out.printf("%-36s %12.2f %12.1f%n", "tensorshell", ms, mb);
        for (int t = 1; t <= 2; t++) {
            System.out.printf("%-36s %12.2f %12.1f%n", "pytorch, " + t + " thread" + (t > 1 ? "s" : ""), tMs[t], tMb[t]);
        }
        System.out.printf("%-36s %11.3fx %11.3fx   target <= 0.8x time, <= 1.0x memory%n",
            "ratio vs pytorch " + best + " thread" + (best > 1 ? "s" : "") + " (best)", ms / tMs[best], mb / tMb[best]);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Peak resident set size of this process (VmHWM), in MiB. */
    static double vmHwmMb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) return Double.NaN;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.split("\\s+")[1]) / 1024.0;
        }
        return Double.NaN;
    }
}
