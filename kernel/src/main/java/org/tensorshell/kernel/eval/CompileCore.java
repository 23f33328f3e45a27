package org.tensorshell.kernel.eval;

import org.tensorshell.kernel.Log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the JIT's compiler threads off the CPU that a cell is being compiled on, for as long as that
 * javac task runs ({@link DirectCompiler}).
 *
 * <p>A trivial cell's time is mostly one javac task, and for a kernel's first hundred or so cells
 * javac runs as code the JIT is still compiling. The JIT's compiler threads (HotSpot's C1 and C2)
 * are busy all that while, and on a two-core machine they shared the compiling thread's core: a
 * trivial cell's task took 13-19 ms of wall time for 7-8 ms of CPU time. So for the length of the
 * task the compiling thread is pinned to the CPU it is on, and the compiler threads to the
 * process's other CPUs; when the task ends, all of them get the process's CPUs back. Cell code never
 * runs under this (it runs after the task), so a cell's own threads always share every CPU with
 * the JIT. Pinning, unlike a lower priority, can be undone without privileges.
 *
 * <p>Needs Linux and JDK 22 or later ({@code LinuxAffinity}, src/main/java22) and at least two
 * CPUs; elsewhere, or with {@code -Dtensorshell.compileCore=false}, it does nothing.
 */
final class CompileCore {
    private CompileCore() {
    }

    /** The scheduler's calls this needs; {@code tid} 0 is the calling thread. */
    interface Affinity {
        /** The CPU the calling thread runs on, or -1. */
        int currentCpu();

        /** The calling thread's CPU set ({@link #MASK_WORDS} words), or null. */
        long[] allowed();

        boolean set(int tid, long[] mask);
    }

    /** Words of a CPU set (1024 CPUs, as glibc's cpu_set_t). */
    static final int MASK_WORDS = 16;

    /** How long a list of the compiler threads is trusted (HotSpot starts and stops some as load changes). */
    private static final long RESCAN_NANOS = 2_000_000_000L;

    private static final Affinity OS = load();
    private static long[] allowed;
    private static int[] compilerThreads = {};
    private static long scannedAt = System.nanoTime() - RESCAN_NANOS - 1;
    private static boolean off = OS == null;

    /** Undoes {@link #enter}; closing it twice is harmless. */
    static final class Pinned implements AutoCloseable {
        private boolean open;

        private Pinned(boolean open) {
            this.open = open;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                release();
            }
        }
    }

    private static Affinity load() {
        if (!Boolean.parseBoolean(System.getProperty("tensorshell.compileCore", "true"))) {
            return null;
        }
        // null on JDK 21, or where the calls are missing
        return org.tensorshell.core.Java22.orNull(java.lang.invoke.MethodHandles.lookup(), "org.tensorshell.kernel.eval.LinuxAffinity", Affinity.class);
    }

    /** Pins the calling thread to its CPU and the JIT's compiler threads to the others, until the result is closed. */
    static synchronized Pinned enter() {
        if (off) {
            return new Pinned(false);
        }
        if (allowed == null) {
            allowed = OS.allowed();
            int cpus = 0;
            for (long w : allowed == null ? new long[0] : allowed) {
                cpus += Long.bitCount(w);
            }
            if (cpus < 2) {
                off = true;
                return new Pinned(false);
            }
        }
        int cpu = OS.currentCpu();
        if (cpu < 0 || cpu >= 64 * MASK_WORDS || (allowed[cpu >> 6] & (1L << cpu)) == 0) {
            return new Pinned(false);
        }
        if (System.nanoTime() - scannedAt > RESCAN_NANOS) {
            compilerThreads = compilerThreads();
            scannedAt = System.nanoTime();
        }
        long[] own = new long[MASK_WORDS];
        own[cpu >> 6] = 1L << cpu;
        long[] others = allowed.clone();
        others[cpu >> 6] &= ~(1L << cpu);
        if (!OS.set(0, own)) {
            off = true;
            Log.info("the JIT's compiler threads share the CPU a cell compiles on: sched_setaffinity refused");
            return new Pinned(false);
        }
        for (int tid : compilerThreads) {
            OS.set(tid, others); // a thread that has ended meanwhile refuses: nothing to do
        }
        return new Pinned(true);
    }

    /** Makes the next {@link #enter} list the compiler threads afresh (for tests: HotSpot may have started one since). */
    static synchronized void rescanSoon() {
        scannedAt = System.nanoTime() - RESCAN_NANOS - 1;
    }

    private static synchronized void release() {
        OS.set(0, allowed);
        for (int tid : compilerThreads) {
            OS.set(tid, allowed);
        }
    }

    /** Thread ids of HotSpot's JIT compiler threads ("C1 CompilerThread0", shortened to 15 characters by Linux). */
    private static int[] compilerThreads() {
        List<Integer> ids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        ids.add(Integer.parseInt(t.getFileName().toString()));
                    }
                } catch (IOException | NumberFormatException e) {
                    // the thread ended while listed
                }
            }
        } catch (IOException | RuntimeException e) {
            return new int[0];
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
