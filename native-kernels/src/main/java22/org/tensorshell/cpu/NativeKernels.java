package org.tensorshell.cpu;

import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorshell.DType;
import org.tensorshell.core.BinaryOp;
import org.tensorshell.core.Storage;

/**
 * The kernels of libtskernels (built from src/main/c into this jar), called through the foreign function API.
 * JavaCPP's loader extracts the library from the jar into its cache, as it does OpenBLAS. The constructor fails
 * with a message saying why when the library is missing or does not load. Every call checks its bounds with
 * {@link MemorySegment#asSlice} before any native code runs.
 */
final class NativeKernels implements NativeCpuBackend.Kernels {
    private static final String LIBRARY = "linux-x86_64/libtskernels.so";

    private final MethodHandle add, sub, mul, div;
    /** Softmax on off-heap storages, and on heap ones (a critical call: the arrays cannot move during it). */
    private final MethodHandle softmax, softmaxHeap;
    /** Whether this processor has what the softmax kernel is compiled for (AVX2 and FMA). */
    private final boolean softmaxSupported;
    private final AtomicLong streamCalls = new AtomicLong(), softmaxCalls = new AtomicLong();

    NativeKernels() throws Throwable {
        String os = System.getProperty("os.name"), arch = System.getProperty("os.arch");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("native CPU kernels are built for x86-64 Linux only (this is " + os + " " + arch + ")");
        }
        File file = org.bytedeco.javacpp.Loader.cacheResource(NativeKernels.class, LIBRARY);
        if (file == null) {
            throw new IllegalStateException("libtskernels is not in this jar: no C compiler was found when it was built");
        }
        SymbolLookup lib = SymbolLookup.libraryLookup(file.toPath(), Arena.global());
        Linker linker = Linker.nativeLinker();
        FunctionDescriptor fd = FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
        add = linker.downcallHandle(lib.find("ts_stream_add_f32").orElseThrow(), fd);
        sub = linker.downcallHandle(lib.find("ts_stream_sub_f32").orElseThrow(), fd);
        mul = linker.downcallHandle(lib.find("ts_stream_mul_f32").orElseThrow(), fd);
        div = linker.downcallHandle(lib.find("ts_stream_div_f32").orElseThrow(), fd);
        MemorySegment softmaxAt = lib.find("ts_softmax_f32").orElseThrow();
        FunctionDescriptor softmaxFd = FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
        softmax = linker.downcallHandle(softmaxAt, softmaxFd);
        softmaxHeap = linker.downcallHandle(softmaxAt, softmaxFd, Linker.Option.critical(true));
        MethodHandle supported = linker.downcallHandle(lib.find("ts_softmax_supported").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT));
        softmaxSupported = (int) supported.invokeExact() != 0;
    }

    @Override
    public long streamCalls() {
        return streamCalls.get();
    }

    @Override
    public long softmaxCalls() {
        return softmaxCalls.get();
    }

    @Override
    public boolean binary(BinaryOp op, FloatBuffer out, long outOffset, FloatBuffer a, long aOffset, FloatBuffer b,
                          long bOffset, int n) {
        MethodHandle h = switch (op) {
            case ADD -> add;
            case SUB -> sub;
            case MUL -> mul;
            case DIV -> div;
            default -> null;
        };
        if (h == null || n <= 0 || !out.isDirect() || !a.isDirect() || !b.isDirect()) return false;
        MemorySegment o = slice(out, outOffset, n), x = slice(a, aOffset, n), y = slice(b, bOffset, n);
        if (o.asOverlappingSlice(x).isPresent() || o.asOverlappingSlice(y).isPresent()) return false;
        try {
            h.invokeExact(x, y, o, (long) n);
        } catch (Throwable t) {
            throw new IllegalStateException("stream: " + op.opName + " of " + n + " floats failed", t);
        }
        streamCalls.incrementAndGet();
        return true;
    }

    @Override
    public boolean softmax(Storage out, long outOffset, Storage in, long inOffset, int rows, int cols, boolean log) {
        if (!softmaxSupported || rows <= 0 || cols <= 0) return false;
        long n = (long) rows * cols;
        MemorySegment o = segment(out, outOffset, n), x = segment(in, inOffset, n);
        if (o == null || x == null || o.asOverlappingSlice(x).isPresent()) return false;
        try {
            // heap storages are small (under Storage.DIRECT_THRESHOLD_BYTES unless made from a user's array), and
            // the caller hands over at most a few hundred rows a call: a short pause for the collector at most
            MethodHandle h = o.isNative() && x.isNative() ? softmax : softmaxHeap;
            h.invokeExact(x, o, (long) rows, (long) cols, log ? 1 : 0);
        } catch (Throwable t) {
            throw new IllegalStateException("softmax: " + rows + " rows of " + cols + " floats failed", t);
        }
        softmaxCalls.incrementAndGet();
        return true;
    }

    /** The n floats from element {@code offset} of a float32 storage (bounds checked), or null for another dtype. */
    private static MemorySegment segment(Storage s, long offset, long n) {
        if (s.dtype() != DType.FLOAT32) return null;
        MemorySegment whole = s.directBuffer() instanceof FloatBuffer b ? MemorySegment.ofBuffer(b.duplicate().clear())
            : MemorySegment.ofArray((float[]) s.heapArray());
        return whole.asSlice(4 * offset, 4 * n);
    }

    /** The n floats from element {@code offset} of {@code buf}'s whole capacity (bounds checked). */
    private static MemorySegment slice(FloatBuffer buf, long offset, long n) {
        FloatBuffer whole = buf.position() == 0 && buf.limit() == buf.capacity() ? buf : buf.duplicate().clear();
        return MemorySegment.ofBuffer(whole).asSlice(4 * offset, 4 * n);
    }
}
