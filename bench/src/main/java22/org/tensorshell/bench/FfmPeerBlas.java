package org.tensorshell.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/** {@link PeerBlas} through the foreign function API. */
final class FfmPeerBlas implements PeerBlas {
    FfmPeerBlas() {}

    @Override
    public Runnable sgemm(String library, FloatBuffer a, FloatBuffer b, FloatBuffer c, int n, int threads) {
        SymbolLookup lib = SymbolLookup.libraryLookup(Path.of(library), Arena.global());
        Linker linker = Linker.nativeLinker();
        ValueLayout i = ValueLayout.JAVA_INT, f = ValueLayout.JAVA_FLOAT, p = ValueLayout.ADDRESS;
        MethodHandle gemm = linker.downcallHandle(lib.find("cblas_sgemm").orElseThrow(),
            FunctionDescriptor.ofVoid(i, i, i, i, i, i, f, p, i, p, i, f, p, i));
        MethodHandle setThreads = linker.downcallHandle(lib.find("openblas_set_num_threads").orElseThrow(),
            FunctionDescriptor.ofVoid(i));
        try {
            setThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        MemorySegment sa = MemorySegment.ofBuffer(a), sb = MemorySegment.ofBuffer(b), sc = MemorySegment.ofBuffer(c);
        return () -> {
            try {
                // CblasRowMajor = 101, CblasNoTrans = 111
                gemm.invokeExact(101, 111, 111, n, n, n, 1f, sa, n, sb, n, 0f, sc, n);
            } catch (Throwable t) {
                throw new IllegalStateException("cblas_sgemm of " + library + " failed", t);
            }
        };
    }
}
