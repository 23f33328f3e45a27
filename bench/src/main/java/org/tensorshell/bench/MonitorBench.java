package org.tensorshell.bench;

import static org.tensorshell.Torch.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorshell.Tensor;
import org.tensorshell.data.DataLoader;
import org.tensorshell.data.datasets.FashionMNIST;
import org.tensorshell.display.DisplaySink;
import org.tensorshell.display.MimeBundle;
import org.tensorshell.display.TrainingMonitor;
import org.tensorshell.nn.CrossEntropyLoss;
import org.tensorshell.nn.Reduction;
import org.tensorshell.optim.Adam;

/**
 * Issue 6, acceptance 4 (second half): what a live {@link TrainingMonitor} adds to the API.md training loop
 * (Fashion-MNIST, batch 32). The same seeded run of {@code steps} steps is timed without a monitor (A) and
 * with one publishing to a sink that serialises every bundle as the kernel's display messages would (B),
 * alternating A and B so that drifting machine load falls on both. The timed loop includes
 * {@code monitor.finish()}, which draws the final full-quality chart.
 * Usage: {@code MonitorBench [steps] [pairs]} (defaults 300 and 3).
 */
public final class MonitorBench {
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        var data = FashionMNIST.train();
        // warm-up: the JIT compiles the training step and the chart drawing, Java2D loads its classes
        train(data, Math.min(steps, 100), new JsonSink());

        double[] a = new double[pairs], b = new double[pairs];
        long[] renders = new long[pairs], bytes = new long[pairs];
        for (int p = 0; p < pairs; p++) {
            a[p] = train(data, steps, null);
            System.out.printf("  A%d %.2f s%n", p + 1, a[p]);
            JsonSink sink = new JsonSink();
            b[p] = train(data, steps, sink);
            System.out.printf("  B%d %.2f s, %d display messages%n", p + 1, b[p], sink.messages);
            renders[p] = sink.messages;
            bytes[p] = sink.bytes;
        }

        System.out.printf("API.md model, Fashion-MNIST, batch 32: %d steps without (A) and with (B) a live TrainingMonitor, ABAB%n", steps);
        System.out.printf("%-6s %10s %10s %10s %14s %12s%n", "pair", "A s", "B s", "overhead", "display msgs", "KiB sent");
        double[] over = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            over[p] = 100 * (b[p] / a[p] - 1);
            System.out.printf("%-6d %10.2f %10.2f %9.2f%% %14d %12d%n", p + 1, a[p], b[p], over[p], renders[p], bytes[p] / 1024);
        }
        double total = 100 * (Arrays.stream(b).sum() / Arrays.stream(a).sum() - 1);
        double[] sorted = over.clone();
        Arrays.sort(sorted);
        System.out.printf("overhead: %.2f%% over all pairs, median pair %.2f%%, spread %.2f%% .. %.2f%%   target <= 2%%%n",
            total, sorted[pairs / 2], sorted[0], sorted[pairs - 1]);
    }

    /** Seconds for {@code steps} steps of the API.md loop from a fresh seeded model; a monitor when sink != null. */
    static double train(FashionMNIST data, int steps, DisplaySink sink) {
        manualSeed(0);
        var model = new MnistTrain.MyModel();
        var optimizer = new Adam(model.parameters());
        var lossObject = new CrossEntropyLoss(Reduction.SUM);
        var trainDs = new DataLoader(data, 32, true);
        System.gc();
        long t0 = System.nanoTime();
        TrainingMonitor monitor = sink == null ? null
            : new TrainingMonitor(steps, TrainingMonitor.options().sink(sink).title("Fashion-MNIST"));
        model.train();
        int step = 0;
        while (step < steps) {
            for (var batch : trainDs) {
                Tensor predictions = model.forward(batch.input());
                Tensor loss = lossObject.forward(predictions, batch.target());
                double l = loss.item() / batch.target().size(0);
                if (monitor != null) monitor.log(step, Map.of("loss", l));
                loss.backward();
                optimizer.step();
                optimizer.zeroGrad();
                if (++step == steps) break;
            }
        }
        if (monitor != null) monitor.finish();
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Stands in for the kernel: each display or update becomes the JSON text of a display_data message
     * (the bundle's PNG is base64 already, as on the wire).
     */
    static final class JsonSink implements DisplaySink {
        long messages, bytes;
        private final List<String> ids = new ArrayList<>();

        @Override
        public synchronized String display(MimeBundle bundle) {
            String id = "display-" + ids.size();
            ids.add(id);
            send(id, bundle);
            return id;
        }

        @Override
        public synchronized void update(String displayId, MimeBundle bundle) {
            if (!ids.contains(displayId)) throw new IllegalStateException("update of unknown display " + displayId);
            send(displayId, bundle);
        }

        private void send(String id, MimeBundle bundle) {
            StringBuilder sb = new StringBuilder(1 << 16).append("{\"data\":{");
            boolean first = true;
            for (Map.Entry<String, Object> e : bundle.data().entrySet()) {
                if (!first) sb.append(',');
                first = false;
                quote(sb, e.getKey()).append(':');
                quote(sb, String.valueOf(e.getValue()));
            }
            sb.append("},\"metadata\":{},\"transient\":{\"display_id\":");
            quote(sb, id).append("}}");
            messages++;
            bytes += sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }

        private static StringBuilder quote(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                        else sb.append(c);
                    }
                }
            }
            return sb.append('"');
        }
    }
}
