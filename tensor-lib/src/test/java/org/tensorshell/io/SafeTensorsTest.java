package org.tensorshell.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.TensorError;

class SafeTensorsTest {
    static final String PYTHON = "/usr/bin/python3";
    static final Path HELPER = Path.of("src", "test", "python", "safetensors_io.py");

    /** The same tensors as expected() in safetensors_io.py, in the same order. */
    static Map<String, Tensor> expected() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("layer.weight", Torch.arange(12).toFloat().reshape(3, 4).mul(0.25).sub(1.5));
        m.put("layer.bias", Torch.tensor((Object) new double[] {0.1, -2.5, Double.POSITIVE_INFINITY, -0.0, Double.NaN}, DType.FLOAT64));
        m.put("steps", Torch.tensor((Object) ((1L << 40) + 3), DType.INT64));
        m.put("idx", Torch.tensor(new int[][] {{-1, 0, 1}, {Integer.MAX_VALUE, Integer.MIN_VALUE, 7}}, DType.INT32));
        m.put("mask", Torch.tensor(true, false, true, true, false));
        m.put("empty", Torch.zeros(new long[] {0, 3}, DType.FLOAT32));
        m.put("transposed", Torch.arange(6).toFloat().reshape(2, 3).t()); // not contiguous
        return m;
    }

    static void assertSameTensors(Map<String, Tensor> want, Map<String, Tensor> got) {
        assertEquals(new ArrayList<>(want.keySet()), new ArrayList<>(got.keySet()));
        want.forEach((k, w) -> {
            Tensor g = got.get(k);
            assertEquals(w.dtype(), g.dtype(), k);
            assertArrayEquals(w.shape(), g.shape(), k);
            double[] a = w.toDoubleArray(), b = g.toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Double.doubleToLongBits(a[i]), Double.doubleToLongBits(b[i]), k + "[" + i + "]: " + a[i] + " vs " + b[i]);
            }
            if (w.dtype() == DType.INT64) assertArrayEquals(w.toLongArray(), g.toLongArray(), k);
        });
    }

    @Test
    void roundTripKeepsOrderDtypesShapesAndBits(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        Map<String, Tensor> m = expected();
        SafeTensors.save(m, f, Map.of("format", "pt"));
        assertSameTensors(m, SafeTensors.load(f));
        assertEquals(Map.of("format", "pt"), SafeTensors.metadata(f));
        assertSameTensors(m, Torch.load(f));
        try (var files = Files.list(dir)) { assertEquals(1, files.count(), "no temporary file left"); }
        assertEquals(0, (8 + headerLength(f)) % 8, "data section 8-byte aligned");
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f), "usual permissions, not a temp file's 0600");
    }

    @Test
    void largeTensorsRoundTripAcrossChunks(@TempDir Path dir) {
        Path f = dir.resolve("big.safetensors");
        Tensor big = Torch.rand(new long[] {700, 1000}, new org.tensorshell.Generator(3));
        Tensor longs = Torch.arange(300_000).mul(7919L);
        Torch.save(Map.of("big", big), f);
        assertArrayEquals(big.toFloatArray(), Torch.load(f).get("big").toFloatArray());
        Torch.save(Map.of("longs", longs), f); // replaces the first file atomically
        assertArrayEquals(longs.toLongArray(), Torch.load(f).get("longs").toLongArray());
    }

    static long headerLength(Path f) {
        try {
            byte[] b = Files.readAllBytes(f);
            return ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- damaged files

    /** A file with the given JSON header and data bytes. */
    static Path file(Path dir, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve("t.safetensors");
        Files.write(f, b.array());
        return f;
    }

    static void fails(Path f, String... parts) {
        TensorError e = assertThrows(TensorError.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().startsWith("load: " + f + ": "), e.getMessage());
        for (String p : parts) assertTrue(e.getMessage().contains(p), () -> "expected '" + p + "' in: " + e.getMessage());
    }

    @Test
    void truncatedFilesFailCleanlyAtEveryLength(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.save(expected(), good);
        byte[] all = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        for (int len = 0; len < all.length; len++) {
            Files.write(cut, java.util.Arrays.copyOf(all, len));
            TensorError e = assertThrows(TensorError.class, () -> SafeTensors.load(cut), "length " + len);
            assertTrue(e.getMessage().startsWith("load: " + cut + ": "), e.getMessage());
        }
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 5));
        fails(cut, "tensor \"transposed\" (F32 [3, 2]) needs bytes [", "truncated file?");
    }

    @Test
    void corruptHeadersNameTheProblemAndTheKey(@TempDir Path dir) throws IOException {
        String w = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}";
        assertEquals(List.of("w"), List.copyOf(SafeTensors.load(file(dir, w + "}", 24)).keySet()));
        fails(file(dir, w + "}", 28), "the data section holds 28 bytes but the tensors cover 24");
        fails(file(dir, w, 24), "malformed JSON header", "expected '}'");
        fails(file(dir, w + ",\"w\":{}}", 24), "duplicate key \"w\"");
        fails(file(dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20),
            "tensor \"w\" (F32 [2, 3]) needs 24 bytes but data_offsets [0, 20] span 20");
        fails(file(dir, "{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
            "tensor \"w\" has dtype F16, which Tensorshell does not support");
        fails(file(dir, "{\"w\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "unknown dtype \"Q7\"");
        fails(file(dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,4]}}", 4), "must hold non-negative integers");
        fails(file(dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4), "data_offsets [4, 0]");
        fails(file(dir, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
            "tensors \"a\" (F32 [2]) and \"b\" (F32 [1]) overlap");
        fails(file(dir, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "bytes [0, 4) of the data section belong to no tensor");
        fails(file(dir, "{\"__metadata__\":{\"n\":3}}", 0), "__metadata__ value of \"n\" must be a string");
        fails(file(dir, "[1, 2]", 0), "does not start with '{'");
        fails(file(dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[3037000500,3037000500],\"data_offsets\":[0,4]}}", 4), "overflows");

        Path f = dir.resolve("len.safetensors");
        Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        fails(f, "header length 1099511627776 is not in");
        Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100).array());
        fails(f, "header length 100 runs past the end of the 16-byte file");
        Files.write(f, new byte[] {1, 2, 3});
        fails(f, "shorter than the 8-byte header length");
        byte[] badUtf8 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(4).put(new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}).array();
        Files.write(f, badUtf8);
        fails(f, "not valid UTF-8");
        assertThrows(TensorError.class, () -> SafeTensors.load(dir.resolve("missing.safetensors")));
    }

    @Test
    void saveRejectsReservedAndNullKeys(@TempDir Path dir) {
        Path f = dir.resolve("x.safetensors");
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("__metadata__", Torch.zeros(2));
        TensorError e = assertThrows(TensorError.class, () -> SafeTensors.save(m, f));
        assertTrue(e.getMessage().contains("\"__metadata__\" cannot name a tensor"), e.getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void jsonEdgeCases() {
        assertEquals(Map.of("a", List.of(1L, -2.5, "x\"\n\u00e9", true, false)),
            Json.parse(" {\"a\": [1, -2.5, \"x\\\"\\n\\u00e9\", true, false]} "));
        for (String bad : List.of("{", "{\"a\":}", "{\"a\":1,}", "[01]", "{\"a\":1} x", "\"\u0001\"", "{\"a\" 1}", "[1.]", "nul")) {
            assertThrows(Json.ParseError.class, () -> Json.parse(bad), bad);
        }
        assertThrows(Json.ParseError.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
        StringBuilder sb = new StringBuilder();
        Json.write(sb, Map.of("k\t\"", List.of(1L, "\u0002")));
        assertEquals("{\"k\\t\\\"\":[1,\"\\u0002\"]}", sb.toString());
    }

    // ---------------------------------------------------------------- PyTorch interop

    /** Runs the helper; skips the test when python3 or torch is missing. */
    static String python(String... args) {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "no " + PYTHON);
        try {
            List<String> cmd = new ArrayList<>(List.of(PYTHON, HELPER.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
            Assumptions.assumeFalse(out.contains("No module named 'torch'"), "PyTorch is not installed (python3-torch)");
            assertEquals(0, p.exitValue(), out);
            return out.strip();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Both directions with two Python processes: PyTorch writes a file of known tensors and a seeded model's
     * state_dict; we load both, write our own file and a copy of the state_dict; PyTorch then checks ours
     * bit for bit and the copy against its original.
     */
    @Test
    void interopWithPytorchBothWays(@TempDir Path dir) {
        python("prepare", dir.toString());

        Map<String, Tensor> got = SafeTensors.load(dir.resolve("torch.safetensors"));
        // the reference layout orders data by dtype, then name; load returns data order
        assertEquals(List.of("steps", "layer.bias", "empty", "layer.weight", "transposed", "idx", "mask"), List.copyOf(got.keySet()));
        Map<String, Tensor> want = expected();
        Map<String, Tensor> reordered = new LinkedHashMap<>();
        for (String k : got.keySet()) reordered.put(k, want.get(k));
        assertSameTensors(reordered, got);
        assertEquals(Map.of("format", "pt"), SafeTensors.metadata(dir.resolve("torch.safetensors")));

        Map<String, Tensor> sd = Torch.load(dir.resolve("torch_model.safetensors"));
        assertArrayEquals(new long[] {10, 2704}, sd.get("3.weight").shape());
        assertEquals(DType.INT64, sd.get("4.num_batches_tracked").dtype());
        assertEquals(1, sd.get("4.num_batches_tracked").itemLong());
        Torch.save(sd, dir.resolve("java_copy.safetensors"));

        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("writer", "tensorshell");
        SafeTensors.save(expected(), dir.resolve("java.safetensors"), meta);

        assertEquals("OK", python("verify", dir.toString()));
    }
}
