package org.tensorshell.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** {@link Parallel#range}: every index once, failures and interrupts reported by the caller, safe under concurrent callers. */
class ParallelTest {
    private final int threadsBefore = Parallel.numThreads();

    @AfterEach
    void restoreThreads() {
        Parallel.setNumThreads(threadsBefore);
    }

    private static void coversEachIndexOnce(int total, int grain) {
        AtomicIntegerArray hits = new AtomicIntegerArray(total);
        Parallel.range(total, grain, (s, e) -> {
            for (int i = s; i < e; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < total; i++) assertEquals(1, hits.get(i), "index " + i + " of " + total);
    }

    @Test
    void everyIndexRunsExactlyOnceForAnyThreadCount() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            Parallel.setNumThreads(threads);
            for (int total : new int[] {0, 1, 7, 100, 1001, 40_000}) {
                for (int grain : new int[] {1, 3, 1000}) coversEachIndexOnce(total, grain);
            }
        }
    }

    @Test
    void chunksDependOnlyOnSizeAndThreadCount() {
        Parallel.setNumThreads(4);
        for (int round = 0; round < 50; round++) {
            java.util.Set<String> chunks = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Parallel.range(1003, 10, (s, e) -> chunks.add(s + ":" + e));
            assertEquals(java.util.Set.of("0:251", "251:502", "502:753", "753:1003"), chunks);
        }
    }

    @Test
    void backToBackOpsOfChangingChunkCountsNeverShareAChunk() {
        Parallel.setNumThreads(4);
        for (int round = 0; round < 3000; round++) coversEachIndexOnce(round % 3 == 0 ? 400 : 200, 100); // 4, then 2 chunks
    }

    @Test
    void aFailingChunkFailsTheCallWithItsOwnExceptionAndTheNextCallWorks() {
        Parallel.setNumThreads(2);
        for (int round = 0; round < 20; round++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.range(100, 1, (s, end) -> {
                if (s > 0) throw new IllegalStateException("chunk at " + s);
            }));
            assertEquals("chunk at 50", e.getMessage());
            assertThrows(StackOverflowError.class, () -> Parallel.range(100, 1, (s, end) -> {
                if (s > 0) throw new StackOverflowError();
            }));
            coversEachIndexOnce(1000, 1);
        }
    }

    @Test
    void nestedRangesRunOnTheirOwnThread() {
        Parallel.setNumThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(100 * 100);
        Parallel.range(100, 1, (s, e) -> {
            for (int i = s; i < e; i++) {
                int row = i;
                Parallel.range(100, 1, (s2, e2) -> {
                    for (int j = s2; j < e2; j++) hits.incrementAndGet(row * 100 + j);
                });
            }
        });
        for (int i = 0; i < hits.length(); i++) assertEquals(1, hits.get(i), "index " + i);
    }

    @Test
    void concurrentCallersEachGetTheirWholeRange() throws Exception {
        Parallel.setNumThreads(2);
        int callers = 4;
        Thread[] threads = new Thread[callers];
        AtomicReference<Throwable> failed = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < callers; t++) {
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                    for (int round = 0; round < 300; round++) coversEachIndexOnce(5000, 100);
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                }
            });
            threads[t].start();
        }
        start.countDown();
        for (Thread t : threads) t.join(60_000);
        assertNull(failed.get(), () -> "a caller failed: " + failed.get());
    }

    @Test
    void interruptingTheCallerStopsEveryChunkAndLeavesTheWorkersUsable() throws Exception {
        Parallel.setNumThreads(2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch running = new CountDownLatch(2);
        Thread caller = new Thread(() -> {
            try {
                Parallel.range(2, 1, (s, e) -> {
                    running.countDown();
                    while (true) Parallel.checkInterrupt(); // endless unless interrupted
                });
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        caller.start();
        assertTrue(running.await(10, java.util.concurrent.TimeUnit.SECONDS), "both chunks started");
        long t0 = System.nanoTime();
        caller.interrupt();
        caller.join(5_000);
        assertFalse(caller.isAlive(), "the interrupted call returned");
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "stopped within a second");
        assertInstanceOf(Parallel.CancellationError.class, thrown.get());
        coversEachIndexOnce(1000, 1); // the worker that ran the second chunk is free again
    }
}
