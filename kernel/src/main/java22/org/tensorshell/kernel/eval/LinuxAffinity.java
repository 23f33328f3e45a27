package org.tensorshell.kernel.eval;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@link CompileCore.Affinity} through libc's {@code sched_getcpu}, {@code sched_getaffinity} and
 * {@code sched_setaffinity} (the foreign function API, final in JDK 22). Loaded only on JDK 22 or
 * later, by {@link CompileCore}; the calls are restricted and run with the kernel's
 * {@code --enable-native-access}.
 */
final class LinuxAffinity implements CompileCore.Affinity {
    /** Bytes of a CPU set (glibc's cpu_set_t: 1024 CPUs). */
    private static final long SET_BYTES = CompileCore.MASK_WORDS * 8L;

    private final MethodHandle getcpu, getaffinity, setaffinity;

    @SuppressWarnings("restricted")
    LinuxAffinity() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        getcpu = linker.downcallHandle(libc.find("sched_getcpu").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
        FunctionDescriptor affinity = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
            ValueLayout.ADDRESS);
        getaffinity = linker.downcallHandle(libc.find("sched_getaffinity").orElseThrow(), affinity);
        setaffinity = linker.downcallHandle(libc.find("sched_setaffinity").orElseThrow(), affinity);
    }

    @Override
    public int currentCpu() {
        try {
            return (int) getcpu.invokeExact();
        } catch (Throwable t) {
            return -1;
        }
    }

    @Override
    public long[] allowed() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(SET_BYTES, 8);
            if ((int) getaffinity.invokeExact(0, SET_BYTES, set) != 0) return null;
            return set.toArray(ValueLayout.JAVA_LONG);
        } catch (Throwable t) {
            return null;
        }
    }

    @Override
    public boolean set(int tid, long[] mask) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(SET_BYTES, 8);
            MemorySegment.copy(mask, 0, set, ValueLayout.JAVA_LONG, 0, Math.min(mask.length, CompileCore.MASK_WORDS));
            return (int) setaffinity.invokeExact(tid, SET_BYTES, set) == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}
