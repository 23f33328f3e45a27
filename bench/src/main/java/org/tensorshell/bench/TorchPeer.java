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

/** Runs a PyTorch script of bench/ and collects its `threads key value` lines. */
final class TorchPeer {
    private TorchPeer() {}

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
