package org.tensorshell.bench;

import static org.tensorshell.Torch.*;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
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
 * {@code monitor.finish()}, which draws the final full-quality chart. Three figures: wall time and process
 * CPU time, B against A; and the monitor's own work in B (time inside its calls on the training thread plus
 * the CPU time of the thread that draws the live charts) against the rest of B's own wall time: measured
 * within one run, it is the figure a loaded machine disturbs least, where A and B minutes apart can differ
 * several times over. Usage: {@code MonitorBench [steps] [pairs]} (defaults 300 and 5).
 */
public final class MonitorBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One timed run: wall and process CPU seconds; for B, the monitor's own share. */
    record Run(double wall, double cpu, double onLoop, double renderer, long messages, long bytes) {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        var data = FashionMNIST.train();
        // warm-up, one run of each: the JIT compiles the training step and the chart drawing, Java2D loads
        // its classes (shorter, the later runs would still be getting faster, which favours B over A)
        System.out.printf("  warm-up %.2f s and %.2f s%n", train(data, steps, false).wall, train(data, steps, true).wall);

        Run[] a = new Run[pairs], b = new Run[pairs];
        for (int p = 0; p < pairs; p++) {
            a[p] = train(data, steps, false);
            System.out.printf("  A%d %.2f s%n", p + 1, a[p].wall);
            b[p] = train(data, steps, true);
            System.out.printf("  B%d %.2f s, %d display messages%n", p + 1, b[p].wall, b[p].messages);
        }

        System.out.printf("API.md model, Fashion-MNIST, batch 32: %d steps without (A) and with (B) a live TrainingMonitor, ABAB%n", steps);
        System.out.printf("%-5s %9s %9s %9s %9s %9s %9s %10s %10s %9s %6s %8s%n", "pair", "A wall s", "B wall s", "wall +%",
            "A cpu s", "B cpu s", "cpu +%", "in loop ms", "drawing ms", "monitor%", "msgs", "KiB sent");
        double[] wall = new double[pairs], cpu = new double[pairs], own = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            wall[p] = 100 * (b[p].wall / a[p].wall - 1);
            cpu[p] = 100 * (b[p].cpu / a[p].cpu - 1);
            double work = b[p].onLoop + b[p].renderer;
            own[p] = 100 * work / (b[p].wall - work);
            System.out.printf("%-5d %9.2f %9.2f %8.2f%% %9.2f %9.2f %8.2f%% %10.1f %10.1f %8.2f%% %6d %8d%n", p + 1, a[p].wall, b[p].wall,
                wall[p], a[p].cpu, b[p].cpu, cpu[p], 1e3 * b[p].onLoop, 1e3 * b[p].renderer, own[p], b[p].messages, b[p].bytes / 1024);
        }
        System.out.printf("overhead, median pair [min .. max]: wall %s, process CPU %s, the monitor's own work %s   target <= 2%%%n",
            spread(wall), spread(cpu), spread(own));
        System.out.printf("(wall over all pairs %.2f%%, CPU over all pairs %.2f%%)%n",
            100 * (sum(b, Run::wall) / sum(a, Run::wall) - 1), 100 * (sum(b, Run::cpu) / sum(a, Run::cpu) - 1));
    }

    private static String spread(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format("%.2f%% [%.2f .. %.2f]", s[s.length / 2], s[0], s[s.length - 1]);
    }

    private static double sum(Run[] runs, java.util.function.ToDoubleFunction<Run> f) {
        return Arrays.stream(runs).mapToDouble(f).sum();
    }

    /** {@code steps} steps of the API.md loop from a fresh seeded model, with or without a live monitor. */
    static Run train(FashionMNIST data, int steps, boolean monitored) {
        manualSeed(0);
        var model = new MnistTrain.MyModel();
        var optimizer = new Adam(model.parameters());
        var lossObject = new CrossEntropyLoss(Reduction.SUM);
        var trainDs = new DataLoader(data, 32, true);
        JsonSink sink = monitored ? new JsonSink() : null;
        System.gc();
        long renderer0 = rendererCpu();
        long cpu0 = processCpu();
        long t0 = System.nanoTime();
        long inMonitor = 0;
        TrainingMonitor monitor = sink == null ? null
            : new TrainingMonitor(steps, TrainingMonitor.options().sink(sink).title("Fashion-MNIST"));
        model.train();
        int step = 0;
        while (step < steps) {
            for (var batch : trainDs) {
                Tensor predictions = model.forward(batch.input());
                Tensor loss = lossObject.forward(predictions, batch.target());
                double l = loss.item() / batch.target().size(0);
                if (monitor != null) {
                    long m0 = System.nanoTime();
                    monitor.log(step, Map.of("loss", l));
                    inMonitor += System.nanoTime() - m0;
                }
                loss.backward();
                optimizer.step();
                optimizer.zeroGrad();
                if (++step == steps) break;
            }
        }
        if (monitor != null) {
            long m0 = System.nanoTime();
            monitor.finish();
            inMonitor += System.nanoTime() - m0;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpu() - cpu0) / 1e9;
        double drawing = (rendererCpu() - renderer0) / 1e9;
        return new Run(wall, cpu, inMonitor / 1e9, drawing, sink == null ? 0 : sink.messages, sink == null ? 0 : sink.bytes);
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU nanoseconds of the live-display thread so far (0 before it starts). */
    private static long rendererCpu() {
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals("tensorshell-live-display")) return THREADS.getThreadCpuTime(t.getThreadId());
        }
        return 0;
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
