package org.tensorshell.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorshell.DType;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;
import org.tensorshell.core.Storage;
import org.tensorshell.core.TensorError;

/**
 * Checkpoints in Hugging Face's safetensors format, so weights move to and from Python:
 * <pre>
 * [8 bytes: N, little-endian u64] [N bytes: JSON header] [data]
 * header: {"__metadata__": {"k": "v"}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...}
 * </pre>
 * Data is little-endian and row-major; offsets are relative to the start of the data section, which
 * tensors cover exactly, without holes or overlaps.
 *
 * <p>{@link #save} writes atomically (temporary file, fsync, rename): a crash leaves the old checkpoint or
 * the new one, never a mix. {@link #load} checks the whole header against the file before reading any data
 * and returns either every tensor or a {@link TensorError} naming the file, the key and the shapes.
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** The metadata key reserved by the format. */
    public static final String METADATA = "__metadata__";
    /** The largest header accepted (as the reference implementation does), so a bad length cannot exhaust memory. */
    static final long MAX_HEADER = 100L << 20;
    private static final int CHUNK = 1 << 20;

    /** The tensors and the {@code __metadata__} strings of a file. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

    /** Saves {@code tensors} (in map order) to {@code path}. */
    public static void save(Map<String, Tensor> tensors, Path path) { save(tensors, path, Map.of()); }

    /** Saves {@code tensors} with string {@code metadata} (e.g. {@code {"format": "pt"}}). */
    public static void save(Map<String, Tensor> tensors, Path path, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            Map<String, Object> meta = new LinkedHashMap<>();
            metadata.forEach((k, v) -> {
                if (k == null || v == null) throw new TensorError("save: " + path + ": metadata keys and values must be non-null");
                meta.put(k, v);
            });
            header.put(METADATA, meta);
        }
        List<Tensor> data = new ArrayList<>(tensors.size());
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String key = e.getKey();
            Tensor t = e.getValue();
            if (key == null || METADATA.equals(key)) {
                throw new TensorError("save: " + path + ": the key " + (key == null ? "null" : "\"" + key + "\"")
                    + " cannot name a tensor");
            }
            if (t == null) throw new TensorError("save: " + path + ": tensor \"" + key + "\" is null");
            long bytes = t.numel() * t.dtype().itemSize();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", code(t.dtype()));
            List<Object> shape = new ArrayList<>();
            for (long s : t.shape()) shape.add(s);
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, offset + bytes));
            header.put(key, info);
            data.add(t.contiguous());
            offset += bytes;
        }
        StringBuilder json = new StringBuilder();
        Json.write(json, header);
        byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 7) / 8 * 8; // the data section starts 8-byte aligned, as the reference writer does
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(utf8);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();
        AtomicFile.write(path, ch -> {
            writeFully(ch, head);
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : data) writeTensor(ch, t, buf);
        });
    }

    /** Loads every tensor of {@code path}, in the order of their data. */
    public static Map<String, Tensor> load(Path path) { return read(path).tensors(); }

    /** The {@code __metadata__} strings of {@code path} (empty when absent); reads only the header. */
    public static Map<String, String> metadata(Path path) {
        try (FileChannel ch = open(path)) {
            return parse(path, ch).metadata();
        } catch (IOException e) {
            throw new UncheckedIOException("load: cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Loads the tensors and the metadata of {@code path}. */
    public static Contents read(Path path) {
        try (FileChannel ch = open(path)) {
            Header h = parse(path, ch);
            Map<String, Tensor> out = new LinkedHashMap<>();
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : h.entries()) out.put(e.key(), readTensor(path, ch, h.dataStart(), e, buf));
            return new Contents(out, h.metadata());
        } catch (IOException e) {
            throw new UncheckedIOException("load: cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static FileChannel open(Path path) throws IOException {
        try {
            return FileChannel.open(path);
        } catch (NoSuchFileException e) {
            throw new TensorError("load: " + path + ": no such file");
        }
    }

    // ---------------------------------------------------------------- header

    record Entry(String key, DType dtype, long[] shape, long begin, long end) {
        String describe() { return "\"" + key + "\" (" + code(dtype) + " " + Arrays.toString(shape) + ")"; }
    }

    record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {}

    private static Header parse(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) throw bad(path, "the file is " + size + " bytes long, shorter than the 8-byte header length");
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long n = lenBuf.getLong(0);
        if (n < 2 || n > MAX_HEADER) {
            throw bad(path, "header length " + Long.toUnsignedString(n) + " is not in [2, " + MAX_HEADER
                + "]; this is not a safetensors file");
        }
        if (8 + n > size) {
            throw bad(path, "header length " + n + " runs past the end of the " + size + "-byte file (truncated?)");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(ch, hb, 8);
        hb.flip();
        String text;
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb);
            text = cb.toString();
        } catch (CharacterCodingException e) {
            throw bad(path, "the header is not valid UTF-8");
        }
        if (!text.startsWith("{")) throw bad(path, "the header does not start with '{'; this is not a safetensors file");
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.ParseError e) {
            throw bad(path, "malformed JSON header: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) throw bad(path, "the header is not a JSON object");
        long dataLen = size - 8 - n;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> kv : map.entrySet()) {
            String key = (String) kv.getKey();
            if (METADATA.equals(key)) {
                if (!(kv.getValue() instanceof Map<?, ?> meta)) throw bad(path, METADATA + " must be an object of strings");
                for (Map.Entry<?, ?> m : meta.entrySet()) {
                    if (!(m.getValue() instanceof String v)) {
                        throw bad(path, METADATA + " value of \"" + m.getKey() + "\" must be a string, got " + m.getValue());
                    }
                    metadata.put((String) m.getKey(), v);
                }
                continue;
            }
            entries.add(entry(path, key, kv.getValue()));
        }
        checkLayout(path, entries, dataLen);
        return new Header(entries, metadata, 8 + n);
    }

    private static Entry entry(Path path, String key, Object value) {
        if (!(value instanceof Map<?, ?> info)) throw bad(path, "tensor \"" + key + "\": expected an object, got " + value);
        if (!(info.get("dtype") instanceof String code)) throw bad(path, "tensor \"" + key + "\": missing \"dtype\" string");
        DType dtype = dtype(path, key, code);
        if (!(info.get("shape") instanceof List<?> dims)) throw bad(path, "tensor \"" + key + "\": missing \"shape\" array");
        long[] shape = new long[dims.size()];
        long numel = 1;
        for (int d = 0; d < shape.length; d++) {
            if (!(dims.get(d) instanceof Long s) || s < 0) {
                throw bad(path, "tensor \"" + key + "\": shape " + dims + " must hold non-negative integers");
            }
            shape[d] = s;
            try {
                numel = Math.multiplyExact(numel, s);
            } catch (ArithmeticException e) {
                throw bad(path, "tensor \"" + key + "\": shape " + dims + " overflows");
            }
        }
        if (!(info.get("data_offsets") instanceof List<?> offs) || offs.size() != 2
                || !(offs.get(0) instanceof Long begin) || !(offs.get(1) instanceof Long end) || begin < 0 || end < begin) {
            throw bad(path, "tensor \"" + key + "\": data_offsets " + info.get("data_offsets")
                + " must be [begin, end] with 0 <= begin <= end");
        }
        Entry e = new Entry(key, dtype, shape, begin, end);
        long need;
        try {
            need = Math.multiplyExact(numel, dtype.itemSize());
        } catch (ArithmeticException ex) {
            throw bad(path, "tensor " + e.describe() + " is too large");
        }
        if (need != end - begin) {
            throw bad(path, "tensor " + e.describe() + " needs " + need + " bytes but data_offsets [" + begin + ", " + end
                + "] span " + (end - begin));
        }
        if (numel > Integer.MAX_VALUE - 16) throw bad(path, "tensor " + e.describe() + " exceeds the 2^31-element limit of one tensor");
        return e;
    }

    /** Tensors must tile the data section exactly: in range, no overlap, no hole, nothing after the last. */
    private static void checkLayout(Path path, List<Entry> entries, long dataLen) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry prev = null;
        for (Entry e : byOffset) {
            if (e.end() > dataLen) {
                throw bad(path, "tensor " + e.describe() + " needs bytes [" + e.begin() + ", " + e.end()
                    + ") of the data section, which holds only " + dataLen + " bytes (truncated file?)");
            }
            if (e.begin() < at) {
                throw bad(path, "tensors " + prev.describe() + " and " + e.describe() + " overlap: data_offsets ["
                    + prev.begin() + ", " + prev.end() + ") and [" + e.begin() + ", " + e.end() + ")");
            }
            if (e.begin() > at) {
                throw bad(path, "bytes [" + at + ", " + e.begin() + ") of the data section belong to no tensor (before "
                    + e.describe() + ")");
            }
            at = e.end();
            prev = e;
        }
        if (at != dataLen) {
            throw bad(path, "the data section holds " + dataLen + " bytes but the tensors cover " + at
                + " (trailing data or a damaged header)");
        }
        entries.sort(Comparator.comparingLong(Entry::begin));
    }

    private static DType dtype(Path path, String key, String code) {
        return switch (code) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "I64" -> DType.INT64;
            case "I32" -> DType.INT32;
            case "BOOL" -> DType.BOOL;
            case "F16", "BF16", "F8_E4M3", "F8_E5M2", "I8", "U8", "I16", "U16", "U32", "U64" -> throw bad(path,
                "tensor \"" + key + "\" has dtype " + code + ", which Tensorshell does not support (supported: F32, F64, I64, I32, BOOL); "
                    + "convert it in Python first, e.g. t.float()");
            default -> throw bad(path, "tensor \"" + key + "\" has unknown dtype \"" + code + "\"");
        };
    }

    static String code(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case BOOL -> "BOOL";
        };
    }

    private static TensorError bad(Path path, String what) { return new TensorError("load: " + path + ": " + what); }

    // ---------------------------------------------------------------- data

    private static Tensor readTensor(Path path, FileChannel ch, long dataStart, Entry e, ByteBuffer buf) throws IOException {
        Tensor t = Torch.empty(e.shape(), e.dtype());
        Storage s = t.untypedStorage();
        int item = e.dtype().itemSize();
        long pos = dataStart + e.begin();
        int done = 0;
        int total = (int) t.numel();
        while (done < total) {
            int n = Math.min(total - done, CHUNK / item);
            buf.clear().limit(n * item);
            if (!readFully(ch, buf, pos)) {
                throw bad(path, "tensor " + e.describe() + ": the file ended while reading its data (truncated?)");
            }
            buf.flip();
            decode(buf, e.dtype(), s, done, n);
            pos += (long) n * item;
            done += n;
        }
        return t;
    }

    private static void decode(ByteBuffer buf, DType dtype, Storage s, int at, int n) {
        switch (dtype) {
            case FLOAT32 -> {
                float[] tile = new float[n];
                buf.asFloatBuffer().get(tile);
                s.writeFloat(at, 1, tile, 0, n);
            }
            case FLOAT64 -> {
                double[] tile = new double[n];
                buf.asDoubleBuffer().get(tile);
                s.writeDouble(at, 1, tile, 0, n);
            }
            case INT64 -> {
                long[] tile = new long[n];
                buf.asLongBuffer().get(tile);
                s.writeLong(at, 1, tile, 0, n);
            }
            case INT32 -> {
                long[] tile = new long[n];
                for (int k = 0; k < n; k++) tile[k] = buf.getInt(k * 4);
                s.writeLong(at, 1, tile, 0, n);
            }
            case BOOL -> {
                long[] tile = new long[n];
                for (int k = 0; k < n; k++) tile[k] = buf.get(k) != 0 ? 1 : 0;
                s.writeLong(at, 1, tile, 0, n);
            }
        }
    }

    private static void writeTensor(FileChannel ch, Tensor t, ByteBuffer buf) throws IOException {
        Storage s = t.untypedStorage();
        int base = (int) t.storageOffset();
        int item = t.dtype().itemSize();
        int total = (int) t.numel();
        for (int done = 0; done < total; ) {
            int n = Math.min(total - done, CHUNK / item);
            buf.clear();
            encode(buf, t.dtype(), s, base + done, n);
            buf.position(0).limit(n * item);
            writeFully(ch, buf);
            done += n;
        }
    }

    private static void encode(ByteBuffer buf, DType dtype, Storage s, int at, int n) {
        switch (dtype) {
            case FLOAT32 -> {
                float[] tile = new float[n];
                s.readFloat(at, 1, tile, 0, n);
                buf.asFloatBuffer().put(tile);
            }
            case FLOAT64 -> {
                double[] tile = new double[n];
                s.readDouble(at, 1, tile, 0, n);
                buf.asDoubleBuffer().put(tile);
            }
            case INT64 -> {
                long[] tile = new long[n];
                s.readLong(at, 1, tile, 0, n);
                buf.asLongBuffer().put(tile);
            }
            case INT32 -> {
                long[] tile = new long[n];
                s.readLong(at, 1, tile, 0, n);
                for (int k = 0; k < n; k++) buf.putInt(k * 4, (int) tile[k]);
            }
            case BOOL -> {
                long[] tile = new long[n];
                s.readLong(at, 1, tile, 0, n);
                for (int k = 0; k < n; k++) buf.put(k, (byte) (tile[k] != 0 ? 1 : 0));
            }
        }
    }

    /** Fills {@code buf} from {@code pos}; false when the file ends first. */
    private static boolean readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) return false;
            pos += r;
        }
        return true;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }
}
