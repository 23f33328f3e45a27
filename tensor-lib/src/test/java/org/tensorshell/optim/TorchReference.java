package org.tensorshell.optim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/python/optim_reference.py} once (PyTorch 1.13 via /usr/bin/python3) and serves its
 * {@code key v1 v2 ...} lines. {@link #unavailable()} says why not when python3 or torch is missing.
 */
final class TorchReference {
    private TorchReference() {}

    private static Map<String, double[]> values;
    private static String unavailable;

    static synchronized String unavailable() {
        load();
        return unavailable;
    }

    static synchronized double[] get(String key) {
        load();
        double[] v = values.get(key);
        if (v == null) throw new AssertionError("reference script printed no '" + key + "'");
        return v;
    }

    private static void load() {
        if (values != null || unavailable != null) return;
        Path python = Path.of("/usr/bin/python3");
        Path script = Path.of("src/test/python/optim_reference.py");
        if (!Files.isExecutable(python)) {
            unavailable = "/usr/bin/python3 not found (apt-get install python3-torch)";
            return;
        }
        try {
            Process p = new ProcessBuilder(python.toString(), script.toString()).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                unavailable = err.contains("No module named 'torch'")
                    ? "python3 cannot import torch (apt-get install python3-torch)"
                    : null;
                if (unavailable == null) throw new AssertionError("optim_reference.py failed: " + err);
                return;
            }
            Map<String, double[]> m = new HashMap<>();
            for (String line : out.split("\n")) {
                if (line.isBlank()) continue;
                String[] parts = line.trim().split(" ");
                double[] v = new double[parts.length - 1];
                for (int i = 1; i < parts.length; i++) v[i - 1] = Double.parseDouble(parts[i]);
                m.put(parts[0], v);
            }
            values = m;
        } catch (IOException | InterruptedException e) {
            unavailable = "cannot run python3: " + e;
        }
    }
}
