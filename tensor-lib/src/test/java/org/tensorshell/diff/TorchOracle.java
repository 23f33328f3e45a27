package org.tensorshell.diff;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
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
import org.tensorshell.DType;
import org.tensorshell.Tensor;

/**
 * Runs differential cases: evaluates each in Tensorshell, hands inputs and outcomes to
 * {@code src/test/python/torch_oracle.py} (PyTorch 1.13 from Debian's python3-torch) and turns its
 * verdicts into one JUnit test per case. Without python3 + torch the tests are skipped with the reason.
 */
public final class TorchOracle {
    private TorchOracle() {}

    public static final String PYTHON = "/usr/bin/python3";

    /** Null when PyTorch can be imported, else why not. */
    public static String unavailableReason() {
        if (!Files.isExecutable(Path.of(PYTHON))) return PYTHON + " not found (apt-get install python3-torch)";
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "python3 cannot import torch (apt-get install python3-torch): " + out.strip();
            }
            return null;
        } catch (IOException | InterruptedException e) {
            return "cannot run python3: " + e;
        }
    }

    public static Stream<DynamicTest> run(String suite, List<DiffCase> cases) {
        String reason = unavailableReason();
        Map<String, String[]> verdicts = new LinkedHashMap<>();
        if (reason == null) verdicts = evaluate(suite, cases);
        final String why = reason;
        final Map<String, String[]> v = verdicts;
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Assumptions.assumeTrue(why == null, () -> "PyTorch oracle unavailable: " + why);
            String[] r = v.get(c.name());
            if (r == null) throw new AssertionError("oracle returned no verdict for " + c.name());
            if (!"OK".equals(r[0])) throw new AssertionError(c.name() + " [" + c.py() + "]: " + r[1]);
        }));
    }

    private static Map<String, String[]> evaluate(String suite, List<DiffCase> cases) {
        try {
            Path dir = Path.of("target", "diff");
            Files.createDirectories(dir);
            Path in = dir.resolve(suite + "-cases.json"), out = dir.resolve(suite + "-verdicts.tsv");
            StringBuilder sb = new StringBuilder("[\n");
            java.util.Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < cases.size(); i++) {
                DiffCase c = cases.get(i);
                if (!names.add(c.name())) throw new IllegalStateException("duplicate case name " + c.name());
                if (i > 0) sb.append(",\n");
                writeCase(sb, c);
            }
            sb.append("\n]\n");
            Files.writeString(in, sb);
            Process p = new ProcessBuilder(PYTHON, script("torch_oracle.py").toString(), in.toString(), out.toString())
                .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("torch_oracle.py failed: " + log);
            }
            Map<String, String[]> verdicts = new LinkedHashMap<>();
            for (String line : Files.readAllLines(out)) {
                String[] f = line.split("\t", 3);
                verdicts.put(f[0], new String[] {f[1], f.length > 2 ? f[2] : ""});
            }
            return verdicts;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("differential run failed", e);
        }
    }

    /**
     * A script of tensor-lib's src/test/python, found from tensor-lib, the repository root, or a sibling module
     * (native-kernels runs this tier too).
     */
    static Path script(String name) {
        for (Path dir : new Path[] {Path.of("."), Path.of("tensor-lib"), Path.of("..", "tensor-lib")}) {
            Path p = dir.resolve(Path.of("src", "test", "python", name));
            if (Files.exists(p)) return p;
        }
        return Path.of("tensor-lib", "src", "test", "python", name);
    }

    private static void writeCase(StringBuilder sb, DiffCase c) {
        sb.append("{\"name\": ").append(str(c.name())).append(", \"py\": ").append(str(c.py())).append(", \"inputs\": [");
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; i < c.inputs().size(); i++) {
            DiffCase.Input in = c.inputs().get(i);
            if (i > 0) sb.append(", ");
            sb.append("{\"dtype\": ").append(str(in.base().dtype().torchName())).append(", \"shape\": ")
                .append(shape(in.base())).append(", \"data\": ").append(data(in.base()));
            if (in.pyView() != null) sb.append(", \"view\": ").append(str(in.pyView()));
            sb.append("}");
            xs.add(in.build());
        }
        sb.append("], \"java\": ");
        try {
            Object r = c.java().apply(xs);
            if (r instanceof String text) {
                sb.append("{\"string\": ").append(str(text)).append("}}");
                return;
            }
            List<Tensor> outs = new ArrayList<>();
            flatten(r, outs);
            sb.append("{\"outputs\": [");
            for (int i = 0; i < outs.size(); i++) {
                Tensor t = outs.get(i);
                if (i > 0) sb.append(", ");
                sb.append("{\"dtype\": ").append(str(t.dtype().torchName())).append(", \"shape\": ").append(shape(t))
                    .append(", \"data\": ").append(data(t)).append("}");
            }
            sb.append("]}");
        } catch (IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException e) {
            sb.append("{\"error\": ").append(str(e.getClass().getSimpleName() + ": " + e.getMessage())).append("}");
        }
        sb.append("}");
    }

    private static void flatten(Object r, List<Tensor> out) {
        if (r instanceof Tensor t) {
            out.add(t);
        } else if (r instanceof List<?> l) {
            for (Object o : l) flatten(o, out);
        } else if (r instanceof Tensor[] a) {
            for (Tensor t : a) out.add(t);
        } else if (r != null && r.getClass().isRecord()) {
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    flatten(rc.getAccessor().invoke(r), out);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        } else if (r instanceof Number n) {
            out.add(org.tensorshell.Torch.tensor((Object) n));
        } else {
            throw new IllegalStateException("cannot compare a result of type " + (r == null ? "null" : r.getClass()));
        }
    }

    private static String shape(Tensor t) {
        return java.util.Arrays.toString(t.shape());
    }

    private static String data(Tensor t) {
        StringBuilder sb = new StringBuilder("[");
        if (t.dtype().isFloatingPoint()) {
            double[] d = t.toDoubleArray();
            for (int i = 0; i < d.length; i++) {
                if (i > 0) sb.append(", ");
                sb.append(t.dtype() == DType.FLOAT32 ? Float.toString((float) d[i]) : Double.toString(d[i]));
            }
        } else {
            long[] l = t.toLongArray();
            for (int i = 0; i < l.length; i++) {
                if (i > 0) sb.append(", ");
                sb.append(l[i]);
            }
        }
        return sb.append("]").toString();
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.append('"').toString();
    }
}
