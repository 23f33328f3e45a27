package org.tensorshell.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a PyTorch script of bench/: either once, collecting its `threads key value` lines ({@link #run}),
 * or as a {@link Server} that measures one workload at a time on request, so that a benchmark can
 * alternate rounds of its own measurements with PyTorch's ({@link #bySide}).
 */
final class TorchPeer {
    private TorchPeer() {}

    /** A PyTorch script running with --serve: one `key threads` line in, one value out. */
    static final class Server implements AutoCloseable {
        private final Process process;
        private final BufferedReader in;
        private final java.io.Writer out;

        private Server(Process process) {
            this.process = process;
            this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.out = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        /** The script of bench/ serving requests, or null when PyTorch's Python is not installed. */
        static Server start(String script) throws IOException {
            Path py = Path.of("bench", script);
            if (!Files.exists(Path.of("/usr/bin/python3")) || !Files.exists(py)) return null;
            Process p = new ProcessBuilder("/usr/bin/python3", py.toString(), "--serve")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Server(p);
        }

        /** PyTorch's value of {@code key} (in the script's unit) at {@code threads} threads. */
        double measure(String key, int threads) throws IOException {
            out.write(key + " " + threads + "\n");
            out.flush();
            String line = in.readLine();
            if (line == null) throw new IOException("the PyTorch peer " + key + " ended without an answer");
            return Double.parseDouble(line.trim());
        }

        /** The path of the OpenBLAS library the PyTorch peer runs on, or null where it runs on another BLAS. */
        String blasLibrary() throws IOException {
            out.write("blas_library 0\n");
            out.flush();
            String line = in.readLine();
            if (line == null) throw new IOException("the PyTorch peer ended without naming its BLAS");
            return line.strip().equals("none") ? null : line.strip();
        }

        @Override
        public void close() throws IOException {
            out.close();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One measurement of ours, in the same unit as the peer's value. */
    interface Measurement {
        double take() throws Exception;
    }

    /**
     * Ours and PyTorch's value side by side: {@code rounds} rounds of one measurement of ours, then
     * PyTorch's at 1 and at 2 threads. Each side's figure is its median over the rounds (PyTorch's at its
     * better thread count); {@code low} and {@code high} are the smallest and largest ratio of a single
     * round (ours over PyTorch's better thread count in that round).
     */
    record Pair(double ours, double peer, double ratio, double low, double high, double peer1, double peer2) {}

    static Pair bySide(Server peer, String key, boolean higherIsBetter, int rounds, Measurement ours) throws Exception {
        double[] o = new double[rounds], p1 = new double[rounds], p2 = new double[rounds], r = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            quiet();
            o[i] = ours.take();
            quiet();
            p1[i] = peer == null ? Double.NaN : peer.measure(key, 1);
            quiet();
            p2[i] = peer == null ? Double.NaN : peer.measure(key, 2);
            r[i] = o[i] / (higherIsBetter ? Math.max(p1[i], p2[i]) : Math.min(p1[i], p2[i]));
            if (Boolean.getBoolean("bench.verbose")) {
                System.out.printf("  %s round %d: ours %.3f, pytorch %.3f / %.3f%n", key, i, o[i], p1[i], p2[i]);
            }
        }
        double m1 = median(p1), m2 = median(p2), mo = median(o);
        double best = higherIsBetter ? Math.max(m1, m2) : Math.min(m1, m2);
        java.util.Arrays.sort(r);
        return new Pair(mo, best, mo / best, r[0], r[rounds - 1], m1, m2);
    }

    /** Rounds of each side in {@link #bySide}. */
    static final int ROUNDS = 7;

    /**
     * {@link #bySide} for a time per call of {@code body} ({@code inner} calls a repetition, 15 repetitions
     * a round), in the unit {@code scale} turns seconds into; warms it up (until steady, see Timing) just before its rounds.
     */
    static Pair timeBySide(Server peer, String key, Runnable body, int inner, double scale) throws Exception {
        Timing.median(body, 3, inner);
        return bySide(peer, key, false, ROUNDS, () -> Timing.measured(body, 15, inner) * scale);
    }

    /** The table's header; {@code width} is that of the workload column. */
    static void header(int width) {
        System.out.printf("%-" + width + "s %11s %11s %9s %15s %s%n", "workload", "tensorshell", "pytorch", "ratio",
            "rounds' ratios", "target");
    }

    /** A row of the table: ours, PyTorch's, their ratio and the range of single rounds' ratios. */
    static void row(int width, String name, Pair p, String target) {
        row(width, name, p.ours(), p.peer(), p.ratio(), p.low(), p.high(), target);
    }

    static void row(int width, String name, double ours, double peer, double ratio, double low, double high,
                    String target) {
        System.out.printf("%-" + width + "s %11.3f %11.3f %8.3fx %7.3f-%-7.3f %s%n", name, ours, peer, ratio, low,
            high, target);
    }

    /**
     * A pause between one side's measurement and the other's: OpenBLAS's threads (PyTorch's and ours)
     * keep spinning for a while after a product (about 2^28 cycles), and would take the cores from
     * the side measured next.
     */
    private static void quiet() throws InterruptedException {
        Thread.sleep(QUIET_MILLIS);
    }

    private static final long QUIET_MILLIS = 300;

    /**
     * The OpenBLAS settings this process and the PyTorch peer inherit from the environment: on some
     * machines OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are set (older OpenBLAS builds, like the one Debian's
     * PyTorch links, misbehave on some processors without them), and they pick the kernels both sides run.
     */
    static String openBlasEnvironment() {
        String core = System.getenv("OPENBLAS_CORETYPE"), l2 = System.getenv("OPENBLAS_L2_SIZE");
        String env = core == null && l2 == null ? "OpenBLAS picks its kernels itself (OPENBLAS_CORETYPE unset)"
            : "OPENBLAS_CORETYPE=" + core + " OPENBLAS_L2_SIZE=" + l2 + " (from the environment, for both sides)";
        return env + "\nour BLAS: " + ourOpenBlas();
    }

    /** Our OpenBLAS's description of itself (kernels included), asked of the library this JVM loaded. */
    private static String ourOpenBlas() {
        try {
            org.tensorshell.Torch.randn(64, 64).matmul(org.tensorshell.Torch.randn(64, 64)); // loads it
            String lib = Files.readAllLines(Path.of("/proc/self/maps")).stream().map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .filter(p -> p.contains("libopenblas")).findFirst().orElse(null);
            if (lib == null) return "not loaded";
            Process p = new ProcessBuilder("/usr/bin/python3", "bench/openblas_info.py", lib).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    /** key -> value per thread count; the map is empty when PyTorch is not installed. */
    static Map<String, double[]> run(String script, List<String> args) throws IOException, InterruptedException {
        Map<String, double[]> out = new HashMap<>();
        Path py = Path.of("bench", script);
        if (!Files.exists(Path.of("/usr/bin/python3")) || !Files.exists(py)) return out;
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", py.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                if (f.length != 3) continue;
                int threads = Integer.parseInt(f[0]);
                out.computeIfAbsent(f[1], k -> new double[] {Double.NaN, Double.NaN, Double.NaN})[threads] = Double.parseDouble(f[2]);
            }
        }
        p.waitFor();
        return out;
    }

    /** The best of PyTorch's thread settings: the highest value for rates, the lowest for times. */
    static double best(Map<String, double[]> m, String key, boolean higherIsBetter) {
        double[] v = m.get(key);
        if (v == null) return Double.NaN;
        double a = v[1], b = v[2];
        if (Double.isNaN(a)) return b;
        if (Double.isNaN(b)) return a;
        return higherIsBetter ? Math.max(a, b) : Math.min(a, b);
    }
}
