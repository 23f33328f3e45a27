package org.tensorshell;

import static org.junit.jupiter.api.Assertions.*;
import static org.tensorshell.Torch.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Memory is returned when tensors become unreachable: long loops keep resident memory flat. */
class MemoryTest {

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    static long heapUsedKb() {
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    }

    static long heapCommittedKb() {
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1024;
    }

    @Test
    void tenMillionSmallOpsKeepResidentMemoryFlat() throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs /proc to read resident memory");
        Tensor a = randn(8), b = randn(8);
        Tensor acc = zeros(8);
        for (int i = 0; i < 2_000_000; i++) acc = a.add(b).mul(0.5);
        System.gc();
        long after2m = rssKb();
        long heap2m = heapUsedKb();
        for (int i = 0; i < 8_000_000; i++) acc = a.add(b).mul(0.5);
        System.gc();
        long after10m = rssKb();
        long heapGrowthMb = (heapUsedKb() - heap2m) / 1024;
        assertEquals(a.add(b).mul(0.5).toDoubleArray()[0], acc.toDoubleArray()[0]);
        long growthMb = (after10m - after2m) / 1024;
        // Run with a fixed, pre-touched heap (see the pom): resident growth is memory outside the heap.
        assertTrue(growthMb < 64, "resident memory outside the heap grew by " + growthMb + " MB between 2M and 10M ops");
        assertTrue(heapGrowthMb < 32, "live heap data grew by " + heapGrowthMb + " MB between 2M and 10M ops");
    }

    @Test
    void largeTemporariesAreFreedWithoutExplicitClose() throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs /proc to read resident memory");
        Tensor x = randn(1 << 22); // 16 MB off-heap
        // the first few hundred MB fill the reuse pool and the collector's window; after that, nothing may grow
        for (int i = 0; i < 150; i++) x.mul(2.0).add(1.0);
        System.gc();
        long before = rssKb();
        // 300 iterations x 2 x 16 MB = 9.6 GB of off-heap temporaries in total
        for (int i = 0; i < 300; i++) x.mul(2.0).add(1.0);
        System.gc();
        long growthMb = (rssKb() - before) / 1024;
        assertTrue(growthMb < 128, "resident memory outside the Java heap grew by " + growthMb + " MB over 9.6 GB of temporaries (from "
            + before / 1024 + " MB)");
    }
}
