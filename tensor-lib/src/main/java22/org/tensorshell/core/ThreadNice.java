package org.tensorshell.core;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Lowers the calling thread's scheduling priority (its nice value) through libc's {@code setpriority}:
 * on Linux the nice value belongs to each thread, and raising it needs no privilege. Loaded only on
 * JDK 22 or later (the foreign function API), by {@link Parallel}.
 */
final class ThreadNice implements java.util.function.IntPredicate {
    private static final int PRIO_PROCESS = 0;

    /**
     * Sets the calling thread's nice value to {@code nice}; false where libc refused or lacks the call. The
     * downcall is restricted: it runs with the kernel's {@code --enable-native-access} (elsewhere the JDK warns once).
     */
    @Override
    @SuppressWarnings("restricted")
    public boolean test(int nice) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle setpriority = linker.downcallHandle(linker.defaultLookup().find("setpriority").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            return (int) setpriority.invokeExact(PRIO_PROCESS, 0, nice) == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}
