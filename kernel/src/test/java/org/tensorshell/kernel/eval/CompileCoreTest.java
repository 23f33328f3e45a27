package org.tensorshell.kernel.eval;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@link CompileCore}: the JIT's compiler threads keep off the compiling thread's CPU, and every thread gets its CPUs back. */
class CompileCoreTest {

    @Test
    void compilerThreadsLeaveTheCompilingCpuAndGetEveryCpuBack() throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/thread-self/status")), "needs Linux's /proc");
        Assumptions.assumeTrue(Runtime.version().feature() >= 22, "the scheduler calls need JDK 22 or later");
        BitSet all = cpus(Path.of("/proc/thread-self/status"));
        Assumptions.assumeTrue(all.cardinality() >= 2, "needs two CPUs");
        Map<String, BitSet> before = compilerThreadCpus();
        assertFalse(before.isEmpty(), "HotSpot's compiler threads are listed in /proc/self/task");

        CompileCore.rescanSoon(); // a compiler thread HotSpot started since an earlier test's compilation
        try (CompileCore.Pinned pinned = CompileCore.enter()) {
            BitSet own = cpus(Path.of("/proc/thread-self/status"));
            assertEquals(1, own.cardinality(), "the compiling thread is pinned to one CPU: " + own);
            for (var e : compilerThreadCpus().entrySet()) {
                if (before.containsKey(e.getKey())) { // not one HotSpot started meanwhile
                    assertFalse(e.getValue().intersects(own), "compiler thread " + e.getKey() + " may still run on "
                            + own + ": " + e.getValue());
                    assertFalse(e.getValue().isEmpty());
                }
            }
        }
        assertEquals(all, cpus(Path.of("/proc/thread-self/status")), "the compiling thread has every CPU back");
        for (var e : compilerThreadCpus().entrySet()) {
            if (before.containsKey(e.getKey())) {
                assertEquals(before.get(e.getKey()), e.getValue(), "compiler thread " + e.getKey() + " has its CPUs back");
            }
        }
    }

    @Test
    void closingTwiceRestoresOnce() {
        CompileCore.Pinned pinned = CompileCore.enter();
        pinned.close();
        pinned.close();
        try (CompileCore.Pinned again = CompileCore.enter()) {
            assertNotNull(again);
        }
    }

    /** Compiler threads by thread id, with the CPUs each may run on. */
    private static Map<String, BitSet> compilerThreadCpus() throws IOException {
        Map<String, BitSet> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        out.put(t.getFileName().toString(), cpus(t.resolve("status")));
                    }
                } catch (IOException e) {
                    // ended while listed
                }
            }
        }
        return out;
    }

    /** The Cpus_allowed_list of a /proc status file ("0-1", "0,2-3"). */
    private static BitSet cpus(Path status) throws IOException {
        String list = Files.readAllLines(status).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                .findFirst().orElseThrow().substring("Cpus_allowed_list:".length()).strip();
        BitSet set = new BitSet();
        for (String part : list.split(",")) {
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            set.set(from, to + 1);
        }
        return set;
    }
}
